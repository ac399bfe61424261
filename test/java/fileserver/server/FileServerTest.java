package fileserver.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fileserver.testing.Peer;
import fileserver.testing.RunningServer;
import fileserver.testing.TestFiles;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class FileServerTest {
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
    void announcesDigestEntityTagAndRanges() throws Exception {
        byte[] content = "hello, world\n".getBytes(StandardCharsets.UTF_8);
        try (RunningServer server = RunningServer.serving(TestFiles.write(dir, "bio.txt", content))) {
            Peer.Response reply = Peer.get(server.port(), "/bio.txt");

            byte[] sha256 = MessageDigest.getInstance("SHA-256").digest(content);
            assertEquals("sha-256=:" + Base64.getEncoder().encodeToString(sha256) + ":", reply.header("Repr-Digest"));
            assertTrue(reply.header("ETag").matches("\"[0-9a-f]{32}\""), reply.header("ETag"));
            assertEquals("bytes", reply.header("Accept-Ranges"));
            assertEquals("text/plain; charset=utf-8", reply.header("Content-Type"));
            assertEquals("close", reply.header("Connection"));
            assertTrue(reply.header("Last-Modified").endsWith(" GMT"));
        }
    }

    @Test
    void servesTheFileAtSlashAndIgnoresAQuery() throws IOException {
        byte[] content = TestFiles.randomBytes(5000, 1);
        try (RunningServer server = RunningServer.serving(TestFiles.write(dir, "bio.txt", content))) {
            assertArrayEquals(content, Peer.get(server.port(), "/").body());
            assertArrayEquals(content, Peer.get(server.port(), "/bio.txt?download=1").body());
            assertArrayEquals(content, Peer.get(server.port(), "/bi%6F.txt").body());
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
    void headSendsTheHeadersOfGetAndNoBody() throws IOException {
        byte[] content = TestFiles.randomBytes(4321, 3);
        try (RunningServer server = RunningServer.serving(TestFiles.write(dir, "bio.txt", content))) {
            Peer.Response head = Peer.request(server.port(), "HEAD", "/bio.txt");
            Peer.Response get = Peer.get(server.port(), "/bio.txt");

            assertEquals(200, head.status());
            assertEquals("4321", head.header("Content-Length"));
            assertEquals(get.header("ETag"), head.header("ETag"));
            assertEquals(get.header("Repr-Digest"), head.header("Repr-Digest"));
            assertEquals(0, head.body().length);
        }
    }

    @Test
    void answersAnyOtherPathWith404() throws IOException {
        try (RunningServer server = RunningServer.serving(TestFiles.write(dir, "bio.txt", new byte[10]))) {
            for (String target : new String[] {"/other.txt", "/../bio.txt", "//bio.txt", "/bio.txt/", "/%2e%2e/"}) {
                assertEquals(404, Peer.get(server.port(), target).status(), target);
            }
        }
    }

    @Test
    void answersOtherMethodsWith405AndAllow() throws IOException {
        try (RunningServer server = RunningServer.serving(TestFiles.write(dir, "bio.txt", new byte[10]))) {
            Peer.Response reply = Peer.request(server.port(), "POST", "/bio.txt");

            assertEquals(405, reply.status());
            assertEquals("GET, HEAD", reply.header("Allow"));
        }
    }

    @Test
    void answersMalformedRequestsWith400() throws IOException {
        try (RunningServer server = RunningServer.serving(TestFiles.write(dir, "bio.txt", new byte[10]))) {
            Peer.Response reply = Peer.exchange(server.port(), "GET /bio.txt\r\n\r\n".getBytes(StandardCharsets.US_ASCII))
                    .response();

            assertEquals(400, reply.status());
            assertTrue(reply.bodyText().startsWith("400 Bad Request"), reply.bodyText());
        }
    }

    @Test
    void sendsARangeWith206AndContentRange() throws IOException {
        byte[] content = TestFiles.randomBytes(10_000, 4);
        try (RunningServer server = RunningServer.serving(TestFiles.write(dir, "bio.txt", content))) {
            Peer.Response open = Peer.get(server.port(), "/bio.txt", "Range: bytes=9000-");
            Peer.Response closed = Peer.get(server.port(), "/bio.txt", "Range: bytes=10-19");

            assertEquals(206, open.status());
            assertEquals("bytes 9000-9999/10000", open.header("Content-Range"));
            assertArrayEquals(Arrays.copyOfRange(content, 9000, 10_000), open.body());
            assertEquals(206, closed.status());
            assertArrayEquals(Arrays.copyOfRange(content, 10, 20), closed.body());
        }
    }

    @Test
    void answersARangeBeyondTheEndWith416() throws IOException {
        try (RunningServer server = RunningServer.serving(TestFiles.write(dir, "bio.txt", new byte[100]))) {
            Peer.Response reply = Peer.get(server.port(), "/bio.txt", "Range: bytes=100-");

            assertEquals(416, reply.status());
            assertEquals("bytes */100", reply.header("Content-Range"));
            assertEquals(0, reply.body().length);
        }
    }

    @Test
    void sendsTheWholeFileWhenIfRangeNoLongerMatches() throws IOException {
        byte[] content = TestFiles.randomBytes(3000, 5);
        try (RunningServer server = RunningServer.serving(TestFiles.write(dir, "bio.txt", content))) {
            Peer.Response reply = Peer.get(server.port(), "/bio.txt", "Range: bytes=1000-",
                    "If-Range: \"0123456789abcdef0123456789abcdef\"");

            assertEquals(200, reply.status());
            assertNull(reply.header("Content-Range"));
            assertArrayEquals(content, reply.body());
        }
    }

    /**
     * If-Range (RFC 9110 section 13.1.5): the range only for a strong match with the current
     * entity tag; a date, even the file's exact Last-Modified, never matches (issue 18).
     */
    @ParameterizedTest(name = "If-Range: {0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "Sun, 06 Nov 1994 08:49:37 GMT  | 200",
        "Sun, 06 Nov 1994 08:49:36 GMT  | 200",
        "Sun, 06 Nov 1994 08:49:38 GMT  | 200",
        "Sunday, 06-Nov-94 08:49:37 GMT | 200",
        "ETAG                           | 206",
        "W/ETAG                         | 200",
    })
    void honoursARangeOnlyWhileIfRangeStillNamesTheFile(String validator, int status) throws IOException {
        byte[] content = TestFiles.randomBytes(3000, 6);
        Path file = TestFiles.write(dir, "bio.txt", content);
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("1994-11-06T08:49:37Z")));
        try (RunningServer server = RunningServer.serving(file)) {
            String etag = Peer.get(server.port(), "/bio.txt").header("ETag");
            Peer.Response reply = Peer.get(server.port(), "/bio.txt", "Range: bytes=1000-",
                    "If-Range: " + validator.replace("ETAG", etag));

            assertEquals(status, reply.status());
            assertArrayEquals(Arrays.copyOfRange(content, status == 206 ? 1000 : 0, 3000), reply.body());
        }
    }

    /**
     * Issue 18, finding 6: bio.txt replaced twice within one second. Its Last-Modified
     * stays the same, so a date in If-Range cannot tell the versions apart: a resume with
     * it gets the whole new version, never the new version's tail after the old one's head.
     */
    @Test
    void aDateInIfRangeNeverSplicesTwoVersionsOfTheSameSecond() throws IOException {
        byte[] older = TestFiles.randomBytes(3000, 7);
        byte[] newer = TestFiles.randomBytes(3000, 8);
        Path file = TestFiles.write(dir, "bio.txt", older);
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2026-03-01T10:00:00.100Z")));
        try (RunningServer server = RunningServer.serving(file)) {
            String lastModified = Peer.get(server.port(), "/bio.txt").header("Last-Modified");
            Files.write(file, newer);
            Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2026-03-01T10:00:00.600Z")));

            Peer.Response reply = Peer.get(server.port(), "/bio.txt", "Range: bytes=1000-",
                    "If-Range: " + lastModified);

            assertEquals(lastModified, reply.header("Last-Modified"), "both versions show the same second");
            assertEquals(200, reply.status());
            assertArrayEquals(newer, reply.body());
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

    @Test
    void logsOneLinePerTransferWithTheClientIdMadeSafe() throws IOException {
        try (RunningServer server = RunningServer.serving(TestFiles.write(dir, "bio.txt", new byte[1234]))) {
            Peer.get(server.port(), "/bio.txt", "X-Client-Id: seven\u0085evil");

            String line = server.awaitLogLine(l -> l.contains("\"GET /bio.txt HTTP/1.1\""), Duration.ofSeconds(10));
            assertTrue(line.contains(" id=seven\\x85evil "), line);
            assertTrue(line.contains(" 200 1234 bytes "), line);
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
    void bindingAPortInUseFailsWithAnException() throws IOException {
        Path file = TestFiles.write(dir, "bio.txt", new byte[1]);
        try (RunningServer first = RunningServer.serving(file)) {
            assertThrows(IOException.class, () -> RunningServer.serving(file, b -> b.port(first.port())).close());
        }
    }
}
