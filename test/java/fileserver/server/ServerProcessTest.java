package fileserver.server;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fileserver.protocol.HttpResponse;
import fileserver.testing.JavaProcess;
import fileserver.testing.Peer;
import fileserver.testing.TestFiles;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server as a real process (java Server ...): what only a process shows, which is
 * how it stops on SIGTERM, its exit status and what it prints.
 */
@Timeout(60)
class ServerProcessTest {
    private static final Duration START = Duration.ofSeconds(20);
    /** The server's shutdown grace period (ServerConfig's default; there is no option for it). */
    private static final Duration GRACE = Duration.ofSeconds(5);
    private static final Pattern LISTENING = Pattern.compile(" listening on http://127\\.0\\.0\\.1:(\\d+)/");
    // More than loopback buffers hold for a client that does not read (the send buffer
    // grows to 4 MiB, an unread receive buffer stays near 128 KiB), so such a transfer is
    // certainly still in flight.
    private static final int BIG = 16 * 1024 * 1024;

    @TempDir
    Path dir;

    @Test
    void aMissingFileExits3WithOneLineOnStderr() throws Exception {
        try (JavaProcess server = JavaProcess.run(dir, "server", START, "Server", "--file", "missing.txt",
                "--port", "0")) {
            assertEquals(3, server.exitValue(), server::toString);
            assertEquals(List.of("server: cannot serve missing.txt: file not found"), server.err().lines().toList());
            assertEquals("", server.out());
        }
    }

