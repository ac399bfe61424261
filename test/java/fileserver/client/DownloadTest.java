package fileserver.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import fileserver.cli.ExitCode;
import fileserver.testing.ClientRun;
import fileserver.testing.FakeServer;
import fileserver.testing.FakeServer.Reply;
import fileserver.testing.TestFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * How the client follows what a server tells it: wait, start over, skip an interim
 * response, or another address family.
 */
class DownloadTest {
    private static final byte[] CONTENT = TestFiles.randomBytes(5000, 12);

    @TempDir
    Path dir;

    private static void whole(OutputStream out) throws IOException {
        out.write("HTTP/1.1 200 OK\r\nContent-Length: 5000\r\nConnection: close\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII));
        out.write(CONTENT);
    }

    @Test
    void waitsAtLeastRetryAfterBeforeTryingAgain() throws Exception {
        try (FakeServer server = new FakeServer(
                (Reply) out -> out.write("HTTP/1.1 503 Service Unavailable\r\nRetry-After: 2\r\nContent-Length: 0\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII)),
                (Reply) DownloadTest::whole)) {
            ClientRun run = ClientRun.of("4", "--port", Integer.toString(server.port()), "--dir", dir.toString());

            assertEquals(ExitCode.OK, run.exitCode(), run.toString());
            List<Long> requests = server.requestNanos();
            assertEquals(2, requests.size());
            long waitedMillis = (requests.get(1) - requests.get(0)) / 1_000_000;
            assertTrue(waitedMillis >= 2000, "retried after " + waitedMillis + " ms, though told Retry-After: 2");
            assertTrue(run.err().startsWith("client 4: the server is busy (503); retrying in "), run.err());
        }
    }

    /** A 416 says the partial copy is no part of what the server has now: start over, whole. */
    @Test
    void aRefusedRangeOnResumeStartsOverWithTheWholeFile() throws Exception {
        TestFiles.write(dir, "received_bio_4.txt", new byte[6000]);
        Files.writeString(dir.resolve("received_bio_4.txt.etag"), "\"old\"");
        try (FakeServer server = new FakeServer(
                (Reply) out -> out.write("HTTP/1.1 416 Range Not Satisfiable\r\nContent-Range: bytes */5000\r\n"
                        .concat("Content-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII)),
                (Reply) DownloadTest::whole)) {
            ClientRun run = ClientRun.of("4", "--port", Integer.toString(server.port()), "--dir", dir.toString(),
                    "--resume");

            assertEquals(ExitCode.OK, run.exitCode(), run.toString());
            assertEquals(2, server.requestNanos().size(), "the refused resume, then the whole file");
            assertTrue(run.out().startsWith("client 4: 5000 bytes in ") && !run.out().contains("resumed"), run.out());
        }
        assertArrayEquals(CONTENT, Files.readAllBytes(dir.resolve("received_bio_4.txt")));
    }

    /** An IPv6 literal is connected to as such, and named in brackets in {@code Host}, as RFC 3986 requires. */
    @Test
    void downloadsFromAnIpv6AddressNamingItInBrackets() throws Exception {
        InetAddress ipv6Loopback = InetAddress.getByName("::1");
        assumeTrue(canBind(ipv6Loopback), "this machine has no IPv6 loopback");
        try (FakeServer server = new FakeServer(ipv6Loopback, (Reply) DownloadTest::whole)) {
            ClientRun run = ClientRun.of("6", "--host", "::1", "--port", Integer.toString(server.port()),
                    "--dir", dir.toString());

            assertEquals(ExitCode.OK, run.exitCode(), run.toString());
            assertTrue(server.requests().get(0).contains("Host: [::1]:" + server.port()), server.requests().toString());
        }
        assertArrayEquals(CONTENT, Files.readAllBytes(dir.resolve("received_bio_6.txt")));
    }

    private static boolean canBind(InetAddress address) {
        try (ServerSocket socket = new ServerSocket(0, 1, address)) {
            return socket.isBound();
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void aPartialCopyIsNotTouchedByARefusalBeforeTheBody() throws Exception {
        byte[] partial = Arrays.copyOf(CONTENT, 700);
        TestFiles.write(dir, "received_bio_4.txt", partial);
        try (FakeServer server = new FakeServer((Reply) out -> out.write(
                "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII)))) {
            ClientRun run = ClientRun.of("4", "--port", Integer.toString(server.port()), "--dir", dir.toString(),
                    "--resume");

            assertEquals(ExitCode.HTTP_ERROR, run.exitCode(), run.toString());
        }
        assertArrayEquals(partial, Files.readAllBytes(dir.resolve("received_bio_4.txt")));
    }

    /** RFC 9110 section 15.2: interim responses the client did not ask for are skipped, however many. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"HTTP/1.1 100 Continue\r\n\r\n",
        "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 102 Processing\r\n\r\n"
            + "HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n",
        "HTTP/1.1 199 Whatever\r\nContent-Length: 5000\r\n\r\n"})
    void skipsInterimResponsesBeforeTheAnswer(String interim) throws Exception {
        try (FakeServer server = new FakeServer((Reply) out -> {
            out.write(interim.getBytes(StandardCharsets.US_ASCII));
            whole(out);
        })) {
            ClientRun run = ClientRun.of("4", "--port", Integer.toString(server.port()), "--dir", dir.toString());

            assertEquals(ExitCode.OK, run.exitCode(), run.toString());
        }
        assertArrayEquals(CONTENT, Files.readAllBytes(dir.resolve("received_bio_4.txt")));
    }

    /**
     * A 206 that is not the rest of the partial file's version (If-Range named it): another
     * ETag, a weak one, or none. Joining it would splice two files; the client starts over.
     */
    @ParameterizedTest(name = "ETag {0}")
    @ValueSource(strings = {"\"new\"", "W/\"old\"", "", "\"old\"\r\nETag: \"new\""})
    void aResumeAnsweredWithAnotherVersionStartsOver(String etag) throws Exception {
        byte[] old = TestFiles.randomBytes(5000, 13);
        TestFiles.write(dir, "received_bio_4.txt", Arrays.copyOf(old, 2000));
        Files.writeString(dir.resolve("received_bio_4.txt.etag"), "\"old\"\n");
        try (FakeServer server = new FakeServer(
                (Reply) out -> {
                    out.write(("HTTP/1.1 206 Partial Content\r\nContent-Length: 3000\r\nContent-Range: bytes 2000-4999/5000\r\n"
                            + (etag.isEmpty() ? "" : "ETag: " + etag + "\r\n") + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(CONTENT, 2000, 3000);
                },
                (Reply) DownloadTest::whole)) {
            ClientRun run = ClientRun.of("4", "--port", Integer.toString(server.port()), "--dir", dir.toString(),
                    "--resume");

            assertEquals(ExitCode.OK, run.exitCode(), run.toString());
            assertEquals(2, server.requests().size(), "the resume, then the whole file");
            assertTrue(server.requests().get(0).contains("If-Range: \"old\""), server.requests().toString());
            assertTrue(server.requests().get(1).stream().noneMatch(line -> line.startsWith("Range:")),
                    server.requests().toString());
            assertTrue(!run.out().contains("resumed"), run.out());
        }
        assertArrayEquals(CONTENT, Files.readAllBytes(dir.resolve("received_bio_4.txt")));
    }
}
