package fileserver.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fileserver.snapshot.SnapshotSource;
import fileserver.testing.Peer;
import fileserver.testing.Poll;
import fileserver.testing.RunningServer;
import fileserver.testing.TestFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A FileServer's life: no thread before start(), none after a start() that failed, one
 * start() only, a close() that stops accepting and can be repeated, and what close() does
 * to connections still open when its grace period runs out: each is cut, logged as cut by
 * the shutdown (never as stalled), and counted.
 */
class FileServerLifecycleTest {
    // More than loopback buffers hold (the send buffer grows to 4 MiB), so a client that
    // stops reading certainly leaves the server writing.
    private static final int BIG = 16 * 1024 * 1024;
    private static final Duration GRACE = Duration.ofMillis(300);

    @TempDir
    Path dir;

    @Test
    void constructingAServerStartsNoThread() throws IOException {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        FileServer server = newServer(0);

        assertEquals(List.of(), newServerThreads(before));
        server.close();
    }

    @Test
    void aStartThatCannotBindThrowsAndLeavesNoThreadRunning() throws IOException {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            Set<Thread> before = Thread.getAllStackTraces().keySet();
            FileServer server = newServer(taken.getLocalPort());

            assertThrows(IOException.class, server::start);

            // Not closed first: a failed start() alone must leave nothing behind.
            assertEquals(List.of(), newServerThreads(before));
            server.close();
        }
    }

    @Test
    void startTwiceFails() throws IOException {
        try (RunningServer server = RunningServer.serving(TestFiles.write(dir, "bio.txt", new byte[1]))) {
            assertThrows(IllegalStateException.class, () -> server.server().start());
        }
    }

    @Test
    void closeStopsAcceptingAndCanBeRepeated() throws IOException {
        RunningServer server = RunningServer.serving(TestFiles.write(dir, "bio.txt", new byte[1]));
        int port = server.port();
        server.close();
        server.close();

        assertThrows(ConnectException.class, () -> new Socket(InetAddress.getLoopbackAddress(), port).close());
    }

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

    private FileServer newServer(int port) throws IOException {
        Path file = TestFiles.write(dir, "bio.txt", new byte[100]);
        ServerConfig config = ServerConfig.builder(file).bindAddress(InetAddress.getLoopbackAddress()).port(port)
                .threadKind(ThreadKind.PLATFORM).build();
        return new FileServer(config, new SnapshotSource(file),
                new TransferLog(new PrintStream(OutputStream.nullOutputStream())));
    }

    /** The names of the live server threads that were not in {@code before}. */
    private static List<String> newServerThreads(Set<Thread> before) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> !before.contains(thread) && thread.isAlive())
                .map(Thread::getName)
                .filter(name -> name.equals("idle-watchdog") || name.startsWith("overload-")
                        || name.startsWith("accept-") || name.startsWith("worker-"))
                .sorted()
                .toList();
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
