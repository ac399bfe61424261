package fileserver.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fileserver.testing.Peer;
import fileserver.testing.Poll;
import fileserver.testing.RunningServer;
import fileserver.testing.TestFiles;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What FileServer.close() does to connections still open when its grace period runs out:
 * each is cut and logged as cut by the shutdown, never as stalled, and counted.
 */
class ShutdownTest {
    // More than loopback buffers hold (the send buffer grows to 4 MiB), so a client that
    // stops reading certainly leaves the server writing.
    private static final int BIG = 16 * 1024 * 1024;
    private static final Duration GRACE = Duration.ofMillis(300);

    @TempDir
    Path dir;

    @Test
    void aTransferStillRunningWhenTheGraceRunsOutIsLoggedAsCutByTheShutdown() throws IOException {
        Path file = TestFiles.write(dir, "big.bin", new byte[BIG]);
        try (RunningServer server = RunningServer.serving(file, b -> b.shutdownGrace(GRACE));
             Socket client = stalledDownload(server.port(), "stuck")) {
            server.server().close();

            String peer = "127.0.0.1:" + client.getLocalPort() + " id=stuck ";
            String line = server.awaitLogLine(l -> l.contains(peer), Duration.ofSeconds(5));
            assertTrue(line.matches(".* cut by shutdown after \\d+ of " + BIG + " bytes$"), line);
            assertFalse(String.join("\n", server.logLines()).contains("stalled"), server.logLines()::toString);
            assertEquals(1, server.server().cutByShutdown());
        }
    }

    @Test
    void aRequestStillIncompleteWhenTheGraceRunsOutIsLoggedAsCutByTheShutdown() throws IOException {
        Path file = TestFiles.write(dir, "bio.txt", new byte[100]);
        try (RunningServer server = RunningServer.serving(file, b -> b.shutdownGrace(GRACE));
             Socket client = connect(server.port(), 0)) {
            client.getOutputStream().write("GET /bio.txt HTTP/1.1\r\n".getBytes(StandardCharsets.ISO_8859_1));
            // The request is incomplete: a worker waits for the rest (the request timeout is 10 s).
            Poll.until(() -> server.server().busyWorkers() == 1, Duration.ofSeconds(5), () -> "no worker busy");

            server.server().close();

            String line = server.awaitLogLine(l -> l.contains("127.0.0.1:" + client.getLocalPort() + " "),
                    Duration.ofSeconds(5));
            assertTrue(line.endsWith(" cut by shutdown before a complete request"), line);
            assertEquals(1, server.server().cutByShutdown());
        }
    }

    @Test
    void aShutdownWithNothingInFlightCutsNothing() throws IOException {
        Path file = TestFiles.write(dir, "bio.txt", new byte[1000]);
        try (RunningServer server = RunningServer.serving(file, b -> b.shutdownGrace(GRACE))) {
            assertEquals(200, Peer.get(server.port(), "/bio.txt").status());

            server.server().close();

            assertEquals(0, server.server().cutByShutdown());
            assertFalse(String.join("\n", server.logLines()).contains("cut by shutdown"),
                    server.logLines()::toString);
        }
    }

    /** A client that asks for the file, reads its first bytes, and then reads no more. */
    private static Socket stalledDownload(int port, String id) throws IOException {
        Socket client = connect(port, 8 * 1024);
        client.getOutputStream().write(("GET /big.bin HTTP/1.1\r\nHost: a\r\nX-Client-Id: " + id + "\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        assertEquals(1000, client.getInputStream().readNBytes(1000).length); // the transfer is under way
        return client;
    }

    private static Socket connect(int port, int receiveBuffer) throws IOException {
        Socket socket = new Socket();
        if (receiveBuffer > 0) {
            socket.setReceiveBufferSize(receiveBuffer); // before connect: it sets the window scale
        }
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 10_000);
        socket.setSoTimeout(10_000);
        return socket;
    }
}
