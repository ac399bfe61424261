package fileserver.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fileserver.testing.Peer;
import fileserver.testing.Poll;
import fileserver.testing.RunningServer;
import fileserver.testing.TestFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The server over real sockets: every byte of files of every size, and what goes on the
 * wire for each status that FileEndpoint decides, once per status. Which request gets
 * which status is FileEndpointTest's tables; lifecycle is FileServerLifecycleTest's.
 */
class FileServerTest {
    private static final int SIZE = 10_000;
    private static final byte[] CONTENT = TestFiles.randomBytes(SIZE, 4);

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {0, 1, 999, 1000, 1001, 3 * 1024 * 1024 + 7})
    void servesEveryByteOfFilesOfEdgeSizes(int size) throws IOException {
        byte[] content = TestFiles.randomBytes(size, size);
        try (RunningServer server = RunningServer.serving(TestFiles.write(dir, "bio.txt", content))) {
            Peer.Response reply = Peer.get(server.port(), "/bio.txt");

            assertEquals(200, reply.status());
            assertEquals(Long.toString(size), reply.header("Content-Length"));
            assertArrayEquals(content, reply.body());
        }
    }

    @Test
    void servesTenMebibytesOfEveryByteValue() throws IOException {
        byte[] content = new byte[10 * 1024 * 1024];
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) (i * 31 + i / 256);
        }
        try (RunningServer server = RunningServer.serving(TestFiles.write(dir, "blob.bin", content))) {
            Peer.Response reply = Peer.get(server.port(), "/blob.bin");

            assertEquals(200, reply.status());
            assertEquals("application/octet-stream", reply.header("Content-Type"));
            assertEquals(TestFiles.sha256Hex(content), TestFiles.sha256Hex(reply.body()));
        }
    }

    @Test
    void answersHttp10RequestsWithoutHost() throws IOException {
        byte[] content = TestFiles.randomBytes(2000, 2);
        try (RunningServer server = RunningServer.serving(TestFiles.write(dir, "bio.txt", content))) {
            Peer.Response reply = Peer.exchange(server.port(),
                    "GET /bio.txt HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII)).response();

            assertEquals(200, reply.status());
            assertArrayEquals(content, reply.body());
        }
    }

    @Test
    void newRequestsGetTheFileAsItIsNow() throws IOException {
        Path file = TestFiles.write(dir, "bio.txt", "version one\n".getBytes(StandardCharsets.UTF_8));
        try (RunningServer server = RunningServer.serving(file)) {
            String before = Peer.get(server.port(), "/bio.txt").bodyText();
            Files.writeString(file, "version two, longer\n");
            String after = Peer.get(server.port(), "/bio.txt").bodyText();

            assertEquals("version one\n", before);
            assertEquals("version two, longer\n", after);
        }
    }

    /**
     * Method and target ({port}: the server's), the rest of the request after its Host field,
     * then the status, the body, and fields the reply must carry as they are. The absolute
     * target shows that the server judges it by the address and port the request came in on.
     */
    static Stream<Arguments> statuses() {
        String digest = "Repr-Digest: sha-256=:"
                + Base64.getEncoder().encodeToString(HexFormat.of().parseHex(TestFiles.sha256Hex(CONTENT))) + ":";
        return Stream.of(
                status("the file", "GET /bio.txt", "\r\n", "200 OK", CONTENT, "Content-Length: 10000",
                        "Content-Type: text/plain; charset=utf-8", "Accept-Ranges: bytes", digest),
                status("the file by the server's own address and port", "GET http://127.0.0.1:{port}/bio.txt", "\r\n",
                        "200 OK", CONTENT, "Content-Length: 10000"),
                status("a range", "GET /bio.txt", "Range: bytes=9000-\r\n\r\n", "206 Partial Content",
                        Arrays.copyOfRange(CONTENT, 9000, SIZE), "Content-Length: 1000",
                        "Content-Range: bytes 9000-9999/10000", digest),
                status("HEAD, with a Range it ignores", "HEAD /bio.txt", "Range: bytes=0-9\r\n\r\n", "200 OK",
                        new byte[0], "Content-Length: 10000", digest),
                status("a range beyond the end", "GET /bio.txt", "Range: bytes=10000-\r\n\r\n",
                        "416 Range Not Satisfiable", new byte[0], "Content-Length: 0", "Content-Range: bytes */10000"),
                status("a path that escapes", "GET /../etc/passwd", "\r\n", "404 Not Found",
                        text("404 Not Found: this server serves only /bio.txt\n"), "Content-Length: 48",
                        "Content-Type: text/plain; charset=utf-8"),
                status("POST, its body drained", "POST /bio.txt", "Content-Length: 5\r\n\r\nhello",
                        "405 Method Not Allowed", text("405 Method Not Allowed: only GET and HEAD are supported\n"),
                        "Content-Length: 56", "Allow: GET, HEAD"),
                status("another server", "GET http://127.0.0.1:1/bio.txt", "\r\n", "421 Misdirected Request",
                        text("421 Misdirected Request: this server answers only for its own address and port\n"),
                        "Content-Length: 79"));
    }

    private static Arguments status(String name, String methodAndTarget, String rest, String status, byte[] body,
                                    String... fields) {
        String requestLine = methodAndTarget + " HTTP/1.1";
        return Arguments.of(name, requestLine, requestLine + "\r\nHost: a\r\n" + rest, status, body, fields);
    }

    private static byte[] text(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * One exchange per status, checked as bytes on the wire: the status line, the fields,
     * Connection: close, exactly the body and then the server's close; one log line with
     * the status and the body bytes sent; no connection left open, and the next download
     * still whole.
     */
    @ParameterizedTest(name = "{0} -> {3}")
    @MethodSource("statuses")
    void eachStatusGoesOnTheWireWholeAndThenTheConnectionCloses(String name, String lineTemplate,
                                                               String requestTemplate, String status, byte[] body,
                                                               String[] fields)
            throws IOException {
        try (RunningServer server = RunningServer.serving(TestFiles.write(dir, "bio.txt", CONTENT))) {
            String requestLine = lineTemplate.replace("{port}", Integer.toString(server.port()));
            String request = requestTemplate.replace("{port}", Integer.toString(server.port()));
            Peer.Exchange exchange = Peer.exchange(server.port(), request.getBytes(StandardCharsets.ISO_8859_1));

            String raw = new String(exchange.raw(), StandardCharsets.ISO_8859_1);
            assertEquals("HTTP/1.1 " + status, raw.substring(0, raw.indexOf("\r\n")));
            Peer.Response response = exchange.response();
            for (String field : fields) {
                String[] parts = field.split(": ", 2);
                assertEquals(parts[1], response.header(parts[0]), parts[0]);
            }
            assertEquals("close", response.header("Connection"));
            if (!requestLine.startsWith("HEAD")) {
                assertEquals(Integer.toString(response.body().length), response.header("Content-Length"));
            }
            if (!status.startsWith("206") && !status.startsWith("416")) {
                assertNull(response.header("Content-Range"));
            }
            assertArrayEquals(body, response.body(), "the body, and nothing after it until the server closed");
            String line = server.awaitLogLine(l -> Peer.logLineOf(exchange.peerPort()).matcher(l).find(),
                    Duration.ofSeconds(10));
            String code = status.substring(0, 3);
            assertTrue(line.contains("\"" + requestLine + "\" " + code + " " + body.length + " bytes "), line);
            Poll.until(() -> server.server().openConnections() == 0 && server.server().busyWorkers() == 0,
                    Duration.ofSeconds(5), () -> server.server().openConnections() + " connections open");
            assertArrayEquals(CONTENT, Peer.get(server.port(), "/bio.txt").body(), "the next download");
        }
    }
}
