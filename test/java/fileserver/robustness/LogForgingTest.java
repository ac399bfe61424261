package fileserver.robustness;

import static fileserver.robustness.ServerProbe.awaitOnlyLineAbout;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fileserver.testing.Peer;
import fileserver.testing.RunningServer;
import fileserver.testing.TestFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 18, finding 7: whatever a client puts in its id or request target, the transfer
 * line splits into the same fields, as a script with a strict pattern reads it: one id
 * word, one quoted request line without a bare quote, one status, one byte count. The
 * client's text shows in its own field, escaped; an ordinary one shows unchanged.
 */
class LogForgingTest {
    private static final int SIZE = 4096;
    private static final byte[] CONTENT = TestFiles.randomBytes(SIZE, 7);
    /** {@code <time> <peer> id=<id> "<request line>" <status> <bytes> bytes <ms> ms}, and nothing else. */
    private static final Pattern TRANSFER_LINE = Pattern.compile(
            "^(\\S+) (\\S+) id=(\\S+) \"([^\"]*)\" (\\d{3}) (\\d+) bytes (\\d+) ms$");
    /** A status and byte count as they follow the request line; a forged one would be a second. */
    private static final Pattern STATUS_FIELD = Pattern.compile("\" \\d{3} \\d+ bytes \\d+ ms");
    private static final String FORGED = "7 \"GET /bio.txt HTTP/1.1\" 200 10485760 bytes 5 ms";

    @TempDir
    Path dir;
    private Path file;

    @BeforeEach
    void writeFile() throws IOException {
        file = TestFiles.write(dir, "bio.txt", CONTENT);
    }

    /** What the line of one request shows in its fields: id, request line, status, bytes. */
    private record Fields(String id, String requestLine, int status, long bytes) {
    }

    /** Sends {@code request} as it is and parses the one log line about it with the strict pattern. */
    private Fields exchange(String request) throws IOException {
        try (RunningServer server = RunningServer.serving(file)) {
            Peer.Exchange exchange = Peer.exchange(server.port(), request.getBytes(StandardCharsets.ISO_8859_1));
            int status = exchange.response().status();
            String line = awaitOnlyLineAbout(server, exchange.peerPort());
            Matcher fields = TRANSFER_LINE.matcher(line);
            assertTrue(fields.matches(), "not a transfer line with one field each: " + line);
            assertEquals(1, STATUS_FIELD.matcher(line).results().count(), "status fields in " + line);
            assertEquals("127.0.0.1:" + exchange.peerPort(), fields.group(2));
            assertEquals(Integer.toString(status), fields.group(5), line);
            return new Fields(fields.group(3), fields.group(4), status, Long.parseLong(fields.group(6)));
        }
    }

    private static String get(String target, String clientId) {
        return "GET " + target + " HTTP/1.1\r\nHost: a\r\nX-Client-Id: " + clientId + "\r\n\r\n";
    }

    static Stream<Arguments> forgeries() {
        String escaped = "7\\x20\\x22GET\\x20/bio.txt\\x20HTTP/1.1\\x22\\x20200\\x2010485760\\x20bytes\\x205\\x20ms";
        return Stream.of(
                Arguments.of("an id that reads like a download", get("/nothing.txt", FORGED), 404, escaped,
                        "GET /nothing.txt HTTP/1.1"),
                Arguments.of("a quote that ends the request line early", get("/\"_200_10485760_bytes", "x"), 404, "x",
                        "GET /\\x22_200_10485760_bytes HTTP/1.1"),
                Arguments.of("both at once", get("/x\"", "a\" 200 9 bytes 1 ms \"b"), 404,
                        "a\\x22\\x20200\\x209\\x20bytes\\x201\\x20ms\\x20\\x22b", "GET /x\\x22 HTTP/1.1"),
                Arguments.of("a backslash before a quote", get("/x\\\"", "x"), 404, "x", "GET /x\\\\\\x22 HTTP/1.1"),
                Arguments.of("a tab in the id", get("/bio.txt", "a\tb"), 200, "a\\x09b", "GET /bio.txt HTTP/1.1"),
                Arguments.of("an empty id", get("/bio.txt", ""), 200, "-", "GET /bio.txt HTTP/1.1"),
                Arguments.of("a long id with spaces", get("/bio.txt", "L ".repeat(3500)), 200,
                        "L\\x20".repeat(40) + "...(6919\\x20more)", "GET /bio.txt HTTP/1.1"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("forgeries")
    void aForgedIdOrTargetStaysInItsOwnField(String name, String request, int status, String id, String requestLine)
            throws IOException {
        Fields fields = exchange(request);

        assertEquals(status, fields.status());
        assertEquals(id, fields.id());
        assertEquals(requestLine, fields.requestLine());
    }

    /** Scripts parse these lines (test/cluster.sh among them): an ordinary one must not change. */
    @Test
    void anOrdinaryIdAndRequestLineLogExactlyAsBefore() throws IOException {
        Fields fields = exchange(get("/bio.txt?v=2&x=%22", "run-3_client-17"));

        assertEquals(new Fields("run-3_client-17", "GET /bio.txt?v=2&x=%22 HTTP/1.1", 200, SIZE), fields);
    }
}
