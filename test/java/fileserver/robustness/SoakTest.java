package fileserver.robustness;

import static fileserver.robustness.ServerProbe.assertServesCorrectly;
import static fileserver.robustness.ServerProbe.awaitDescriptorsBackTo;
import static fileserver.robustness.ServerProbe.awaitIdle;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fileserver.server.ServerConfig;
import fileserver.testing.Peer;
import fileserver.testing.RunningServer;
import fileserver.testing.TestFiles;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 3, "soak": 5,000 transfers through one server, a mix of whole files, HEAD,
 * ranges and clients that give up half-way, each checked; then the server's threads,
 * this process's file descriptors and the heap after GC must be back near where they
 * were before, so nothing leaks per transfer.
 */
class SoakTest {
    private static final int TRANSFERS = 5000;
    private static final int WARM_UP = 300;
    private static final int CLIENT_THREADS = 8;
    private static final int SIZE = 256 * 1024;
    private static final byte[] CONTENT = TestFiles.randomBytes(SIZE, 51);
    /** Heap growth allowed: the captured log (~1 MB) and noise; a leak of 4 KB per transfer is 20 MB. */
    private static final long HEAP_SLACK = 16L * 1024 * 1024;
    /**
     * Idle worker threads the pool may hold beyond those of the warm-up: one per client,
     * one per connection still draining after its client moved on, and the pool's spare
     * threads. They are idle (none may be inside a connection) and retire after 30 s.
     */
    private static final int THREAD_ALLOWANCE = 2 * CLIENT_THREADS + ServerConfig.SPARE_WORKER_THREADS;

    @TempDir
    Path dir;

    @Test
    void fiveThousandMixedTransfersLeakNoThreadsSocketsOrMemory() throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(CLIENT_THREADS);
        try (RunningServer server = RunningServer.serving(TestFiles.write(dir, "bio.txt", CONTENT))) {
            run(clients, server.port(), WARM_UP, 1);
            awaitIdle(server, Duration.ofSeconds(10));
            long heapBefore = heapAfterGc();
            int threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();
            int descriptorsBefore = ServerProbe.openFileDescriptors();

            run(clients, server.port(), TRANSFERS, 2);

            awaitIdle(server, Duration.ofSeconds(10));
            awaitDescriptorsBackTo(descriptorsBefore, 10, Duration.ofSeconds(10));
            int threadsAfter = ManagementFactory.getThreadMXBean().getThreadCount();
            assertTrue(threadsAfter <= threadsBefore + THREAD_ALLOWANCE, threadsBefore + " threads before, "
                    + threadsAfter + " after");
            long heapAfter = heapAfterGc();
            assertTrue(heapAfter - heapBefore < HEAP_SLACK, "heap after GC grew from " + heapBefore / 1024 + " KiB to "
                    + heapAfter / 1024 + " KiB");
            assertEquals(List.of(), server.logLines().stream().filter(l -> l.contains("internal error")).toList());
            assertServesCorrectly(server, CONTENT);
        } finally {
            clients.shutdownNow();
        }
    }

    /** Runs {@code count} transfers on the client threads and checks each. */
    private static void run(ExecutorService clients, int port, int count, long seed) throws Exception {
        List<Future<?>> results = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Random random = new Random(seed * 1_000_003 + i);
            results.add(clients.submit(() -> {
                transfer(port, random);
                return null;
            }));
        }
        for (Future<?> result : results) {
            result.get(60, TimeUnit.SECONDS);
        }
    }

    private static void transfer(int port, Random random) throws IOException {
        int kind = random.nextInt(10);
        try (Peer peer = Peer.connect(port)) {
            switch (kind) {
                case 0, 1, 2, 3 -> {
                    peer.send("GET /bio.txt HTTP/1.1\r\nHost: a\r\n\r\n");
                    Peer.Response response = peer.readResponse();
                    assertEquals(200, response.status());
                    assertArrayEquals(CONTENT, response.body());
                }
                case 4, 5 -> {
                    peer.send("HEAD /bio.txt HTTP/1.1\r\nHost: a\r\n\r\n");
                    Peer.Response response = peer.readResponse();
                    assertEquals(200, response.status());
                    assertEquals(Integer.toString(SIZE), response.header("Content-Length"));
                    assertEquals(0, response.body().length);
                }
                case 6, 7 -> {
                    int first = random.nextInt(SIZE);
                    int last = first + random.nextInt(SIZE - first);
                    peer.send("GET /bio.txt HTTP/1.1\r\nHost: a\r\nRange: bytes=" + first + "-" + last + "\r\n\r\n");
                    Peer.Response response = peer.readResponse();
                    assertEquals(206, response.status());
                    assertArrayEquals(Arrays.copyOfRange(CONTENT, first, last + 1), response.body());
                }
                default -> abort(peer, random);
            }
        }
    }

    /** A client that gives up: at once, inside its request, or inside the body, politely or with RST. */
    private static void abort(Peer peer, Random random) throws IOException {
        switch (random.nextInt(4)) {
            case 0 -> { } // connect, then close
            case 1 -> peer.send("GET /bio.txt HTTP/1.1\r\nHo".getBytes(StandardCharsets.US_ASCII));
            case 2 -> {
                peer.send("GET /bio.txt HTTP/1.1\r\nHost: a\r\n\r\n");
                peer.readHead();
                peer.in().readNBytes(random.nextInt(SIZE / 2));
            }
            default -> {
                peer.send("GET /bio.txt HTTP/1.1\r\nHost: a\r\n\r\n");
                peer.in().readNBytes(1 + random.nextInt(4000));
                peer.socket().setSoLinger(true, 0);
            }
        }
    }

    /** Heap in use after a full collection; the least of three, to step over stragglers. */
    private static long heapAfterGc() {
        long least = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            least = Math.min(least, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return least;
    }
}
