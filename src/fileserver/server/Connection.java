package fileserver.server;

import java.io.IOException;
import java.net.Socket;

/**
 * One accepted connection as the rest of the server sees it: who it is, how far its
 * transfer has got and when it last made progress. The worker serving it is the only
 * writer of the progress fields; the {@link IdleWatchdog} and shutdown read them and may
 * {@link #abort} the connection from another thread.
 */
final class Connection {
    private final Socket socket;
    private final String peer;
    private final long acceptedNanos = System.nanoTime();
    private volatile String clientId = "-";
    private volatile boolean sending;
    private volatile long bytesSent;
    private volatile long lastProgressNanos = acceptedNanos;
    private volatile boolean aborted;

    Connection(Socket socket) {
        this.socket = socket;
        this.peer = socket.getInetAddress().getHostAddress() + ":" + socket.getPort();
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
        lastProgressNanos = System.nanoTime();
        sending = true;
    }

    /** Records that {@code count} more body bytes were handed to the socket. */
    void sent(int count) {
        bytesSent += count;
        lastProgressNanos = System.nanoTime();
    }

    long bytesSent() {
        return bytesSent;
    }

    long elapsedMillis() {
        return (System.nanoTime() - acceptedNanos) / 1_000_000;
    }

    /** Nanoseconds since the last progress while sending; 0 while not sending. */
    long idleNanos(long now) {
        return sending ? now - lastProgressNanos : 0;
    }

    /**
     * Closes the socket from another thread, which makes the worker's blocked read or
     * write fail at once. Used for stalled transfers and at the end of a shutdown.
     */
    void abort() {
        aborted = true;
        try {
            socket.close();
        } catch (IOException e) {
            // Closing is all we wanted; there is nothing more to do about a failed close.
        }
    }

    boolean aborted() {
        return aborted;
    }
}
