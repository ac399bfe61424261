package fileserver.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The scheduler settings take effect in the JVM that serves: as many carriers as
 * {@link VirtualScheduler} asks for, and socket pollers on platform threads. Both are
 * read by the JDK once, so a configure() that came too late would fail here.
 */
class VirtualSchedulerTest {
    private static final int CORES = Runtime.getRuntime().availableProcessors();

    @Test
    void runsFourCarriersPerCoreAtOnce() throws Exception {
        assumeTrue(ThreadKind.VIRTUAL.isAvailable(), "virtual threads need Java 21+");
        ExecutorService executor = ThreadKind.newVirtualThreadPerTaskExecutor("spinner-");
        assertEquals(String.valueOf(4 * CORES), System.getProperty("jdk.virtualThreadScheduler.parallelism"));
        // Spinning never parks, so a spinner holds its carrier: all of them meet only if
        // there is one carrier for each.
        int spinners = 4 * CORES;
        AtomicInteger arrived = new AtomicInteger();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        List<Future<Boolean>> met = new ArrayList<>();
        try {
            for (int i = 0; i < spinners; i++) {
                met.add(executor.submit(() -> {
                    arrived.incrementAndGet();
                    while (arrived.get() < spinners && System.nanoTime() - deadline < 0) {
                        Thread.onSpinWait();
                    }
                    return arrived.get() == spinners;
                }));
            }
            for (Future<Boolean> spinner : met) {
                assertTrue(spinner.get(), "only " + arrived.get() + " of " + spinners + " spinners ran at once");
            }
        } finally {
            executor.shutdown();
        }
    }

    @Test
    void wakesBlockedSocketsFromPlatformPollerThreads() throws Exception {
        assumeTrue(ThreadKind.VIRTUAL.isAvailable(), "virtual threads need Java 21+");
        ExecutorService executor = ThreadKind.newVirtualThreadPerTaskExecutor("reader-");
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Socket client = new Socket(listener.getInetAddress(), listener.getLocalPort());
             Socket accepted = listener.accept()) {
            InputStream in = accepted.getInputStream();
            AtomicReference<Thread> reader = new AtomicReference<>();
            Future<Integer> read = executor.submit(() -> {
                reader.set(Thread.currentThread());
                return in.read();
            });
            // Only a read that finds nothing to read parks, and only a park needs a poller.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (reader.get() == null || reader.get().getState() != Thread.State.WAITING) {
                assertTrue(System.nanoTime() - deadline < 0, "the reader never blocked");
                Thread.sleep(1);
            }
            client.getOutputStream().write(42);
            assertEquals(42, read.get(10, TimeUnit.SECONDS));
        } finally {
            executor.shutdown();
        }
        // The names JDK 21 to 25 give the platform pollers of jdk.pollerMode=1; the
        // default mode has virtual "SubPoller"s under a platform "MasterPoller" instead.
        assertTrue(Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals("Read-Poller")),
                "no platform Read-Poller thread: the JDK's pollers run in another mode");
    }
}
