package fileserver.robustness;

import static fileserver.robustness.ServerProbe.assertServesCorrectly;
import static fileserver.robustness.ServerProbe.awaitIdle;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fileserver.cli.ExitCode;
import fileserver.protocol.Headers;
import fileserver.server.ServerConfig;
import fileserver.server.ThreadKind;
import fileserver.testing.ClientRun;
import fileserver.testing.Peer;
import fileserver.testing.Poll;
import fileserver.testing.RunningServer;
import fileserver.testing.TestFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 3, "overload": more clients than workers, and a thousand clients in one burst. */
class OverloadTest {
    /** Threads a server may have beyond --max-clients: the spare workers and 2 overload threads. */
    private static final int THREAD_ALLOWANCE = ServerConfig.SPARE_WORKER_THREADS + 2;
    /**
     * The kernel's count of handshakes dropped at a full listen queue is for the whole
     * network namespace, so on a shared machine another program's drops count too; the
     * burst test checks it only when asked, with {@code -Dtest.listenDrops=strict}.
     */
    private static final boolean STRICT_LISTEN_DROPS = "strict".equals(System.getProperty("test.listenDrops"));
    /**
     * The holders below stall their transfers on purpose, for as long as a loaded machine
     * needs to run the rest of the test; the idle timeout must not cut them meanwhile.
     */
    private static final Duration HOLD_LONGER_THAN_ANY_TEST = Duration.ofMinutes(5);

    @TempDir
    Path dir;

