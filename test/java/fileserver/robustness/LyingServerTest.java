package fileserver.robustness;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fileserver.cli.ExitCode;
import fileserver.snapshot.FileSnapshot;
import fileserver.testing.ClientRun;
import fileserver.testing.FakeServer;
import fileserver.testing.FakeServer.Reply;
import fileserver.testing.FakeServer.Script;
import fileserver.testing.RunningServer;
import fileserver.testing.TestFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 3: a server that lies. The client must detect each lie, say which in one line,
 * exit non-zero, never print "verified", and leave what it has for {@code --resume},
 * which against an honest server then completes a byte-identical copy.
 */
class LyingServerTest {
    private static final int SIZE = 10_000;
    private static final byte[] CONTENT = TestFiles.randomBytes(SIZE, 5);
    private static final FileSnapshot TRUE = new FileSnapshot("bio.txt", CONTENT, Instant.EPOCH);
    private static final FileSnapshot OTHER = new FileSnapshot("bio.txt", TestFiles.randomBytes(SIZE, 6), Instant.EPOCH);

    @TempDir
    Path dir;

    static Stream<Arguments> lies() {
        return Stream.of(
                lie("fewer bytes than Content-Length", ExitCode.TRANSFER_FAILED,
                        "connection closed after 5000 of 10000 bytes; run again with --resume to continue",
                        out -> {
                            out.write(head(200, SIZE, TRUE.reprDigest()));
                            out.write(CONTENT, 0, 5000);
                        }),
                lie("more bytes than Content-Length", ExitCode.TRANSFER_FAILED,
                        "the server sent more than the 10000 bytes it announced",
                        out -> {
                            out.write(head(200, SIZE, TRUE.reprDigest()));
                            out.write(CONTENT);
                            out.write("and some more".getBytes(StandardCharsets.US_ASCII));
                        }),
                lie("a digest that does not match", ExitCode.TRANSFER_FAILED,
                        "SHA-256 mismatch: the 10000 bytes received differ from what the server announced",
                        out -> {
                            out.write(head(200, SIZE, OTHER.reprDigest()));
                            out.write(CONTENT);
                        }),
                lie("a corrupted byte", ExitCode.TRANSFER_FAILED,
                        "SHA-256 mismatch: the 10000 bytes received differ from what the server announced",
                        out -> {
                            out.write(head(200, SIZE, TRUE.reprDigest()));
                            byte[] corrupt = CONTENT.clone();
                            corrupt[1234] ^= 1;
                            out.write(corrupt);
                        }),
                lie("a malformed digest", ExitCode.TRANSFER_FAILED, "the server sent a malformed Repr-Digest",
                        out -> out.write(head(200, SIZE, "sha-256=:bm90IGEgZGlnZXN0:"))),
                lie("a non-HTTP reply", ExitCode.TRANSFER_FAILED,
                        "the server's reply is not HTTP (it starts with \"SSH-2.0-OpenSSH_9.6\\x0d\\x0a\")",
                        out -> out.write("SSH-2.0-OpenSSH_9.6\r\n".getBytes(StandardCharsets.US_ASCII))),
                lie("a malformed status line", ExitCode.TRANSFER_FAILED, "the server's reply is not HTTP (not an HTTP/1.x status line)",
                        out -> out.write("HTTP/1.1 OK\r\n\r\n".getBytes(StandardCharsets.US_ASCII))),
                lie("a 500", ExitCode.HTTP_ERROR, "the server answered 500 Internal Server Error",
                        out -> out.write("HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\n\r\n"
                                .getBytes(StandardCharsets.US_ASCII))),
                lie("no reply at all", ExitCode.TRANSFER_FAILED, "the server closed the connection without replying",
                        out -> { }),
                lie("half a head", ExitCode.TRANSFER_FAILED,
                        "the server closed the connection in the middle of its reply's head",
                        out -> out.write("HTTP/1.1 200 OK\r\nContent-Len".getBytes(StandardCharsets.US_ASCII))),
                lie("no Content-Length", ExitCode.TRANSFER_FAILED, "the server sent no Content-Length, so the copy cannot be verified",
                        out -> {
                            out.write("HTTP/1.1 200 OK\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                            out.write(CONTENT);
                        }),
                lie("Transfer-Encoding", ExitCode.TRANSFER_FAILED,
                        "the server used Transfer-Encoding, which this client does not support",
                        out -> out.write(("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                                + "5\r\nhello\r\n0\r\n\r\n").getBytes(StandardCharsets.US_ASCII))),
                lie("two different Content-Lengths", ExitCode.TRANSFER_FAILED, "the server sent an invalid Content-Length",
                        out -> out.write(("HTTP/1.1 200 OK\r\nContent-Length: 10000\r\nContent-Length: 9999\r\n\r\n")
                                .getBytes(StandardCharsets.US_ASCII))),
                lie("a negative Content-Length", ExitCode.TRANSFER_FAILED, "the server sent an invalid Content-Length",
                        out -> out.write("HTTP/1.1 200 OK\r\nContent-Length: -5\r\n\r\n"
                                .getBytes(StandardCharsets.US_ASCII))),
                // The digest of the gzip bytes: a client that saved them would call them verified.
                lie("a gzip body", ExitCode.TRANSFER_FAILED, "the server sent the file with Content-Encoding: gzip,"
                                + " which this client did not ask for and does not decode",
                        out -> {
                            byte[] gzip = gzip(CONTENT);
                            FileSnapshot gzipped = new FileSnapshot("bio.txt", gzip, Instant.EPOCH);
                            out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + gzip.length + "\r\nContent-Encoding: gzip"
                                    + "\r\nRepr-Digest: " + gzipped.reprDigest() + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                            out.write(gzip);
                        }),
                // RFC 9651: the field lines make one dictionary, and the last sha-256 counts.
                lie("a second Repr-Digest line that does not match", ExitCode.TRANSFER_FAILED,
                        "SHA-256 mismatch: the 10000 bytes received differ from what the server announced",
                        out -> {
                            out.write(head(200, SIZE, TRUE.reprDigest() + "\r\nRepr-Digest: " + OTHER.reprDigest()));
                            out.write(CONTENT);
                        }),
                lie("101 Switching Protocols", ExitCode.TRANSFER_FAILED, "the server switched to another protocol"
                                + " (101 Switching Protocols), which this client did not ask for",
                        out -> out.write("HTTP/1.1 101 Switching Protocols\r\nUpgrade: h2c\r\n\r\n"
                                .getBytes(StandardCharsets.US_ASCII))),
                lie("endless interim responses", ExitCode.TRANSFER_FAILED,
                        "the server's reply is not HTTP (more than 65536 bytes of interim (1xx) responses)",
                        out -> {
                            byte[] interim = "HTTP/1.1 102 Processing\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
                            for (int sent = 0; sent <= 70_000; sent += interim.length) {
                                out.write(interim);
                            }
                            out.write(head(200, SIZE, TRUE.reprDigest()));
                            out.write(CONTENT);
                        }));
    }

    private static Arguments lie(String name, ExitCode exit, String message, Reply script) {
        return Arguments.of(name, exit, message, script);
    }

    private static byte[] gzip(byte[] content) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(content);
        }
        return bytes.toByteArray();
    }

    private static byte[] head(int status, long length, String digest) {
        return ("HTTP/1.1 " + status + " OK\r\nContent-Length: " + length + "\r\nETag: " + TRUE.etag()
                + "\r\nRepr-Digest: " + digest + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lies")
    void theClientDetectsEachLieAndLeavesItsFileForResume(String name, ExitCode exit, String message, Script script)
            throws Exception {
        ClientRun run;
        try (FakeServer liar = new FakeServer(script)) {
            run = ClientRun.of("7", "--port", Integer.toString(liar.port()), "--dir", dir.toString(), "--retries", "0");
        }

        assertEquals(exit, run.exitCode(), run.toString());
        assertEquals("", run.out(), "nothing may be reported as good");
        assertEquals("client 7: " + message, run.err().lines().findFirst().orElse(""), run.err());
        assertEquals(1, run.err().lines().count(), run.err());

        // Whatever the liar left, a resume from an honest server ends in the true file.
        try (RunningServer honest = RunningServer.serving(TestFiles.write(dir, "bio.txt", CONTENT))) {
            ClientRun resume = ClientRun.of("7", "--port", Integer.toString(honest.port()), "--dir", dir.toString(),
                    "--resume");
            assertEquals(ExitCode.OK, resume.exitCode(), resume.toString());
            assertArrayEquals(CONTENT, Files.readAllBytes(dir.resolve("received_bio_7.txt")));
            if (name.startsWith("fewer bytes")) {
                assertTrue(resume.out().contains("(resumed at 5000)"), resume.out());
            }
        }
    }

    static Stream<Arguments> resumeLies() {
        return Stream.of(
                resumeLie("a range that stops short of the end", "bytes 500-599/10000", 100,
                        "the server sent the wrong range (bytes 500-599/10000) for the rest of the file from byte 500"),
                resumeLie("a range from another offset", "bytes 400-9999/10000", 9600,
                        "the server sent the wrong range (bytes 400-9999/10000) for the rest of the file from byte 500"),
                resumeLie("the rest of a longer file", "bytes 500-9999/20000", 9500,
                        "the server sent the wrong range (bytes 500-9999/20000) for the rest of the file from byte 500"),
                resumeLie("a Content-Length that is not the range's", "bytes 500-9999/10000", 100,
                        "the server's Content-Range (bytes 500-9999/10000) does not match its Content-Length (100)"),
                resumeLie("an unknown complete length", "bytes 500-9999/*", 9500,
                        "the server sent an invalid Content-Range (\"bytes 500-9999/*\": "
                                + "not of the form bytes FIRST-LAST/LENGTH)"),
                resumeLie("no Content-Range", null, 9500,
                        "the server sent an invalid Content-Range (\"\": not a byte range)"));
    }

    private static Arguments resumeLie(String name, String contentRange, int length, String message) {
        return Arguments.of(name, contentRange, length, message);
    }

    /**
     * Resuming at byte 500 of 10000 with no {@code Repr-Digest} to check: only the range
     * and the lengths stand between the client and a truncated copy called verified.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("resumeLies")
    void aResumeThatIsNotTheRestOfTheFileFailsAndKeepsThePartialCopy(String name, String contentRange, int length,
                                                                     String message) throws Exception {
        Path copy = TestFiles.write(dir, "received_bio_7.txt", Arrays.copyOf(CONTENT, 500));
        Files.writeString(dir.resolve("received_bio_7.txt.etag"), TRUE.etag());
        ClientRun run;
        try (FakeServer liar = new FakeServer((Reply) out -> {
            out.write(("HTTP/1.1 206 Partial Content\r\nContent-Length: " + length
                    + (contentRange == null ? "" : "\r\nContent-Range: " + contentRange) + "\r\nETag: " + TRUE.etag()
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(CONTENT, 500, Math.min(length, SIZE - 500));
        })) {
            run = ClientRun.of("7", "--port", Integer.toString(liar.port()), "--dir", dir.toString(), "--resume",
                    "--retries", "0");
        }

        assertEquals(ExitCode.TRANSFER_FAILED, run.exitCode(), run.toString());
        assertEquals("", run.out(), "nothing may be reported as verified");
        assertEquals("client 7: " + message, run.err().strip(), run.err());
        assertArrayEquals(Arrays.copyOf(CONTENT, 500), Files.readAllBytes(copy), "the partial copy, untouched");
    }

    @Test
    void aResumeThatIsTheRestOfTheFileIsVerifiedByLengthWithoutADigest() throws Exception {
        TestFiles.write(dir, "received_bio_7.txt", Arrays.copyOf(CONTENT, 500));
        Files.writeString(dir.resolve("received_bio_7.txt.etag"), TRUE.etag());
        ClientRun run;
        try (FakeServer honest = new FakeServer((Reply) out -> {
            out.write(("HTTP/1.1 206 Partial Content\r\nContent-Length: 9500\r\nContent-Range: bytes 500-9999/10000"
                    + "\r\nETag: " + TRUE.etag() + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(CONTENT, 500, SIZE - 500);
        })) {
            run = ClientRun.of("7", "--port", Integer.toString(honest.port()), "--dir", dir.toString(), "--resume");
        }

        assertEquals(ExitCode.OK, run.exitCode(), run.toString());
        assertTrue(run.out().matches("client 7: 10000 bytes in .*\\(resumed at 500\\), verified length\\R"), run.out());
        assertArrayEquals(CONTENT, Files.readAllBytes(dir.resolve("received_bio_7.txt")));
    }

    @Test
    void aShortTransferKeepsExactlyWhatArrivedAndTheValidator() throws Exception {
        try (FakeServer liar = new FakeServer((Reply) out -> {
            out.write(head(200, SIZE, TRUE.reprDigest()));
            out.write(CONTENT, 0, 5000);
        })) {
            ClientRun run = ClientRun.of("8", "--port", Integer.toString(liar.port()), "--dir", dir.toString());
            assertEquals(ExitCode.TRANSFER_FAILED, run.exitCode(), run.toString());
        }
        assertArrayEquals(Arrays.copyOf(CONTENT, 5000), Files.readAllBytes(dir.resolve("received_bio_8.txt")));
        assertEquals(TRUE.etag(), Files.readString(dir.resolve("received_bio_8.txt.etag")).strip());
    }

    /** A non-HTTP server that sends a banner and then waits is named at once, not after a timeout. */
    @Test
    void aBannerThatIsNotHttpIsNamedWithoutWaiting() throws Exception {
        try (FakeServer ssh = new FakeServer(out -> {
            out.write("SSH-2.0-OpenSSH_9.6\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return true; // then waits for the client's banner, until the client closes
        })) {
            long start = System.nanoTime();
            ClientRun run = ClientRun.of("9", "--port", Integer.toString(ssh.port()), "--dir", dir.toString());
            long millis = (System.nanoTime() - start) / 1_000_000;

            assertEquals(ExitCode.TRANSFER_FAILED, run.exitCode(), run.toString());
            assertTrue(run.err().contains("not HTTP"), run.err());
            assertTrue(millis < 4000, "took " + millis + " ms");
        }
    }
}
