package fileserver.server;

import fileserver.protocol.HostPort;
import java.io.IOException;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One accepted connection as the rest of the server sees it: who it is, how far its
 * transfer has got and when it last made progress. The worker serving it is the only
 * writer of the progress fields; the {@link IdleWatchdog} and shutdown read them and may
 * {@link #abort} the connection from another thread, saying why.
 */
final class Connection {
    private final Socket socket;
    private final String peer;
    private final long acceptedNanos = System.nanoTime();
    private volatile String clientId = "-";
    private volatile boolean sending;
    private volatile long bytesSent;
    // Read and written by the watchdog thread only: the byte count it last saw, and when
    // that count last changed. Keeping the clock out of the worker keeps it off the
    // per-chunk path.
    private long watchedBytes = -1;
    private long watchedSinceNanos;
    private volatile boolean finishedSending;
    private final AtomicReference<Cut> cut = new AtomicReference<>();

    /** Why a connection was closed from another thread, so the worker can log what happened. */
    enum Cut {
        /** The idle watchdog: no progress for longer than the idle timeout. */
        STALLED,
        /** The shutdown: still open when the grace period ran out. */
        SHUTDOWN
    }

    Connection(Socket socket) {
        this.socket = socket;
        this.peer = HostPort.of(socket.getInetAddress(), socket.getPort());
    }

    Socket socket() {
        return socket;
    }

    String peer() {
        return peer;
    }

    String clientId() {
        return clientId;
    }

    void identify(String id) {
        clientId = id;
    }

    /** Marks the start of the response; from now on the idle timeout applies. */
    void startSending() {
        sending = true;
    }

    /** Marks the whole response as handed to the socket; only the closing handshake is left. */
    void finishSending() {
        finishedSending = true;
    }

    boolean finishedSending() {
        return finishedSending;
    }

    /** Records that {@code count} more body bytes were handed to the socket. */
    void sent(int count) {
        // Only the worker writes this field, so the non-atomic increment is safe.
        bytesSent += count;
    }

    long bytesSent() {
        return bytesSent;
    }

    long elapsedMillis() {
        return (System.nanoTime() - acceptedNanos) / 1_000_000;
    }

    /**
     * For the watchdog, at each of its checks: true if the response has been under way
     * and no body byte has gone out for more than {@code limitNanos}. Never once the whole
     * response is with the socket: the wait for the client's close has a deadline of its
     * own ({@link ClosingHandshake}), and a cut there would be logged as a stall.
     */
    boolean stalledLongerThan(long limitNanos, long now) {
        if (!sending || finishedSending) {
            return false;
        }
        long sent = bytesSent;
        if (sent != watchedBytes) {
            watchedBytes = sent;
            watchedSinceNanos = now;
            return false;
        }
        return now - watchedSinceNanos > limitNanos;
    }

    /**
     * Closes the socket from another thread, which makes the worker's blocked read or
     * write fail at once; {@link #cut} then tells the worker why. Used for stalled
     * transfers and at the end of a shutdown.
     *
     * @return true if this call cut the connection, false if it had been cut already
     */
    boolean abort(Cut reason) {
        boolean first = cut.compareAndSet(null, reason);
        close();
        return first;
    }

    /** Why the connection was cut from another thread, or null if it was not. */
    Cut cut() {
        return cut.get();
    }

    /** Closes the socket, for a connection that will not be served at all. */
    void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // Closing is all we wanted; there is nothing more to do about a failed close.
        }
    }
}
