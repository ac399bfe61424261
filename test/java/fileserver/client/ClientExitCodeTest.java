package fileserver.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fileserver.testing.FakeServer;
import fileserver.testing.FakeServer.Reply;
import fileserver.testing.JavaProcess;
import fileserver.testing.RunningServer;
import fileserver.testing.TestFiles;
import fileserver.testing.TestPorts;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client's exit codes as numbers, from a real process: what README documents and
 * scripts test with {@code $?}. The {@code ExitCode} enum is not used here on purpose, so
 * that renumbering it fails these tests.
 */
class ClientExitCodeTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final byte[] CONTENT = TestFiles.randomBytes(5000, 11);

    @TempDir
    Path dir;

    private JavaProcess client(String... args) throws Exception {
        return JavaProcess.run(dir, "client", TIMEOUT, "Client", args);
    }

    private static void assertExit(int expected, JavaProcess client, String stderrStart) {
        assertEquals(expected, client.exitValue(), client.toString());
        assertTrue(client.err().startsWith(stderrStart), client.toString());
    }

    @Test
    void exits0WithAVerifiedCopy() throws Exception {
        try (RunningServer server = RunningServer.serving(TestFiles.write(dir, "bio.txt", CONTENT))) {
            JavaProcess client = client("3", "--port", Integer.toString(server.port()), "--dir", dir.toString());

            assertEquals(0, client.exitValue(), client.toString());
            assertTrue(client.out().startsWith("client 3: 5000 bytes in "), client.out());
        }
        assertEquals(TestFiles.sha256Hex(CONTENT),
                TestFiles.sha256Hex(Files.readAllBytes(dir.resolve("received_bio_3.txt"))));
    }

    @Test
    void exits1ForABodyShorterThanAnnounced() throws Exception {
        try (FakeServer server = new FakeServer((Reply) out -> {
            out.write("HTTP/1.1 200 OK\r\nContent-Length: 5000\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.write(CONTENT, 0, 1000);
        })) {
            assertExit(1, client("3", "--port", Integer.toString(server.port()), "--dir", dir.toString()),
                    "client 3: connection closed after 1000 of 5000 bytes");
        }
    }

    @Test
    void exits2ForAnInvalidId() throws Exception {
        assertExit(2, client("no spaces allowed"), "client: ");
    }

    @Test
    void exits3ForAMissingDirectory() throws Exception {
        assertExit(3, client("3", "--dir", dir.resolve("missing").toString()), "client 3: directory ");
    }

    /**
     * The directory is writable, but the copy cannot be written past its first 2 KiB, as on
     * a full disk: the client runs under {@code ulimit -f 2}. (A link to /dev/full did this
     * before; a link is refused now, see PlantedLinkTest.)
     */
    @Test
    void exits3WhenWritingTheCopyFails() throws Exception {
        try (RunningServer server = RunningServer.serving(TestFiles.write(dir, "bio.txt", CONTENT));
             JavaProcess client = JavaProcess.startWithFileSizeLimit(dir, "client", 2, "Client", "3", "--port",
                     Integer.toString(server.port()), "--dir", dir.toString())) {
            client.awaitExit(TIMEOUT);
            assertExit(3, client, "client 3: cannot write " + dir.resolve("received_bio_3.txt") + ": File too large");
        }
    }

    @Test
    void exits4ForAHostThatDoesNotResolve() throws Exception {
        // .invalid is reserved never to resolve (RFC 6761).
        assertExit(4, client("3", "--host", "no-such-host.invalid", "--dir", dir.toString()),
                "client 3: unknown host no-such-host.invalid");
    }

    @Test
    void exits5WhenNothingListens() throws Exception {
        int closedPort = TestPorts.closed();
        assertExit(5, client("3", "--port", Integer.toString(closedPort), "--dir", dir.toString(), "--retries", "0"),
                "client 3: cannot connect to 127.0.0.1:" + closedPort);
    }

    @Test
    void exits6ForA404() throws Exception {
        try (RunningServer server = RunningServer.serving(TestFiles.write(dir, "bio.txt", CONTENT))) {
            assertExit(6, client("3", "--port", Integer.toString(server.port()), "--dir", dir.toString(),
                    "--path", "/other.txt"), "client 3: the server answered 404");
        }
    }

    @Test
    void exits6WhenTheServerIsStillBusyAfterTheRetries() throws Exception {
        try (FakeServer server = new FakeServer((Reply) out -> out.write(
                "HTTP/1.1 503 Service Unavailable\r\nRetry-After: 0\r\nContent-Length: 0\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII)))) {
            JavaProcess client = client("3", "--port", Integer.toString(server.port()), "--dir", dir.toString(),
                    "--retries", "2");

            assertEquals(6, client.exitValue(), client.toString());
            assertTrue(client.err().contains("client 3: the server is busy (503), gave up after 3 attempts"),
                    client.toString());
            assertEquals(3, server.requestNanos().size(), "one request and two retries");
        }
    }
}
