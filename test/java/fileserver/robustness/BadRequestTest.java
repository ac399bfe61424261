package fileserver.robustness;

import static fileserver.robustness.ServerProbe.assertServesCorrectly;
import static fileserver.robustness.ServerProbe.awaitIdle;
import static fileserver.robustness.ServerProbe.awaitOnlyLineAbout;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fileserver.testing.Peer;
import fileserver.testing.RunningServer;
import fileserver.testing.TestFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 3, "bad input to the server": for every request the parser refuses or a client
 * that never finishes one, the answer (or the close) the README promises, exactly one
 * sanitised log line about that client, every worker back in the pool, and a normal
 * download right after that still gets every byte. Requests that parse are answered by
 * FileEndpoint: which gets 404, 405, 416 or 421 is FileEndpointTest's tables, and what
 * each of those statuses looks like on the wire is FileServerTest's.
 */
class BadRequestTest {
    private static final int SIZE = 64 * 1024;
    private static final byte[] CONTENT = TestFiles.randomBytes(SIZE, 3);
    /** Long, so that "answered at once" has a generous bound well below it. */
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);

    @TempDir
    Path dir;
    private Path file;

    @BeforeEach
    void writeFile() throws IOException {
        file = TestFiles.write(dir, "bio.txt", CONTENT);
    }

    private RunningServer server() throws IOException {
        return RunningServer.serving(file, b -> b.requestTimeout(REQUEST_TIMEOUT));
    }

    static Stream<Arguments> badRequests() {
        String pad = ("X-Pad: " + "p".repeat(100) + "\r\n").repeat(100);
        return Stream.of(
                // Line ends, NUL, size
                row("bare LF line ends are accepted", "GET /bio.txt HTTP/1.1\nHost: a\n\n", 200, "\"GET /bio.txt HTTP/1.1\""),
                row("NUL in the request line", "GET /bio\0.txt HTTP/1.1\r\nHost: a\r\n\r\n", 400, "NUL byte"),
                row("NUL in a header", "GET /bio.txt HTTP/1.1\r\nHost: a\0b\r\n\r\n", 400, "NUL byte"),
                row("bare CR", "GET /bio.txt HTTP/1.1\r\nHost: a\rX: b\r\n\r\n", 400, "bare CR"),
                row("head over 8 KiB", "GET /bio.txt HTTP/1.1\r\nHost: a\r\n" + pad + "\r\n", 431, "head exceeds"),
                row("X-Client-Id of 10 KB", "GET /bio.txt HTTP/1.1\r\nHost: a\r\nX-Client-Id: " + "i".repeat(10_000)
                        + "\r\n\r\n", 431, "id=- "),
                // Not HTTP/1.x at all
                row("binary garbage", TestFiles.randomBytes(2000, 42), 400, null),
                row("9000 bytes without a line end", "x".repeat(9000), 414, null),
                row("TLS ClientHello", tlsClientHello(), 400, "NUL byte"),
                row("HTTP/2 preface", "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", 505, "unsupported HTTP version HTTP/2.0"),
                row("HTTP/0.9 simple request, answered without waiting", "GET /bio.txt\r\n", 400, "request line"),
                row("HTTP/0.9 in the request line", "GET /bio.txt HTTP/0.9\r\n\r\n", 505, "HTTP/0.9"),
                row("HTTP/2.0 in the request line", "GET /bio.txt HTTP/2.0\r\nHost: a\r\n\r\n", 505, "HTTP/2.0"),
                row("HTTP/1.1 without Host", "GET /bio.txt HTTP/1.1\r\n\r\n", 400, "Host"),
                row("an IPv6 Host without brackets", "GET /bio.txt HTTP/1.1\r\nHost: ::1:5050\r\n\r\n", 400,
                        "invalid Host"),
                row("a Host with a space", "GET /bio.txt HTTP/1.1\r\nHost: a b\r\n\r\n", 400, "invalid Host"),
                row("a Host with a path", "GET /bio.txt HTTP/1.1\r\nHost: a/b\r\n\r\n", 400, "invalid Host"),
                row("a Host with a bad port", "GET /bio.txt HTTP/1.1\r\nHost: a:http\r\n\r\n", 400, "invalid Host"),
                row("an IPv6 Host in brackets", "GET /bio.txt HTTP/1.1\r\nHost: [::1]:5050\r\n\r\n", 200, null),
                row("an empty Host", "GET /bio.txt HTTP/1.1\r\nHost: \r\n\r\n", 200, null),
                row("a Host name with a port", "GET /bio.txt HTTP/1.1\r\nHost: files.example:80\r\n\r\n", 200, null),
                row("two Host fields", "GET /bio.txt HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400, "Host"),
                row("obsolete line folding", "GET /bio.txt HTTP/1.1\r\nHost: a\r\n folded\r\n\r\n", 400, "folding"));
    }

    private static Arguments row(String name, String request, int status, String logFragment) {
        return row(name, request.getBytes(StandardCharsets.ISO_8859_1), status, logFragment);
    }

    private static Arguments row(String name, byte[] request, int status, String logFragment) {
        return Arguments.of(name, request, status, logFragment);
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @MethodSource("badRequests")
    void everyBadRequestGetsItsAnswerOneLogLineAndCostsNothingLasting(String name, byte[] request, int status,
                                                                      String logFragment) throws IOException {
        try (RunningServer server = server()) {
            long start = System.nanoTime();

            Peer.Exchange exchange = Peer.exchange(server.port(), request);

            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(millis < REQUEST_TIMEOUT.toMillis() - 5000, "answered only after " + millis + " ms");
            Peer.Response response = exchange.response();
            assertEquals(status, response.status());
            assertEquals(Integer.toString(response.body().length), response.header("Content-Length"));
            assertEquals("close", response.header("Connection"));
            if (status == 200) {
                assertArrayEquals(CONTENT, response.body());
            } else {
                String text = new String(response.body(), StandardCharsets.UTF_8);
                assertTrue(text.startsWith(status + " "), text);
            }
            String line = awaitOnlyLineAbout(server, exchange.peerPort());
            assertTrue(line.contains("\" " + status + " "), line);
            if (logFragment != null) {
                assertTrue(line.contains(logFragment), line);
            }
            awaitIdle(server, Duration.ofSeconds(5));
            assertServesCorrectly(server, CONTENT);
        }
    }

    /** An X-Client-Id value, the status, and what the log line must show as the id. */
    static Stream<Arguments> clientIds() {
        String longId = "L".repeat(7000);
        return Stream.of(
                // CRLF ends the field: what follows is another field, never a log line.
                Arguments.of("evil\r\n2026-01-01T00:00:00Z forged: line", 200, "id=evil "),
                Arguments.of("evil\rforged line", 400, "id=- "),
                Arguments.of("evil\nforged line", 400, "id=- "),
                Arguments.of("evil\u001b[31mforged", 400, "id=- "),
                Arguments.of("seven\u0085\u00ffend", 200, "id=seven\\x85\\xffend "),
                Arguments.of("back\\slash", 200, "id=back\\\\slash "),
                Arguments.of(longId, 200, "id=" + "L".repeat(200) + "...(6800\\x20more) "));
    }

    @ParameterizedTest(name = "[{index}] -> {1}")
    @MethodSource("clientIds")
    void aHostileClientIdIsLoggedSafelyAndTruncated(String id, int status, String logged) throws IOException {
        try (RunningServer server = server()) {
            Peer.Exchange exchange = Peer.exchange(server.port(),
                    ("GET /bio.txt HTTP/1.1\r\nHost: a\r\nX-Client-Id: " + id + "\r\n\r\n")
                            .getBytes(StandardCharsets.ISO_8859_1));

            assertEquals(status, exchange.response().status());
            String line = awaitOnlyLineAbout(server, exchange.peerPort());
            assertTrue(line.contains(logged), line);
            assertTrue(line.length() < 600, "log line of " + line.length() + " characters");
            assertTrue(server.logLines().stream().noneMatch(l -> l.contains("forged")), String.join("\n", server.logLines()));
        }
    }

    @Test
    void aClientThatConnectsAndClosesAtOnceCostsOneLogLine() throws IOException {
        try (RunningServer server = server()) {
            int port;
            try (Peer peer = Peer.connect(server.port())) {
                port = peer.localPort();
            }

            String line = awaitOnlyLineAbout(server, port);
            assertTrue(line.endsWith("closed the connection without sending a request"), line);
            awaitIdle(server, Duration.ofSeconds(5));
            assertServesCorrectly(server, CONTENT);
        }
    }

    /** Nothing at all, or a head without its end: either way 408 once the request timeout is up. */
    @ParameterizedTest(name = "sends {0}")
    @ValueSource(strings = {"", "GET /bio.txt HTTP/1.1\r\nHost: a\r\n"})
    void aClientThatStopsBeforeItsHeadEndsGets408AfterTheRequestTimeout(String sent) throws IOException {
        try (RunningServer server = RunningServer.serving(file, b -> b.requestTimeout(Duration.ofMillis(1500)))) {
            int port;
            try (Peer peer = Peer.connect(server.port())) {
                port = peer.localPort();
                long start = System.nanoTime();
                peer.send(sent);

                Peer.Response response = peer.readResponse();

                long millis = (System.nanoTime() - start) / 1_000_000;
                assertEquals(408, response.status());
                assertTrue(millis >= 1400 && millis < 10_000, "408 after " + millis + " ms");
            }
            String line = awaitOnlyLineAbout(server, port);
            assertTrue(line.contains("\"(no complete request within 1.5 s)\" 408 "), line);
            awaitIdle(server, Duration.ofSeconds(5));
            assertServesCorrectly(server, CONTENT);
        }
    }

    /**
     * Slowloris: one byte every 200 ms keeps every single read well inside any per-read
     * timeout, so only a deadline for the whole head can end it. The test keeps trickling
     * until the 408 arrives and requires it close to the 2 s request timeout.
     */
    @Test
    void aTrickledRequestGets408WhenTheWholeHeadIsLate() throws Exception {
        try (RunningServer server = RunningServer.serving(file, b -> b.requestTimeout(Duration.ofSeconds(2)))) {
            int port;
            try (Peer peer = Peer.connect(server.port())) {
                port = peer.localPort();
                byte[] request = ("GET /bio.txt HTTP/1.1\r\nHost: a\r\nX-Pad: " + "z".repeat(200) + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII);
                long start = System.nanoTime();
                try (Peer.Trickle trickle = peer.trickle(request, Duration.ofMillis(200))) {
                    Peer.Response response = peer.readResponse();

                    long millis = (System.nanoTime() - start) / 1_000_000;
                    assertEquals(408, response.status());
                    assertTrue(millis >= 1900 && millis < 5000, "408 after " + millis + " ms");
                    assertTrue(trickle.isAlive(), "the trickle must still be going when the 408 comes");
                }
            }
            assertTrue(awaitOnlyLineAbout(server, port).contains("\" 408 "));
            awaitIdle(server, Duration.ofSeconds(5));
            assertServesCorrectly(server, CONTENT);
        }
    }

    @Test
    void aClientThatResetsInTheMiddleOfItsRequestCostsOneLogLine() throws IOException {
        try (RunningServer server = server()) {
            int port;
            try (Peer peer = Peer.connect(server.port())) {
                port = peer.localPort();
                peer.send("GET /bio.txt HTTP/1.1\r\nHo");
                peer.socket().setSoLinger(true, 0); // close with RST
            }

            String line = awaitOnlyLineAbout(server, port);
            assertTrue(line.contains("connection failed before a complete request")
                    || line.contains("closed the connection in the middle of its request"), line);
            awaitIdle(server, Duration.ofSeconds(5));
            assertServesCorrectly(server, CONTENT);
        }
    }

    /** The first bytes a real TLS client sends, made by the JDK's own TLS engine (no network). */
    private static byte[] tlsClientHello() {
        try {
            SSLEngine engine = SSLContext.getDefault().createSSLEngine("localhost", 443);
            engine.setUseClientMode(true);
            ByteBuffer out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
            engine.beginHandshake();
            engine.wrap(ByteBuffer.allocate(0), out);
            byte[] hello = Arrays.copyOf(out.array(), out.position());
            assertFalse(hello.length == 0 || hello[0] != 0x16, "not a TLS handshake record");
            return hello;
        } catch (Exception e) {
            throw new AssertionError("cannot make a ClientHello", e);
        }
    }
}
