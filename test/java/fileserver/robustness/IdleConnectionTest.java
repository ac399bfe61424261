package fileserver.robustness;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fileserver.testing.Peer;
import fileserver.testing.RunningServer;
import fileserver.testing.TestFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18, finding 5: connections that send nothing. Each held a worker until its 408,
 * then for the whole idle timeout more while the server waited for it to close, so with
 * {@code --max-clients 20}, 25 of them kept real clients at 503 for 45 s. After any reply
 * that is not the file the server now waits only a couple of seconds.
 */
@Timeout(120)
class IdleConnectionTest {
    private static final int MAX_CLIENTS = 3;
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(2);

    @TempDir
    Path dir;

    @Test
    void silentConnectionsHoldNoWorkerLongAfterTheir408() throws Exception {
        byte[] content = TestFiles.randomBytes(64 * 1024, 185);
        List<Peer> silent = new ArrayList<>();
        try (RunningServer server = RunningServer.serving(TestFiles.write(dir, "bio.txt", content),
                b -> b.maxClients(MAX_CLIENTS).requestTimeout(REQUEST_TIMEOUT))) {
            for (int i = 0; i < MAX_CLIENTS + 5; i++) {
                silent.add(Peer.connect(server.port())); // sends nothing, reads nothing, never closes
            }
            long connected = System.nanoTime();
            // The request timeout, then the short wait for a close, with a second to spare.
            long deadline = connected + REQUEST_TIMEOUT.plusSeconds(3).toNanos();

            Peer.Response response = getUntilServed(server.port(), deadline);

            long millis = (System.nanoTime() - connected) / 1_000_000;
            assertEquals(200, response.status(), "still turned away " + millis + " ms after the silent ones came");
            assertArrayEquals(content, response.body());
            // Each silent one that had a worker got its 408 and is logged as not closing.
            long gone = server.logLines().stream()
                    .filter(line -> line.endsWith("bytes (did not close within 2 s; answered 408)")).count();
            assertEquals(MAX_CLIENTS, gone, String.join("\n", server.logLines()));
        } finally {
            for (Peer peer : silent) {
                peer.close();
            }
        }
    }

    /** Asks for the file again and again, as a client told to retry would, until served or past the deadline. */
    private static Peer.Response getUntilServed(int port, long deadline) throws IOException, InterruptedException {
        while (true) {
            Peer.Response response = Peer.get(port, "/bio.txt");
            if (response.status() != 503 || System.nanoTime() - deadline > 0) {
                return response;
            }
            Thread.sleep(100); // the pace of the client under test
        }
    }
}
