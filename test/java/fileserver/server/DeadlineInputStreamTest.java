package fileserver.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fileserver.testing.Poll;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DeadlineInputStreamTest {

    @Test
    void pastTheDeadlineTakesWhatHasArrivedButWaitsForNothingMore() throws IOException {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Socket client = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
             Socket server = listener.accept()) {
            client.getOutputStream().write("ab".getBytes(StandardCharsets.US_ASCII));
            InputStream raw = server.getInputStream();
            Poll.until(() -> available(raw) == 2, Duration.ofSeconds(5), () -> "bytes did not arrive");
            DeadlineInputStream in = new DeadlineInputStream(server, raw, System.nanoTime() - 1);

            assertEquals('a', in.read());
            assertEquals('b', in.read());
            assertThrows(SocketTimeoutException.class, in::read);
        }
    }

    @Test
    void beforeTheDeadlineWaitsOnlyUntilIt() throws IOException {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Socket client = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
             Socket server = listener.accept()) {
            long start = System.nanoTime();
            DeadlineInputStream in = new DeadlineInputStream(server, server.getInputStream(),
                    start + Duration.ofMillis(300).toNanos());

            assertThrows(SocketTimeoutException.class, in::read, "nothing sent by " + client.getLocalPort());
            long waitedMillis = (System.nanoTime() - start) / 1_000_000;
            // Lower bound exact (it must wait for the deadline); upper bound generous (a loaded machine).
            assertTrue(waitedMillis >= 290, "gave up after " + waitedMillis + " ms, before the deadline");
            assertTrue(waitedMillis < 10_000, "waited " + waitedMillis + " ms, long past the deadline");
        }
    }

    private static int available(InputStream in) {
        try {
            return in.available();
        } catch (IOException e) {
            return -1;
        }
    }
}
