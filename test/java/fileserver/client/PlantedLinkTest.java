package fileserver.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fileserver.cli.ExitCode;
import fileserver.testing.ClientRun;
import fileserver.testing.FakeServer;
import fileserver.testing.FakeServer.Reply;
import fileserver.testing.TestFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 18: a symbolic link planted in the client's directory, in place of the received
 * file or its validator, and pointing at a file outside it, is refused (exit 3), never
 * written or read through: the file it points at stays the same, byte for byte. So is a
 * FIFO, which would block the client for good.
 */
class PlantedLinkTest {
    private static final byte[] TARGET_CONTENT = "\"secret\"\nsomeone else's file\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CONTENT = TestFiles.randomBytes(5000, 41);

    @TempDir
    Path root;
    private Path dir;
    private Path target;
    private Path received;
    private Path validator;

    @BeforeEach
    void files() throws IOException {
        // The client's directory, and beside it (outside it) the file a link points at.
        dir = Files.createDirectory(root.resolve("client"));
        target = TestFiles.write(Files.createDirectory(root.resolve("elsewhere")), "precious.txt", TARGET_CONTENT);
        received = dir.resolve("received_bio_s.txt");
        validator = dir.resolve("received_bio_s.txt.etag");
    }

    private static void whole(OutputStream out) throws IOException {
        out.write(("HTTP/1.1 200 OK\r\nContent-Length: 5000\r\nETag: \"v1\"\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(CONTENT);
    }

    /** The link is refused before a request is sent, with or without --resume. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"received_bio_s.txt", "received_bio_s.txt.etag", "received_bio_s.txt.etag --resume",
        "received_bio_s.txt --resume"})
    void theClientRefusesALinkInPlaceOfItsFiles(String linkAndOption) throws Exception {
        String[] words = linkAndOption.split(" ");
        Path link = Files.createSymbolicLink(dir.resolve(words[0]), target);
        if (!link.equals(received)) {
            TestFiles.write(dir, "received_bio_s.txt", new byte[100]);
        }
        ClientRun run;
        try (FakeServer server = new FakeServer((Reply) PlantedLinkTest::whole)) {
            run = ClientRun.of(words.length > 1 ? new String[] {"s", "--port", Integer.toString(server.port()), "--dir",
                dir.toString(), "--resume"} : new String[] {"s", "--port", Integer.toString(server.port()), "--dir",
                dir.toString()});
            assertEquals(0, server.requests().size(), "nothing may be sent: " + server.requests());
        }

        assertEquals(ExitCode.LOCAL_IO, run.exitCode(), run.toString());
        assertEquals("client s: " + link + " is a symbolic link; the client does not write or read through one"
                + " (remove it, or choose another --dir)\n", run.err().replace("\r\n", "\n"));
        assertArrayEquals(TARGET_CONTENT, Files.readAllBytes(target));
        assertTrue(Files.isSymbolicLink(link));
    }

    /**
     * Found in the hunt of issue 18: a FIFO in place of the received file blocked the
     * client's open until someone read the FIFO, that is forever. Anything but a regular
     * file is refused before a request is sent.
     */
    @Test
    void aFifoInPlaceOfTheReceivedFileIsRefusedAtOnce() throws Exception {
        Process mkfifo = new ProcessBuilder("mkfifo", received.toString()).inheritIO().start();
        assertEquals(0, mkfifo.waitFor(), "mkfifo");

        ClientRun run = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            try (FakeServer server = new FakeServer((Reply) PlantedLinkTest::whole)) {
                ClientRun client = ClientRun.of("s", "--port", Integer.toString(server.port()), "--dir", dir.toString());
                assertEquals(0, server.requests().size(), "nothing may be sent: " + server.requests());
                return client;
            }
        });

        assertEquals(ExitCode.LOCAL_IO, run.exitCode(), run.toString());
        assertEquals("client s: " + received + " is not a regular file (a directory, FIFO or device); the client"
                + " writes only into a regular file (remove it, or choose another --dir)\n", run.err().replace("\r\n", "\n"));
    }

    // A link planted after the check before the request, as a racing attacker would: the
    // opens themselves do not follow it.

    @ParameterizedTest(name = "append {0}")
    @ValueSource(booleans = {false, true})
    void theReceivedFileIsNotOpenedThroughALink(boolean append) throws IOException {
        Files.createSymbolicLink(received, target);
        ResumeState state = new ResumeState(received, validator);

        LocalIoException e = assertThrows(LocalIoException.class, () -> state.open(append).close());
        assertEquals(ResumeState.linkRefusal(received), e.getMessage());
        assertArrayEquals(TARGET_CONTENT, Files.readAllBytes(target));
    }

    @Test
    void theValidatorIsNotWrittenThroughALink() throws IOException {
        Files.createSymbolicLink(validator, target);
        ResumeState state = new ResumeState(received, validator);

        LocalIoException e = assertThrows(LocalIoException.class, () -> state.remember(Optional.of("\"v1\"")));
        assertEquals(ResumeState.linkRefusal(validator), e.getMessage());
        assertArrayEquals(TARGET_CONTENT, Files.readAllBytes(target));
    }

    @Test
    void theValidatorIsNotReadThroughALink() throws IOException {
        TestFiles.write(dir, "received_bio_s.txt", new byte[100]);
        Files.createSymbolicLink(validator, target);
        ResumeState state = new ResumeState(received, validator);

        DownloadFailure e = assertThrows(DownloadFailure.class, state::partial);
        assertEquals(ExitCode.LOCAL_IO, e.exitCode());
        assertEquals(ResumeState.linkRefusal(validator), e.getMessage());
    }

    @Test
    void aLinkedPartialFileIsNeitherMeasuredNorRead() throws IOException {
        Files.createSymbolicLink(received, target);
        Files.writeString(validator, "\"secret\"\n");
        ResumeState state = new ResumeState(received, validator);

        DownloadFailure e = assertThrows(DownloadFailure.class, state::partial);
        assertEquals(ExitCode.LOCAL_IO, e.exitCode());
        assertEquals(ResumeState.linkRefusal(received), e.getMessage());
        LocalIoException read = assertThrows(LocalIoException.class, () -> state.digestOfPartial(5));
        assertEquals(ResumeState.linkRefusal(received), read.getMessage());
    }
}
