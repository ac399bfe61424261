package fileserver.server;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;

/**
 * A socket's input stream whose reads all share one deadline. A per-read timeout alone
 * lets a client trickle one byte just inside each timeout and hold a worker forever
 * (slowloris); setting the socket timeout to the time left before each read bounds the
 * whole request.
 */
final class DeadlineInputStream extends FilterInputStream {
    private final Socket socket;
    private long deadlineNanos;
    private boolean bounded = true;

    DeadlineInputStream(Socket socket, InputStream in, long deadlineNanos) {
        super(in);
        this.socket = socket;
        this.deadlineNanos = deadlineNanos;
    }

    void setDeadline(long nanos) {
        deadlineNanos = nanos;
        bounded = true;
    }

    /** From now on, reads wait as long as it takes (something else must bound them). */
    void clearDeadline() {
        bounded = false;
    }

    @Override
    public int read() throws IOException {
        armTimeout();
        return super.read();
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        armTimeout();
        // Straight to the socket's stream: a virtual thread parked in this read keeps
        // every frame above it on the heap, so each frame less is memory per connection.
        return in.read(buffer, offset, length);
    }

    private void armTimeout() throws IOException {
        if (!bounded) {
            socket.setSoTimeout(0);
            return;
        }
        long leftMillis = (deadlineNanos - System.nanoTime()) / 1_000_000;
        if (leftMillis > 0) {
            socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, leftMillis));
            return;
        }
        // Past the deadline, bytes that have already arrived are still taken: under heavy
        // load a worker may first run long after its client sent the request, and that
        // client is not slow. Waiting for more is what the deadline forbids.
        if (super.available() == 0) {
            throw new SocketTimeoutException("deadline passed");
        }
        socket.setSoTimeout(1);
    }
}
