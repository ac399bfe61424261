package fileserver.bench;

import fileserver.protocol.HttpResponse;
import fileserver.protocol.ResponseParser;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;

/**
 * Collects one response head from a non-blocking connection's reads, in any split, up to
 * the blank line that ends it, and hands those bytes to the product's
 * {@link ResponseParser}; whatever follows in the same read is the body's start. A
 * selector thread cannot block in {@code ResponseParser.read} until a head is in, so only
 * this collecting is the generator's own. Bounded, so a server that never ends its head
 * cannot make the generator grow.
 */
final class HeadCollector {
    static final int MAX_HEAD_BYTES = 16 * 1024;

    private byte[] bytes = new byte[1024];
    private int length;
    private HttpResponse head;

    /**
     * Takes {@code data[0..count)}; returns how many of them belonged to the head: all of
     * them until the head is complete ({@link #head()} is then no longer null).
     */
    int take(byte[] data, int count) throws Failure {
        int start = length;
        if (start + count > bytes.length) {
            int grown = Math.max(bytes.length * 2, start + count);
            bytes = Arrays.copyOf(bytes, Math.min(MAX_HEAD_BYTES + 1, grown));
        }
        int copy = Math.min(count, bytes.length - start);
        System.arraycopy(data, 0, bytes, start, copy);
        length += copy;
        // The blank line's last LF is a new byte; endsLine looks back over the old ones.
        for (int i = Math.max(1, start); i < length; i++) {
            if (bytes[i] == '\n' && endsLine(i - 1)) {
                head = parse(i + 1);
                bytes = null;
                return i + 1 - start;
            }
        }
        if (length > MAX_HEAD_BYTES) {
            throw new Failure(FailureKind.OTHER, "response head over " + MAX_HEAD_BYTES + " bytes");
        }
        return count;
    }

    /** The parsed head, or null while it is incomplete. */
    HttpResponse head() {
        return head;
    }

    /** True if the byte at {@code i} ends a line: LF, or the LF of a CRLF (the parser takes either). */
    private boolean endsLine(int i) {
        return bytes[i] == '\n' || (i > 0 && bytes[i] == '\r' && bytes[i - 1] == '\n');
    }

    private HttpResponse parse(int end) throws Failure {
        try {
            return ResponseParser.read(new ByteArrayInputStream(bytes, 0, end), MAX_HEAD_BYTES);
        } catch (IOException e) {
            throw new Failure(FailureKind.OTHER, "bad response head: " + e.getMessage());
        }
    }
}