    /**
     * Twice --max-clients at once. The first half hold every worker (they read the head,
     * then pause), so the second half, real clients, are certain to meet a full server:
     * each gets 503 with Retry-After, waits, retries, and ends verified, as do the first
     * half once they read on. A sampler watches the server's threads throughout.
     */
    @Test
    void twiceMaxClientsAtOnceAllEndVerifiedAndThreadsStayBounded() throws Exception {
        int maxClients = 8;
        byte[] content = TestFiles.randomBytes(8 * 1024 * 1024, 41);
        Poll.until(() -> ServerProbe.threadsNamed("worker-") == 0, Duration.ofSeconds(10),
                () -> "worker threads of earlier servers still alive");
        ThreadSampler sampler = new ThreadSampler();
        ExecutorService clients = Executors.newFixedThreadPool(maxClients);
        List<Peer> holders = new ArrayList<>();
        try (RunningServer server = RunningServer.serving(TestFiles.write(dir, "bio.txt", content),
                b -> b.maxClients(maxClients).idleTimeout(HOLD_LONGER_THAN_ANY_TEST))) {
            sampler.start(workerThreads(server));
            List<Headers> heads = new ArrayList<>();
            for (int i = 0; i < maxClients; i++) {
                // The default receive buffer: an 8 MiB body overfills it and the send buffer,
                // so the worker stays busy, and reading on later resumes at once.
                Peer holder = Peer.connect(server.port());
                holders.add(holder);
                holder.send("GET /bio.txt HTTP/1.1\r\nHost: a\r\n\r\n");
                heads.add(holder.readHead().headers());
            }

            // One more, raw: the 503 and its Retry-After as they are on the wire.
            Peer.Exchange busy = Peer.exchange(server.port(),
                    "GET /bio.txt HTTP/1.1\r\nHost: a\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            assertEquals(503, busy.response().status());
            assertEquals("1", busy.response().header("Retry-After"));

            CountDownLatch go = new CountDownLatch(1);
            List<Future<ClientRun>> runs = new ArrayList<>();
            for (int i = 0; i < maxClients; i++) {
                String[] args = {"c" + i, "--port", Integer.toString(server.port()), "--dir", dir.toString(),
                    "--retries", "10"};
                runs.add(clients.submit(() -> {
                    go.await();
                    return ClientRun.of(args);
                }));
            }
            go.countDown();
            // Every one of them is turned away at least once before the holders read on.
            Poll.until(() -> server.logLines().stream().filter(l -> l.contains(" 503 over capacity, told to retry"))
                    .count() >= maxClients + 1, Duration.ofSeconds(30), () -> String.join("\n", server.logLines()));
            for (int i = 0; i < maxClients; i++) {
                byte[] body = holders.get(i).readAll();
                assertEquals(content.length, body.length, "bytes that holder " + i + " got");
                assertEquals(heads.get(i).first("Repr-Digest").orElseThrow(), ServerProbe.reprDigest(body));
                assertArrayEquals(content, body);
                // Having it all, it hangs up, as an HTTP client does after "Connection: close";
                // the server holds a worker until then (see ConnectionHandler).
                holders.get(i).close();
            }
            for (int i = 0; i < maxClients; i++) {
                ClientRun run = runs.get(i).get(60, TimeUnit.SECONDS);
                assertEquals(ExitCode.OK, run.exitCode(), run.toString());
                assertTrue(run.err().contains("the server is busy (503); retrying in"), run.err());
                assertTrue(run.out().endsWith("verified sha-256\n"), run.out());
                assertArrayEquals(content, Files.readAllBytes(dir.resolve("received_bio_c" + i + ".txt")));
            }
            awaitIdle(server, Duration.ofSeconds(10));
            assertServesCorrectly(server, content);
        } finally {
            sampler.stop();
            clients.shutdownNow();
            for (Peer holder : holders) {
                holder.close();
            }
        }
        assertTrue(sampler.samples() > 10, "the sampler ran " + sampler.samples() + " times");
        assertTrue(sampler.maxWorkers() <= maxClients + ServerConfig.SPARE_WORKER_THREADS, "peak workers " + sampler.maxWorkers());
        assertTrue(sampler.maxOverload() <= 2, "peak overload threads " + sampler.maxOverload());
        assertTrue(sampler.maxWorkers() + sampler.maxOverload() <= maxClients + THREAD_ALLOWANCE,
                "peak server threads " + (sampler.maxWorkers() + sampler.maxOverload()));
    }

    /**
     * The 503 path has two threads, and none of them waits on a client. Two excess
     * clients that keep trickling bytes after their 503 must not hold them, so a third
     * excess client still hears "busy" promptly.
     */
    @Test
    void tricklingClientsCannotHoldTheBusyAnswer() throws Exception {
        byte[] content = TestFiles.randomBytes(8 * 1024 * 1024, 43);
        byte[] request = ("GET /bio.txt HTTP/1.1\r\nHost: a\r\nX-Pad: " + "z".repeat(200) + "\r\n\r\n")
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        List<Peer> slow = new ArrayList<>();
        List<Peer.Trickle> trickles = new ArrayList<>();
        List<Thread> readers = new ArrayList<>();
        try (RunningServer server = RunningServer.serving(TestFiles.write(dir, "bio.txt", content),
                b -> b.maxClients(1).idleTimeout(HOLD_LONGER_THAN_ANY_TEST));
             Peer holder = Peer.connect(server.port(), 8 * 1024)) {
            holder.send("GET /bio.txt HTTP/1.1\r\nHost: a\r\n\r\n");
            holder.readHead();
            CountDownLatch answered = new CountDownLatch(2);
            for (int i = 0; i < 2; i++) {
                Peer peer = Peer.connect(server.port());
                slow.add(peer);
                trickles.add(peer.trickle(request, Duration.ofMillis(100)));
                Thread reader = new Thread(() -> {
                    try {
                        if (peer.readResponse().status() == 503) {
                            answered.countDown();
                        }
                    } catch (java.io.IOException e) {
                        // counted as not answered
                    }
                }, "trickle-reader-" + i);
                readers.add(reader);
                reader.start();
            }
            assertTrue(answered.await(10, TimeUnit.SECONDS), "the trickling clients got no 503");

            long start = System.nanoTime();
            Peer.Response third = Peer.exchange(server.port(),
                    "GET /bio.txt HTTP/1.1\r\nHost: a\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                    .response();
            long millis = (System.nanoTime() - start) / 1_000_000;

            assertEquals(503, third.status());
            // Far below the 20 s the tricklers would hold an unbounded drain, with room for a loaded machine.
            assertTrue(millis < 8000, "the third client waited " + millis + " ms for its 503");
        } finally {
            for (Peer.Trickle trickle : trickles) {
                trickle.close();
            }
            for (Peer peer : slow) {
                peer.close();
            }
            for (Thread reader : readers) {
                reader.join(10_000);
            }
        }
    }

    /**
     * Thirty times --max-clients in one burst, every connection opened before any sends
     * its request, through a listen queue of 16: each one is answered, with the whole file
     * or with 503. None is reset or closed unanswered, as happens when the accept thread
     * falls behind and the kernel's queue overflows, or when the 503 path cannot keep up.
     */
    @Test
    void aBurstFarBeyondMaxClientsIsAnsweredToTheLastConnection() throws Exception {
        int count = 600;
        byte[] content = TestFiles.randomBytes(64 * 1024, 44);
        byte[] request = "GET /bio.txt HTTP/1.1\r\nHost: a\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        ExecutorService clients = Executors.newFixedThreadPool(count);
        try (RunningServer server = RunningServer.serving(TestFiles.write(dir, "bio.txt", content),
                b -> b.maxClients(20).backlog(16))) {
            CountDownLatch connected = new CountDownLatch(count);
            List<Future<String>> outcomes = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                outcomes.add(clients.submit(() -> {
                    try (Peer peer = Peer.connect(server.port())) {
                        connected.countDown();
                        connected.await();
                        peer.send(request);
                        Peer.Response response = Peer.Response.parse(peer.readAll());
                        return response.status() == 200 && java.util.Arrays.equals(content, response.body()) ? "200"
                                : response.status() == 503 ? "503" : "status " + response.status();
                    } catch (java.io.IOException e) {
                        return "failed: " + e;
                    }
                }));
            }
            java.util.Map<String, Integer> tally = new java.util.TreeMap<>();
            for (Future<String> outcome : outcomes) {
                tally.merge(outcome.get(100, TimeUnit.SECONDS), 1, Integer::sum);
            }
            int answered = tally.getOrDefault("200", 0) + tally.getOrDefault("503", 0);
            assertEquals(count, answered, "outcomes: " + tally);
            assertTrue(tally.getOrDefault("503", 0) > 0, "the burst never met a full server: " + tally);
        } finally {
            clients.shutdownNow();
        }
    }

    /**
     * A thousand clients in one burst against the default settings. No client may retry
     * (--retries 0). With {@code -Dtest.listenDrops=strict}, the kernel's count of
     * handshakes dropped at a full listen queue must not move either: with the backlog at
     * 10 instead of the default, it does.
     */
    @Test
    void aThousandClientsInOneBurstAreAllAcceptedAndVerified() throws Exception {
        int count = 1000;
        byte[] content = TestFiles.randomBytes(128 * 1024, 42);
        Path received = Files.createDirectory(dir.resolve("received"));
        ExecutorService clients = Executors.newFixedThreadPool(count);
        try (RunningServer server = RunningServer.serving(TestFiles.write(dir, "bio.txt", content))) {
            CountDownLatch ready = new CountDownLatch(count);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<ClientRun>> runs = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String[] args = {Integer.toString(i), "--port", Integer.toString(server.port()), "--dir",
                    received.toString(), "--retries", "0"};
                runs.add(clients.submit(() -> {
                    ready.countDown();
                    go.await();
                    return ClientRun.of(args);
                }));
            }
            assertTrue(ready.await(60, TimeUnit.SECONDS), "client threads did not start");
            long dropsBefore = ServerProbe.listenQueueDrops();
            go.countDown();

            AtomicInteger failed = new AtomicInteger();
            StringBuilder failures = new StringBuilder();
            for (int i = 0; i < count; i++) {
                ClientRun run = runs.get(i).get(100, TimeUnit.SECONDS);
                if (run.exitCode() != ExitCode.OK && failed.incrementAndGet() <= 5) {
                    failures.append(run).append('\n');
                }
            }
            assertEquals(0, failed.get(), failed + " of " + count + " clients failed, e.g.\n" + failures);
            // A full listen queue need not refuse anyone: Linux drops the handshake and the
            // client's retransmission, a second later, usually gets in. The kernel counts it.
            long drops = ServerProbe.listenQueueDrops() - dropsBefore;
            if (STRICT_LISTEN_DROPS) {
                assertEquals(0, drops, "handshakes dropped by a full listen queue during the burst");
            } else if (drops > 0) {
                System.out.println("OverloadTest: " + drops + " handshakes dropped by a full listen queue during the"
                        + " burst (this namespace, any program); every client was still served");
            }
            for (int i = 0; i < count; i++) {
                assertArrayEquals(content, Files.readAllBytes(received.resolve("received_bio_" + i + ".txt")), "client " + i);
            }
            // A transfer's line is logged after its client has gone: wait for them all, then count.
            awaitIdle(server, Duration.ofSeconds(20));
            assertEquals(count, server.logLines().stream().filter(l -> l.contains("\" 200 131072 bytes ")).count());
        } finally {
            clients.shutdownNow();
        }
    }

