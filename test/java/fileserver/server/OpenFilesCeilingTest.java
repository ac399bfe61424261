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
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server as a real process at its open-files limit: started under {@code ulimit -n 64}
 * and sent far more connections than that at once. It warns at start that
 * {@code --max-clients} does not fit, says once (not once a failure) that accepting
 * fails, answers every connection it takes, on its error paths too (whatever they need
 * must not be loaded only then, which takes a free descriptor), and serves normally after.
 */
@Timeout(90)
class OpenFilesCeilingTest {
    private static final int LIMIT = 64;
    private static final int BURST = 200;
    private static final int SILENT = 5;
    private static final Duration START = Duration.ofSeconds(20);
    private static final Pattern LISTENING = Pattern.compile(" listening on http://127\\.0\\.0\\.1:(\\d+)/");
    private static final Pattern LIMIT_WARNING = Pattern.compile(
            " warning: --max-clients \\d+ exceeds the open-files limit of " + LIMIT + ": .* or lower --max-clients");
    private static final Pattern ACCEPT_FAILED = Pattern.compile(
            " warning: accepting connections failed \\(Too many open files\\); retrying every 50 ms");
    private static final Pattern ACCEPT_AGAIN = Pattern.compile(
            " accepting connections again after \\d+ failed tr(y|ies) over [0-9.]+ s \\(Too many open files\\)$",
            Pattern.MULTILINE);
    private static final Pattern OK = Pattern.compile("\" 200 1000 bytes ");

    @TempDir
    Path dir;
    private final byte[] content = TestFiles.randomBytes(1000, 18);
    private final String digest = TestFiles.sha256Hex(content);

    @BeforeEach
    void writeFile() throws IOException {
        TestFiles.write(dir, "small.bin", content);
    }

    @Test
    void aBurstAsTheFirstTrafficIsAnsweredInFullAndAcceptFailuresAreLoggedOnce() throws Exception {
        try (JavaProcess server = start()) {
            int port = port(server);

            showingTheServer(server, () -> readAndClose(connectAndRequest(port)));

            server.awaitOutLine(ACCEPT_AGAIN, START);
            assertEquals(digest, download(port, "after"));
            String log = stop(server);
            assertAll(
                    () -> assertEquals(1, count(ACCEPT_FAILED, log), log),
                    () -> assertEquals(1, count(ACCEPT_AGAIN, log), log),
                    () -> assertEquals(BURST + 1, count(OK, log), log));
        }
    }

    @Test
    void a408SentAtTheLimitIsAnsweredAndLogged() throws Exception {
        try (JavaProcess server = start()) {
            int port = port(server);
            List<Peer> silent = new ArrayList<>();
            List<Peer> burst = List.of();
            try {
                // Connections that send nothing: each gets a 408 after 2 s, by when the
                // burst has taken every descriptor the process may have.
                for (int i = 0; i < SILENT; i++) {
                    silent.add(Peer.connect(port));
                }
                // Accepted in order, so once the probe is served the silent ones are accepted.
                assertEquals(digest, download(port, "probe"));
                burst = connectAndRequest(port);
                server.awaitOutLine(ACCEPT_FAILED, START);

                List<Peer> served = burst;
                showingTheServer(server, () -> {
                    for (Peer peer : silent) {
                        HttpResponse head = peer.readHead();
                        assertEquals(408, head.code(), head::toString);
                        peer.close();
                    }
                    readAndClose(served);
                });
            } finally {
                for (Peer peer : silent) {
                    peer.close();
                }
                for (Peer peer : burst) {
                    peer.close();
                }
            }
            server.awaitOutLine(ACCEPT_AGAIN, START);
            assertEquals(digest, download(port, "after"));
            String log = stop(server);
            assertAll(
                    () -> assertEquals(SILENT, count(Pattern.compile("\"\\(no complete request within 2 s\\)\" 408 "),
                            log), log),
                    () -> assertEquals(BURST + 2, count(OK, log), log));
        }
    }

    private interface Exchanges {
        void run() throws IOException;
    }

    /** Runs {@code exchanges}; if one fails (reset, closed without an answer), says what the server printed. */
    private static void showingTheServer(JavaProcess server, Exchanges exchanges) {
        try {
            exchanges.run();
        } catch (IOException e) {
            throw new AssertionError(e + ", and the server: " + server, e);
        }
    }

    /** The server under {@code ulimit -n 64}, on the thread kind the tests run on, with a 2 s request timeout. */
    private JavaProcess start() throws IOException {
        return JavaProcess.startWithOpenFilesLimit(dir, "server", LIMIT, "Server", "--file", "small.bin",
                "--port", "0", "--bind", "127.0.0.1", "--request-timeout", "2",
                "--threads", System.getProperty("test.threads", "platform"));
    }

    private static int port(JavaProcess server) {
        Matcher listening = LISTENING.matcher(server.awaitOutLine(LISTENING, START));
        assertTrue(listening.find());
        return Integer.parseInt(listening.group(1));
    }

    /** {@link #BURST} connections, each with its request sent and nothing read yet: the server keeps each open. */
    private static List<Peer> connectAndRequest(int port) throws IOException {
        List<Peer> burst = new ArrayList<>();
        try {
            for (int i = 0; i < BURST; i++) {
                Peer peer = Peer.connect(port);
                burst.add(peer);
                request(peer, "burst-" + i);
            }
            return burst;
        } catch (IOException | RuntimeException e) {
            for (Peer peer : burst) {
                peer.close();
            }
            throw e;
        }
    }

    /** Reads each response, which must be the whole file, and closes: that frees the server's descriptor. */
    private void readAndClose(List<Peer> burst) throws IOException {
        try {
            for (Peer peer : burst) {
                HttpResponse head = peer.readHead();
                assertEquals(200, head.code(), head::toString);
                assertEquals(digest, TestFiles.sha256Hex(peer.readAll()));
                peer.close();
            }
        } finally {
            for (Peer peer : burst) {
                peer.close();
            }
        }
    }

    /**
     * Stops the server with SIGTERM and returns its log, having checked what every run
     * must show: the limit warning, no error or stack trace anywhere, a clean stop.
     */
    private static String stop(JavaProcess server) throws InterruptedException {
        server.terminate();
        assertEquals(0, server.awaitExit(Duration.ofSeconds(20)), server::toString);
        String log = server.out();
        assertAll(
                () -> assertEquals(1, count(LIMIT_WARNING, log), log),
                () -> assertFalse(log.contains("Error") || log.contains("\tat "), log),
                () -> assertEquals("", server.err()),
                () -> assertTrue(log.strip().endsWith(" stopped: shut down cleanly"), log));
        return log;
    }

    /** One whole download; returns the SHA-256 of the body. */
    private static String download(int port, String id) throws IOException {
        try (Peer peer = Peer.connect(port)) {
            request(peer, id);
            HttpResponse head = peer.readHead();
            assertEquals(200, head.code(), head::toString);
            return TestFiles.sha256Hex(peer.readAll());
        }
    }

    private static void request(Peer peer, String id) throws IOException {
        peer.send("GET /small.bin HTTP/1.1\r\nHost: a\r\nX-Client-Id: " + id + "\r\n\r\n");
    }

    private static long count(Pattern pattern, String text) {
        return pattern.matcher(text).results().count();
    }
}
