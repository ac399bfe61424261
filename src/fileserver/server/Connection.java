package fileserver.server;

import fileserver.protocol.HostPort;
import java.io.IOException;
import java.net.Socket;
import java.util.List;
import java.util.Map;
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
    private volatile boolean statusRequest;
    private volatile boolean sending;
    private volatile long bodyLength = -1;
    private volatile long bytesSent;
    // Read and written by the watchdog thread only: the byte count and the kernel's count
    // of unacknowledged bytes (-1: unknown) it last saw, when either last changed, and the
    // keys of this connection in the kernel's tables. Keeping the clock out of the worker
    // keeps it off the per-chunk path.
    private long watchedBytes = -1;
    private long watchedUnacked = -1;
    private long lastProgressNanos;
    private List<String> unackedKeys;
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

    /** Marks this connection as a request for the server's status, which is not a transfer. */
    void markStatusRequest() {
        statusRequest = true;
    }

    boolean isStatusRequest() {
        return statusRequest;
    }

    /**
     * Marks the start of a response whose body is {@code bodyLength} bytes (0 for HEAD);
     * from now on the idle timeout applies.
     */
    void startSending(long bodyLength) {
        this.bodyLength = bodyLength;
        sending = true;
    }

    /** The body bytes the response will send, or -1 while none has been decided. */
    long bodyLength() {
        return bodyLength;
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

    /** When it was accepted, on {@link System#nanoTime}'s clock. */
    long acceptedNanos() {
        return acceptedNanos;
    }

    long elapsedNanos() {
        return System.nanoTime() - acceptedNanos;
    }

    /**
     * For the watchdog, at each of its checks: for how long the response, under way, has
     * made no progress that returned writes show (0 when no response is under way). The
     * wait for the client's close counts too: a client that neither takes the tail of the
     * file nor closes is as stuck as one that stopped reading in the middle.
     */
    long quietNanos(long now) {
        if (!sending) {
            return 0;
        }
        long sent = bytesSent;
        if (sent != watchedBytes) {
            watchedBytes = sent;
            watchedUnacked = -1; // a write changes the kernel's count too
            lastProgressNanos = now;
        }
        return now - lastProgressNanos;
    }

    /**
     * For the watchdog: what the kernel's tables say of this connection now. A change in
     * its unacknowledged bytes since the last look is progress: the client acknowledged
     * what it read, though no write has returned ({@link UnackedBytes} says why).
     */
    void observe(Map<String, Long> unacked, long now) {
        if (unackedKeys == null) {
            unackedKeys = UnackedBytes.keys(socket.getInetAddress(), socket.getPort(), socket.getLocalPort());
        }
        long count = -1;
        for (String key : unackedKeys) {
            count = unacked.getOrDefault(key, count);
        }
        if (count >= 0 && watchedUnacked >= 0 && count != watchedUnacked) {
            lastProgressNanos = now;
        }
        watchedUnacked = count;
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
