package fileserver.client;

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
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18: a server that stops sending, or drips, in the head or in the body, is given
 * up on by the rule of {@code --speed-limit} and {@code --speed-time} (here 100 bytes/s
 * over 2 s, to keep the test short). The drips stop after {@link #DRIP_MILLIS} and the
 * server closes, so a client without the rule fails the test with another message
 * instead of hanging it.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SlowServerTest {
    private static final int SIZE = 10_000;
    private static final byte[] CONTENT = TestFiles.randomBytes(SIZE, 31);
    private static final FileSnapshot FILE = new FileSnapshot("bio.txt", CONTENT, Instant.EPOCH);
    private static final int DRIP_MILLIS = 12_000;
    private static final String RULE = "below --speed-limit 100 B/s over --speed-time 2 s";

    @TempDir
    Path dir;

    private ClientRun runAgainst(Script script) throws IOException {
        try (FakeServer server = new FakeServer(script)) {
            return ClientRun.of("7", "--port", Integer.toString(server.port()), "--dir", dir.toString(), "--retries", "0",
                    "--speed-limit", "100", "--speed-time", "2");
        }
    }

    /** Writes {@code bytes} one at a time, 5 a second (a pace, not a synchronisation), for at most DRIP_MILLIS. */
    private static void drip(OutputStream out, byte[] bytes, int from) throws IOException {
        long end = System.nanoTime() + DRIP_MILLIS * 1_000_000L;
        for (int i = from; i < bytes.length && System.nanoTime() < end; i++) {
            out.write(bytes[i]);
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                throw new InterruptedIOException();
            }
        }
    }

    private static byte[] head() {
        return ("HTTP/1.1 200 OK\r\nContent-Length: " + SIZE + "\r\nETag: " + FILE.etag() + "\r\nRepr-Digest: "
                + FILE.reprDigest() + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void givesUpOnABodyThatDripsAndKeepsWhatCameForResume() throws Exception {
        long start = System.nanoTime();
        ClientRun run = runAgainst((Reply) out -> {
            out.write(head());
            out.write(CONTENT, 0, 3000);
            drip(out, CONTENT, 3000);
        });
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertEquals(ExitCode.TRANSFER_FAILED, run.exitCode(), run.toString());
        assertEquals("", run.out());
        Matcher line = Pattern.compile("client 7: the server was too slow \\((\\d+) bytes in the last 2 s, " + RULE
                + "\\) after (\\d+) of 10000 bytes; run again with --resume to continue\\R").matcher(run.err());
        assertTrue(line.matches(), run.err());
        assertTrue(Integer.parseInt(line.group(1)) < 200, run.err());
        assertTrue(millis < DRIP_MILLIS, "took " + millis + " ms");
        int kept = Integer.parseInt(line.group(2));
        assertArrayEquals(Arrays.copyOf(CONTENT, kept), Files.readAllBytes(dir.resolve("received_bio_7.txt")));

        try (RunningServer honest = RunningServer.serving(TestFiles.write(dir, "bio.txt", CONTENT))) {
            ClientRun resume = ClientRun.of("7", "--port", Integer.toString(honest.port()), "--dir", dir.toString(),
                    "--resume");
            assertEquals(ExitCode.OK, resume.exitCode(), resume.toString());
            assertTrue(resume.out().contains("(resumed at " + kept + ")"), resume.out());
        }
        assertArrayEquals(CONTENT, Files.readAllBytes(dir.resolve("received_bio_7.txt")));
    }

    @Test
    void givesUpOnAHeadThatDrips() throws Exception {
        long start = System.nanoTime();
        ClientRun run = runAgainst((Reply) out -> drip(out, head(), 0));
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertEquals(ExitCode.TRANSFER_FAILED, run.exitCode(), run.toString());
        assertTrue(run.err().matches("client 7: the server was too slow \\(\\d+ bytes in the last 2 s, " + RULE
                + "\\) in sending its reply's head\\R"), run.err());
        assertTrue(millis < DRIP_MILLIS, "took " + millis + " ms");
        assertTrue(Files.notExists(dir.resolve("received_bio_7.txt")), "no file without a head");
    }

    @Test
    void givesUpOnAServerThatNeverAnswers() throws Exception {
        ClientRun run = runAgainst(out -> true);

        assertEquals(ExitCode.TRANSFER_FAILED, run.exitCode(), run.toString());
        assertEquals("client 7: the server was too slow (nothing in the last 2 s, " + RULE
                + ") in sending its reply's head\n", run.err().replace("\r\n", "\n"));
    }

    /** 5000 bytes/s in 500-byte writes, 50 times the limit: slow, but never given up on. */
    @Test
    void keepsWaitingForAServerThatIsSlowButKeepsToTheLimit() throws Exception {
        ClientRun run = runAgainst((Reply) out -> {
            out.write(head());
            for (int i = 0; i < SIZE; i += 500) {
                out.write(CONTENT, i, 500);
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    throw new InterruptedIOException();
                }
            }
        });

        assertEquals(ExitCode.OK, run.exitCode(), run.toString());
        assertArrayEquals(CONTENT, Files.readAllBytes(dir.resolve("received_bio_7.txt")));
    }
}
