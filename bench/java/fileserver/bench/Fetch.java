package fileserver.bench;

import fileserver.protocol.HttpResponse;
import java.io.IOException;
import java.net.ProtocolException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * One download of the file, over one connection or, after 503s, several in turn (named
 * apart from the product's client.Download, which does its own I/O). It says what the
 * bytes that arrive mean: a head (gathered by {@link HeadCollector}, parsed by the
 * product), then the file's body, checked as it comes; or a 503 to read to its end and
 * retry. It also holds the state the {@link Worker} that owns it keeps for it. No I/O
 * here: the worker reads and hands the bytes over.
 */
final class Fetch {
    /** What the download needs after some bytes, or the end of the stream. */
    enum Step {
        /** More bytes: the response is not complete. */
        READ_MORE,
        /** The whole file arrived and passed its check. */
        VERIFIED,
        /** The server said 503 and closed (or its 503 is all read): ask again later. */
        RETRY
    }

    /** A 503's body is read to its end so that our close is a FIN, not a reset; but not a long one. */
    private static final long MAX_OVERLOADED_BODY_BYTES = 64 * 1024;

    private final long expectedLength;
    private final RetryPolicy retryPolicy;
    /** Only a 200 feeds it, and a retry follows only a 503, so one check serves every attempt. */
    private final BodyCheck body;
    private HeadCollector head;
    /** The 503 this attempt got, whose body is being skipped before the retry; else null. */
    private HttpResponse overloaded;
    /** The Content-Length of that 503, or -1 if it named none. */
    private long overloadedLength;
    private long overloadedBodyBytes;

    // Kept by the worker.
    SocketChannel channel;
    /** The current attempt's connection is open (else it is still connecting). */
    boolean connected;
    /** Counted by the {@link Barrier}, which counts each download once, retries or not. */
    boolean settled;
    /** What is left of the request to write, or null before it was begun. */
    ByteBuffer pendingRequest;
    /** When the first request went out (System.nanoTime): a retried download's time includes its waits. */
    long requestedNanos;
    int retries;
    /** When the next attempt is due (System.nanoTime), while it waits for it. */
    long retryAtNanos;

    Fetch(Expected expected, Verify verify, RetryPolicy retryPolicy) {
        this.expectedLength = expected.length();
        this.retryPolicy = retryPolicy;
        this.body = new BodyCheck(expected, verify);
    }

    /** Starts an attempt on {@code newChannel}: nothing of the last attempt's response is kept. */
    void attempt(SocketChannel newChannel) {
        channel = newChannel;
        head = new HeadCollector();
        connected = false;
        pendingRequest = null;
        overloaded = null;
        overloadedBodyBytes = 0;
    }

    /** Body bytes of the file taken so far. */
    long received() {
        return body.received();
    }

    /** This attempt got a 503 that will be retried: whatever happens to it now, the answer stands. */
    boolean overloaded() {
        return overloaded != null;
    }

    /** The Retry-After of this attempt's 503 (-1 if it named none). */
    long retryAfterSeconds() {
        return overloaded.retryAfterSeconds().orElse(-1);
    }

    /** Takes {@code data[0..count)}, just read. */
    Step take(byte[] data, int count) throws Failure {
        int offset = 0;
        if (head.head() == null) {
            offset = head.take(data, count);
            if (head.head() == null) {
                return Step.READ_MORE;
            }
            accept(head.head());
        }
        int length = count - offset;
        if (overloaded != null) {
            overloadedBodyBytes += length;
            boolean allRead = overloadedLength >= 0 && overloadedBodyBytes >= overloadedLength;
            return allRead || overloadedBodyBytes > MAX_OVERLOADED_BODY_BYTES ? Step.RETRY : Step.READ_MORE;
        }
        body.update(data, offset, length);
        if (!body.complete()) {
            return Step.READ_MORE;
        }
        body.finish();
        return Step.VERIFIED;
    }

    /** The server closed its side. */
    Step endOfStream() throws Failure {
        if (overloaded != null) {
            return Step.RETRY;
        }
        if (head.head() == null) {
            throw new Failure(FailureKind.UNANSWERED, "closed before a complete response head");
        }
        throw new Failure(FailureKind.BAD_BODY, "closed early");
    }

    /** Takes a 503 to retry, or fails a response that is not the file: another status, or another length. */
    private void accept(HttpResponse response) throws Failure {
        long length = contentLength(response);
        if (response.code() == 503 && retryPolicy.allows(retries)) {
            overloaded = response;
            overloadedLength = length;
            return;
        }
        if (response.code() != 200) {
            throw new Failure(FailureKind.BAD_STATUS,
                    "status " + response.code() + (retries > 0 ? " after " + retries + (retries == 1 ? " retry" : " retries") : ""));
        }
        if (length != expectedLength) {
            throw new Failure(FailureKind.BAD_BODY, length < 0 ? "no Content-Length" : "wrong Content-Length");
        }
    }

    /** The response's Content-Length, or -1 if it has none. */
    private static long contentLength(HttpResponse response) throws Failure {
        try {
            return response.contentLength().orElse(-1);
        } catch (ProtocolException e) {
            throw new Failure(FailureKind.OTHER, "bad Content-Length");
        }
    }

    /** What an I/O error means in this state. */
    Failure failure(IOException e) {
        return Failure.of(e, connected, head.head() != null);
    }

    /** What the deadline means in this state. */
    Failure timeout() {
        if (!connected) {
            return new Failure(FailureKind.NEVER_ACCEPTED, "timeout connecting");
        }
        if (head.head() == null) {
            return new Failure(FailureKind.UNANSWERED, "timeout before a response head");
        }
        if (overloaded != null) {
            return new Failure(FailureKind.BAD_STATUS, "503, timeout before the retry");
        }
        return new Failure(FailureKind.BAD_BODY, "timeout in the body");
    }
}
