package fileserver.server;

import java.io.IOException;
import java.io.InputStream;

/**
 * Reads and discards what a client still sends once its response is written, so that
 * closing the socket sends FIN, not RST: closing a socket with unread input makes the
 * kernel send RST, and an RST can overtake the response's tail on its way to the client,
 * which then loses it. The request had all the server needs, so what is read here is
 * thrown away.
 */
final class Drain {
    /** The most {@link #ready} reads: a client that keeps sending cannot keep a thread reading. */
    static final int MAX_READY_BYTES = 64 * 1024;
    /**
     * What {@link #untilClosed} reads into. Small, because it lives as long as the wait for
     * the client's close, once for every connection open at the time, and a client sends
     * nothing then as a rule; the stream given is buffered, so the reads from the socket
     * are as large as its buffer whatever this is.
     */
    private static final int WAIT_SINK_BYTES = 256;
    private static final int READY_SINK_BYTES = 8192;

    private Drain() {
    }

    /**
     * Reads until the client closes (end of stream), however long that takes; what bounds
     * it is the stream's own time-out, or another thread closing the socket.
     *
     * @param in a buffered stream (see {@link #WAIT_SINK_BYTES})
     */
    static void untilClosed(InputStream in) throws IOException {
        byte[] sink = new byte[WAIT_SINK_BYTES];
        // The three-argument read: one frame less under a virtual thread parked here.
        while (in.read(sink, 0, sink.length) >= 0) {
            // Discarded.
        }
    }

    /**
     * Reads until the client closes, or until {@code deadlineNanos} ({@link System#nanoTime})
     * has passed, which is checked between reads as well: past it, a stream still hands out
     * bytes that have arrived, and a client that never stops sending would never end.
     *
     * @return true if the client closed, false if the deadline passed first
     */
    static boolean untilClosed(InputStream in, long deadlineNanos) throws IOException {
        byte[] sink = new byte[WAIT_SINK_BYTES];
        while (System.nanoTime() - deadlineNanos < 0) {
            if (in.read(sink, 0, sink.length) < 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * Reads, without blocking, what has arrived so far, at most {@link #MAX_READY_BYTES}: for
     * a thread that must not wait on any one client.
     */
    static void ready(InputStream in) throws IOException {
        byte[] sink = new byte[READY_SINK_BYTES];
        // available() bytes can be read without blocking.
        for (int total = 0, ready; total < MAX_READY_BYTES && (ready = in.available()) > 0; ) {
            total += in.read(sink, 0, Math.min(ready, sink.length));
        }
    }
}
