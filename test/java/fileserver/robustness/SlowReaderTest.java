package fileserver.robustness;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fileserver.testing.Peer;
import fileserver.testing.RunningServer;
import fileserver.testing.TestFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18, finding 2: a reader is judged by its reading. A client taking a steady
 * 20 KB/s used to be cut as stalled after 30 s, because a write blocked on the send
 * buffer Linux grows on its own (megabytes) returned only once a third of it had drained.
 * Now the client's acknowledgements count as progress too (UnackedBytes).
 *
 * <p>20 KB/s against the default 30 s, through a 10 MiB file, takes nine minutes; the
 * test keeps the ratio and scales the time down tenfold: 200 KB/s against 3 s (600 KB per
 * timeout), through a file larger than what the kernel's
 * grown buffers swallow at once (about 5 MB here), so that the old server does block.
 */
@Timeout(120)
class SlowReaderTest {
    private static final int SIZE = 7 * 1024 * 1024;
    private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(3);
    private static final int BYTES_PER_SECOND = 200_000;
    private static final int STEPS_PER_SECOND = 20;

    @TempDir
    Path dir;

    @Test
    void aSteadyReaderWellAboveTheMinimumRateGetsTheWholeFile() throws Exception {
        byte[] content = TestFiles.randomBytes(SIZE, 186);
        try (RunningServer server = RunningServer.serving(TestFiles.write(dir, "bio.txt", content),
                b -> b.idleTimeout(IDLE_TIMEOUT));
             Peer peer = Peer.connect(server.port())) {
            peer.send("GET /bio.txt HTTP/1.1\r\nHost: a\r\n\r\n");
            assertEquals(200, peer.readHead().code());

            byte[] body = new byte[SIZE];
            int got = readPaced(peer.in(), body, SIZE);

            assertEquals(SIZE, got, "bytes received; the server says: " + ServerProbe.linesAbout(server, peer.localPort()));
            assertArrayEquals(content, body);
            assertEquals(-1, peer.in().read(), "the server's FIN after the last byte");
            assertTrue(server.logLines().stream().noneMatch(line -> line.contains("stalled")),
                    String.join("\n", server.logLines()));
        }
    }

    @Test
    void aReaderThatStopsIsCutWithinTheIdleTimeout() throws Exception {
        byte[] content = TestFiles.randomBytes(SIZE, 187);
        try (RunningServer server = RunningServer.serving(TestFiles.write(dir, "bio.txt", content),
                b -> b.idleTimeout(IDLE_TIMEOUT));
             Peer peer = Peer.connect(server.port())) {
            peer.send("GET /bio.txt HTTP/1.1\r\nHost: a\r\n\r\n");
            peer.readHead();
            byte[] body = new byte[SIZE];
            assertEquals(1_000_000, readPaced(peer.in(), body, 1_000_000));
            long stopped = System.nanoTime();

            String line = server.awaitLogLine(l -> Peer.logLineOf(peer.localPort()).matcher(l).find(),
                    Duration.ofSeconds(30));

            long millis = (System.nanoTime() - stopped) / 1_000_000;
            assertTrue(line.contains(" closed a stalled transfer: no progress for 3 s after "), line);
            assertTrue(millis <= IDLE_TIMEOUT.plusSeconds(2).toMillis(), "cut " + millis + " ms after the reader stopped");
        }
    }

    /**
     * Reads {@code count} bytes at {@link #BYTES_PER_SECOND}, in steps on a fixed schedule
     * (a late step does not delay the ones after it); returns how many arrived.
     */
    private static int readPaced(InputStream in, byte[] into, int count) throws IOException, InterruptedException {
        int step = BYTES_PER_SECOND / STEPS_PER_SECOND;
        long start = System.nanoTime();
        int got = 0;
        for (int i = 0; got < count; i++) {
            int n = in.readNBytes(into, got, Math.min(step, count - got));
            if (n == 0) {
                break;
            }
            got += n;
            long due = start + (i + 1) * 1_000_000_000L / STEPS_PER_SECOND;
            long wait = (due - System.nanoTime()) / 1_000_000;
            if (wait > 0) {
                Thread.sleep(wait); // the pace of the client under test
            }
        }
        return got;
    }
}
