package fileserver.robustness;

import static fileserver.robustness.ServerProbe.assertServesCorrectly;
import static fileserver.robustness.ServerProbe.awaitDescriptorsBackTo;
import static fileserver.robustness.ServerProbe.awaitIdle;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import fileserver.server.ServerConfig;
import fileserver.testing.Peer;
import fileserver.testing.RunningServer;
import fileserver.testing.TestFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 3: 10,000 requests from a seeded generator, random bytes and mutated valid
 * requests, against one server. Whatever arrives, the server answers with a well-formed
 * response whose body is right for its status, or closes; nothing escapes a worker; no
 * thread, connection or socket is left behind; and a normal download still works.
 * A failure names the seed and index of the request, which reproduce it.
 */
class RandomRequestTest {
    private static final long SEED = 20_260_301L;
    private static final int REQUESTS = 10_000;
    private static final int CLIENT_THREADS = 16;
    private static final int SIZE = 20_000;
    private static final byte[] CONTENT = TestFiles.randomBytes(SIZE, 8);
    private static final Set<Integer> STATUSES = Set.of(200, 206, 400, 404, 405, 408, 414, 416, 421, 431, 501, 505);

    @TempDir
    Path dir;

    @Test
    void tenThousandRandomRequestsNeverHurtTheServer() throws Exception {
        List<Throwable> uncaught = new ArrayList<>();
        Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> {
            synchronized (uncaught) {
                uncaught.add(e);
            }
        });
        Map<Integer, AtomicInteger> seen = new ConcurrentHashMap<>();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENT_THREADS);
        // Short, so the few requests left unfinished on purpose cost little time.
        try (RunningServer server = RunningServer.serving(TestFiles.write(dir, "bio.txt", CONTENT),
                b -> b.requestTimeout(Duration.ofMillis(300)))) {
            int descriptorsBefore = ServerProbe.openFileDescriptors();
            List<Future<?>> results = new ArrayList<>();
            for (int i = 0; i < REQUESTS; i++) {
                int index = i;
                results.add(clients.submit(() -> {
                    exchange(server.port(), index, seen);
                    return null;
                }));
            }
            for (Future<?> result : results) {
                result.get(60, TimeUnit.SECONDS);
            }

            awaitIdle(server, Duration.ofSeconds(10));
            // Idle pool threads: one per client, one per connection still draining after its
            // client moved on, and the pool's spare threads; none of them inside a connection.
            assertTrue(ServerProbe.threadsNamed("worker-") <= 2 * CLIENT_THREADS + ServerConfig.SPARE_WORKER_THREADS,
                    ServerProbe.threadsNamed("worker-") + " worker threads for " + CLIENT_THREADS + " clients");
            awaitDescriptorsBackTo(descriptorsBefore, 10, Duration.ofSeconds(10));
            assertServesCorrectly(server, CONTENT);
            List<String> bugs = server.logLines().stream().filter(line -> line.contains("internal error")).toList();
            assertEquals(List.of(), bugs);
        } finally {
            clients.shutdownNow();
            Thread.setDefaultUncaughtExceptionHandler(previous);
        }
        synchronized (uncaught) {
            assertEquals(List.of(), uncaught, "exceptions that escaped a thread");
        }
        // The generator must reach the interesting answers, or it proves little.
        Map<Integer, Integer> counts = new TreeMap<>();
        seen.forEach((status, count) -> counts.put(status, count.get()));
        for (int status : new int[] {0, 200, 206, 400, 404, 405, 408, 416, 431, 505}) {
            assertTrue(counts.getOrDefault(status, 0) > 0, "no " + status + " among " + counts);
        }
    }

    /** Sends request {@code index} and checks the reply; status 0 stands for "closed without a reply". */
    private static void exchange(int port, int index, Map<Integer, AtomicInteger> seen) throws IOException {
        Random random = new Random(SEED * 31 + index);
        byte[] request = RequestGenerator.next(random);
        // Most clients say "that is all" (FIN) so an unfinished head ends at once; a few
        // just wait, and must get 408 from the request timeout.
        boolean halfClose = random.nextInt(50) != 0;
        byte[] raw;
        try (Peer peer = Peer.connect(port)) {
            try {
                peer.send(request);
                if (halfClose) {
                    peer.halfClose();
                }
            } catch (IOException e) {
                // The server may answer and close before it has read everything we send.
            }
            raw = readWhatComes(peer);
        }
        String where = "request " + index + " (seed " + SEED + "): "
                + new String(request, StandardCharsets.ISO_8859_1).replace("\r", "\\r").replace("\n", "\\n\n");
        int status = 0;
        if (raw.length > 0) {
            Peer.Response response;
            try {
                response = Peer.Response.parse(raw);
            } catch (IOException e) {
                fail("malformed response (" + e.getMessage() + ") to " + where);
                return;
            }
            status = response.status();
            checkResponse(response, request, where);
        }
        seen.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
    }

    /** Reads to the end of the stream; a reset after a complete reply is the server closing on unread input. */
    private static byte[] readWhatComes(Peer peer) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n; (n = peer.in().read(buffer)) >= 0; ) {
                bytes.write(buffer, 0, n);
            }
        } catch (IOException e) {
            if (bytes.size() == 0) {
                return new byte[0];
            }
        }
        return bytes.toByteArray();
    }

    private static void checkResponse(Peer.Response response, byte[] request, String where) {
        int status = response.status();
        assertTrue(STATUSES.contains(status), status + " for " + where);
        assertEquals("close", response.header("Connection"), where);
        long length = Long.parseLong(response.header("Content-Length"));
        if (new String(request, StandardCharsets.ISO_8859_1).startsWith("HEAD ")) {
            // A parsed HEAD gets no body; a request too broken to parse is not known to be
            // HEAD, so its error reply comes with its text.
            boolean parsed = Set.of(200, 404, 416, 421).contains(status);
            assertTrue(response.body().length == 0 || (!parsed && response.body().length == length), where);
            if (status == 200) {
                assertEquals(SIZE, length, where);
            }
            return;
        }
        assertEquals(length, response.body().length, where);
        if (status == 200 || status == 206) {
            if (status == 200) {
                assertArrayEquals(CONTENT, response.body(), where);
            } else {
                String range = response.header("Content-Range");
                String[] parts = range.substring("bytes ".length(), range.indexOf('/')).split("-");
                int first = Integer.parseInt(parts[0]);
                int last = Integer.parseInt(parts[1]);
                assertArrayEquals(Arrays.copyOfRange(CONTENT, first, last + 1), response.body(), where);
            }
        } else if (status == 416) {
            assertEquals("bytes */" + SIZE, response.header("Content-Range"), where);
            assertEquals(0, response.body().length, where);
        } else {
            // Error replies carry a short text of ours.
            assertTrue(new String(response.body(), StandardCharsets.UTF_8).startsWith(status + " "), where);
        }
    }
}
