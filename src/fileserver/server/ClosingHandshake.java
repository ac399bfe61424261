package fileserver.server;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * Ends a connection whose response has been written: shuts the output (FIN), then reads
 * and discards whatever the client still sends until it closes, and only then lets the
 * socket close. It returns normally only if the client closed (end of stream), which is
 * the one sign that it took the whole response; the log's transfer line depends on it.
 *
 * <p>Why wait: closing a socket that still has unread input makes the kernel send RST,
 * and an RST can overtake the tail of the response still on its way, so the client would
 * lose it. So there is no cap on what is read here (RFC 9112, section 9.6). Nor is the
 * socket closed while the client may still be reading: the last write returns once the
 * tail is in the kernel's send buffer, megabytes of it for a slow reader, and a socket
 * closed with data still to send is left to the kernel, which resets such orphans when
 * TCP runs short of memory, as thousands of transfers at once can make it. After the
 * file, the wait lasts as long as the client makes progress: the idle watchdog cuts it
 * once the client has acknowledged nothing for {@code --idle-timeout}.
 *
 * <p>What it cannot see: Java does not tell whether an RST followed a FIN. A client that
 * closes with part of the response unread is told apart only if its close sends RST, as
 * close(2) does with input unread (curl, any C client). Java's {@code Socket.close} shuts
 * the output first (FIN, unless SO_LINGER is 0), and once a FIN is read, later reads report
 * end of stream even if an RST came after it; so such a client looks like a clean close,
 * if the server had written its last byte by then. Likewise a client that half-closed
 * right after its request: its end of stream is read at once and says nothing about how
 * much it went on to read.
 */
final class ClosingHandshake {
    /**
     * How long a reply that is not the file (an error, a HEAD) waits for its client to
     * close. Such a reply is small and with the kernel at once; a connection that sent
     * nothing and got 408 would otherwise hold its worker for the whole idle timeout.
     */
    static final Duration AFTER_SHORT_REPLY = Duration.ofSeconds(2);

    private ClosingHandshake() {
    }

    /**
     * After the file: shuts the output, then reads {@code in} until the client closes, with
     * no deadline of its own (the watchdog's, on progress, applies).
     *
     * @param timedInput the stream under {@code in}
     * @throws IOException if the client reset the connection (it closed with bytes unread,
     *                     so it did not take the whole response), or the watchdog cut it
     */
    static void finishAfterFile(Socket socket, DeadlineInputStream timedInput, InputStream in) throws IOException {
        socket.shutdownOutput();
        timedInput.clearDeadline();
        Drain.untilClosed(in);
    }

    /**
     * After any other reply: shuts the output, then reads {@code in} until the client
     * closes, for at most {@link #AFTER_SHORT_REPLY}.
     *
     * @param timedInput the stream under {@code in}, whose deadline bounds each read
     * @throws SocketTimeoutException if the client neither closed nor stopped sending in time
     * @throws IOException            if the client reset the connection
     */
    static void finishAfterShortReply(Socket socket, DeadlineInputStream timedInput, InputStream in)
            throws IOException {
        socket.shutdownOutput();
        long deadline = System.nanoTime() + AFTER_SHORT_REPLY.toNanos();
        timedInput.setDeadline(deadline);
        try {
            if (Drain.untilClosed(in, deadline)) {
                return;
            }
        } catch (SocketTimeoutException e) {
            // Rethrown below with what it means here.
        }
        throw new SocketTimeoutException("did not close within " + LogText.seconds(AFTER_SHORT_REPLY));
    }
}