    @Test
    void aPortInUseExits5WithOneLineOnStderr() throws Exception {
        TestFiles.write(dir, "bio.txt", new byte[10]);
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             JavaProcess server = JavaProcess.run(dir, "server", START, "Server", "--file", "bio.txt",
                     "--bind", "127.0.0.1", "--port", Integer.toString(taken.getLocalPort()))) {
            assertEquals(5, server.exitValue(), server::toString);
            List<String> err = server.err().lines().toList();
            assertEquals(1, err.size(), server::toString);
            assertTrue(err.get(0).startsWith("server: cannot listen on 127.0.0.1:" + taken.getLocalPort() + ": "),
                    server::toString);
        }
    }

    @Test
    void aBadOptionExits2NamingItAndPrintingTheUsage() throws Exception {
        try (JavaProcess server = JavaProcess.run(dir, "server", START, "Server", "--no-such-option")) {
            assertEquals(2, server.exitValue(), server::toString);
            assertTrue(server.err().startsWith("server: unknown option --no-such-option\nUsage: "),
                    server::toString);
            assertEquals("", server.out());
        }
    }

    @Test
    void helpExits0AndPrintsTheUsageOnStdout() throws Exception {
        try (JavaProcess server = JavaProcess.run(dir, "server", START, "Server", "--help")) {
            assertEquals(0, server.exitValue(), server::toString);
            assertEquals(ServerCommand.USAGE, server.out());
            assertEquals("", server.err());
        }
    }

    @Test
    void theStartUpLineNamesTheUrlWithTheRealPortTheFileItsDigestTheChunkAndTheThreads() throws Exception {
        byte[] content = TestFiles.randomBytes(12345, 3);
        TestFiles.write(dir, "bio.txt", content);
        try (JavaProcess server = JavaProcess.start(dir, "server", "Server", "--file", "bio.txt", "--port", "0",
                "--bind", "127.0.0.1", "--chunk", "4096", "--threads", "platform")) {
            String line = server.awaitOutLine(LISTENING, START);
            Matcher matcher = Pattern.compile("^\\S+ listening on http://127\\.0\\.0\\.1:(\\d+)/bio\\.txt serving bio\\.txt "
                    + "\\(12345 bytes, sha256 " + TestFiles.sha256Hex(content) + "\\), chunk 4096 bytes, "
                    + "max 3000 clients on platform threads, Java "
                    + Pattern.quote(System.getProperty("java.version")) + "$").matcher(line);
            assertTrue(matcher.matches(), line);
            int port = Integer.parseInt(matcher.group(1));
            assertTrue(port > 0, line);
            try (Peer client = Peer.connect(port)) {
                request(client, "/bio.txt", "probe");
                HttpResponse head = client.readHead();
                assertEquals(200, head.code(), head::toString);
                assertEquals(TestFiles.sha256Hex(content), TestFiles.sha256Hex(client.readAll()));
            }

            server.terminate();

            assertEquals(0, server.awaitExit(GRACE.plusSeconds(10)), server::toString);
            assertTrue(server.out().strip().endsWith(" stopped: shut down cleanly"), server::toString);
        }
    }

    @Test
    void onSigtermTransfersInFlightFinishAndTheServerExits0SayingItShutDownCleanly() throws Exception {
        byte[] content = TestFiles.randomBytes(BIG, 7);
        TestFiles.write(dir, "big.bin", content);
        try (JavaProcess server = JavaProcess.start(dir, "server", "Server", "--file", "big.bin", "--port", "0",
                "--bind", "127.0.0.1", "--chunk", "65536")) {
            int port = port(server);
            List<Peer> clients = new ArrayList<>();
            try {
                for (int i = 1; i <= 3; i++) {
                    Peer client = Peer.connect(port);
                    clients.add(client);
                    request(client, "/big.bin", "reader-" + i);
                    // The first 64 KiB: the transfer is under way, and far from done while
                    // this client reads no more.
                    HttpResponse head = client.readHead();
                    assertEquals(200, head.code(), head::toString);
                    assertEquals(65536, client.in().readNBytes(65536).length);
                }
                assertFalse(server.out().contains(" 200 "), server::toString);

                server.terminate();

                for (Peer client : clients) {
                    byte[] copy = client.readAll();
                    assertEquals(TestFiles.sha256Hex(Arrays.copyOfRange(content, 65536, BIG)),
                            TestFiles.sha256Hex(copy), "the rest of the copy, " + copy.length + " bytes");
                }
            } finally {
                for (Peer client : clients) {
                    client.close();
                }
            }
            assertEquals(0, server.awaitExit(GRACE.plusSeconds(10)), server::toString);
            String log = server.out();
            for (int i = 1; i <= 3; i++) {
                assertTrue(log.contains(" id=reader-" + i + " \"GET /big.bin HTTP/1.1\" 200 " + BIG + " bytes "), log);
            }
            assertTrue(log.strip().endsWith(" stopped: shut down cleanly"), log);
            assertFalse(log.contains(" cut "), log);
        }
    }

    @Test
    void onSigtermATransferThatOutlastsTheGraceIsCutAndLoggedAsCutNotStalled() throws Exception {
        TestFiles.write(dir, "big.bin", new byte[BIG]);
        try (JavaProcess server = JavaProcess.start(dir, "server", "Server", "--file", "big.bin", "--port", "0",
                "--bind", "127.0.0.1");
             Peer client = Peer.connect(port(server), 8 * 1024)) {
            request(client, "/big.bin", "stuck");
            assertEquals(1000, client.in().readNBytes(1000).length); // under way; then no more reads

            long signalled = System.nanoTime();
            server.terminate();

            assertEquals(0, server.awaitExit(GRACE.plusSeconds(3)), server::toString);
            long millis = (System.nanoTime() - signalled) / 1_000_000;
            String log = server.out();
            assertAll(
                    () -> assertTrue(millis >= GRACE.toMillis() - 100, "exited " + millis + " ms after SIGTERM"),
                    () -> assertTrue(Pattern.compile(" id=stuck cut by shutdown after \\d+ of " + BIG + " bytes\n")
                            .matcher(log).find(), log),
                    () -> assertFalse(log.contains("stalled"), log),
                    () -> assertFalse(log.contains("cleanly"), log),
                    () -> assertTrue(log.strip().endsWith(" stopped: grace period of 5 s over, cut 1 connection"), log));
        }
    }

    /** Waits for the start-up line and returns the port it names. */
    private static int port(JavaProcess server) {
        Matcher matcher = LISTENING.matcher(server.awaitOutLine(LISTENING, START));
        assertTrue(matcher.find());
        return Integer.parseInt(matcher.group(1));
    }

    private static void request(Peer client, String path, String id) throws IOException {
        client.send("GET " + path + " HTTP/1.1\r\nHost: a\r\nX-Client-Id: " + id + "\r\n\r\n");
    }
}