    /**
     * The server's worker threads as the sampler counts them: platform workers by name,
     * idle ones in the pool included; virtual workers, which no thread listing shows, as
     * the workers inside a connection, which is all a virtual worker ever is.
     */
    private static IntSupplier workerThreads(RunningServer server) {
        return RunningServer.threadKind() == ThreadKind.PLATFORM
                ? () -> ServerProbe.threadsNamed("worker-")
                : server.server()::busyWorkers;
    }

    /** Samples the server's thread counts every few milliseconds, keeping the peaks. */
    private static final class ThreadSampler {
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicInteger maxWorkers = new AtomicInteger();
        private final AtomicInteger maxOverload = new AtomicInteger();
        private final AtomicInteger samples = new AtomicInteger();
        private final Thread thread = new Thread(this::sample, "thread-sampler");
        private volatile IntSupplier workers;

        void start(IntSupplier workerThreads) {
            workers = workerThreads;
            thread.start();
        }

        private void sample() {
            while (running.get()) {
                maxWorkers.accumulateAndGet(workers.getAsInt(), Math::max);
                maxOverload.accumulateAndGet(ServerProbe.threadsNamed("overload-"), Math::max);
                samples.incrementAndGet();
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        void stop() throws InterruptedException {
            running.set(false);
            thread.join(5000);
        }

        int maxWorkers() {
            return maxWorkers.get();
        }

        int maxOverload() {
            return maxOverload.get();
        }

        int samples() {
            return samples.get();
        }
    }
}
