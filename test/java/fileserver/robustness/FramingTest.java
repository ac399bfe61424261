package fileserver.robustness;

import static fileserver.robustness.ServerProbe.assertServesCorrectly;
import static fileserver.robustness.ServerProbe.awaitIdle;
import static fileserver.robustness.ServerProbe.awaitOnlyLineAbout;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fileserver.testing.Peer;
import fileserver.testing.RunningServer;
import fileserver.testing.TestFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 18, finding 4: a request whose body framing two parsers could read differently
 * (RFC 9112 section 6) is refused with the status nginx sends, and an over-long request
 * line gets 414 (section 3). A request that frames a body correctly is still served, its
 * body drained. Each case: the answer, one log line naming the problem, the connection
 * closed, and a normal download right after still correct.
 */
class FramingTest {
    private static final byte[] CONTENT = TestFiles.randomBytes(32 * 1024, 18);

    @TempDir
    Path dir;
    private Path file;

    @BeforeEach
    void writeFile() throws IOException {
        file = TestFiles.write(dir, "bio.txt", CONTENT);
    }

    static Stream<Arguments> framings() {
        return Stream.of(
                row("two different Content-Lengths", "Content-Length: 5\r\nContent-Length: 6", "hello", 400,
                        "(more than one Content-Length field)"),
                row("two equal Content-Lengths", "Content-Length: 5\r\nContent-Length: 5", "hello", 400,
                        "(more than one Content-Length field)"),
                row("a Content-Length that is no number", "Content-Length: abc", "hello", 400,
                        "(invalid Content-Length)"),
                row("a Content-Length list", "Content-Length: 5, 5", "hello", 400, "(invalid Content-Length)"),
                row("an unknown Transfer-Encoding", "Transfer-Encoding: gzip", "", 501,
                        "(unsupported Transfer-Encoding, only chunked is understood)"),
                row("chunked, but not as the only coding", "Transfer-Encoding: gzip, chunked", "", 501,
                        "(unsupported Transfer-Encoding"),
                row("Transfer-Encoding with Content-Length", "Transfer-Encoding: chunked\r\nContent-Length: 5",
                        "0\r\n\r\n", 400, "(both Content-Length and Transfer-Encoding)"),
                row("two Transfer-Encodings", "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked", "0\r\n\r\n",
                        400, "(more than one Transfer-Encoding field)"),
                row("a GET with a Content-Length body", "Content-Length: 5", "hello", 200,
                        "\"GET /bio.txt HTTP/1.1\" 200 "),
                row("a GET with a chunked body", "Transfer-Encoding: chunked", "5\r\nhello\r\n0\r\n\r\n", 200,
                        "\"GET /bio.txt HTTP/1.1\" 200 "),
                Arguments.of("Transfer-Encoding in HTTP/1.0",
                        "GET /bio.txt HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400,
                        "(Transfer-Encoding in an HTTP/1.0 request)"),
                Arguments.of("a 9001-byte target", "GET /" + "a".repeat(9000) + " HTTP/1.1\r\nHost: a\r\n\r\n", 414,
                        "(start line exceeds 8192 bytes)"),
                Arguments.of("a head over 8 KiB after a short request line", "GET /bio.txt HTTP/1.1\r\nHost: a\r\nX-Pad: "
                        + "p".repeat(9000) + "\r\n\r\n", 431, "(head exceeds 8192 bytes)"));
    }

    private static Arguments row(String name, String fields, String body, int status, String logFragment) {
        return Arguments.of(name, "GET /bio.txt HTTP/1.1\r\nHost: a\r\n" + fields + "\r\n\r\n" + body, status,
                logFragment);
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @MethodSource("framings")
    void aFramingIsAnsweredAsNginxDoesAndTheConnectionClosed(String name, String request, int status,
                                                             String logFragment) throws IOException {
        try (RunningServer server = RunningServer.serving(file)) {
            Peer.Exchange exchange = Peer.exchange(server.port(), request.getBytes(StandardCharsets.ISO_8859_1));

            Peer.Response response = exchange.response();
            assertEquals(status, response.status(), name);
            assertEquals("close", response.header("Connection"));
            assertEquals(Integer.toString(response.body().length), response.header("Content-Length"));
            if (status == 200) {
                assertArrayEquals(CONTENT, response.body());
            } else {
                assertTrue(response.bodyText().startsWith(status + " "), response.bodyText());
            }
            String line = awaitOnlyLineAbout(server, exchange.peerPort());
            assertTrue(line.contains(logFragment), line);
            assertTrue(line.contains("\" " + status + " " + response.body().length + " bytes "), line);
            awaitIdle(server, Duration.ofSeconds(10));
            assertServesCorrectly(server, CONTENT);
        }
    }
}
