package fileserver.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fileserver.testing.Poll;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class WorkerPoolTest {

    @Test
    void refusesWorkBeyondItsLimitAndTakesItAgainOnceATaskEnds() throws InterruptedException {
        WorkerPool pool = new WorkerPool(2, ThreadKind.PLATFORM, 0);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch running = new CountDownLatch(2);
        Runnable blocked = () -> {
            running.countDown();
            awaitQuietly(release);
        };
        try {
            assertTrue(pool.tryExecute(blocked));
            assertTrue(pool.tryExecute(blocked));
            assertTrue(running.await(10, TimeUnit.SECONDS));

            assertFalse(pool.tryExecute(() -> { }));
            assertEquals(2, pool.busy());

            release.countDown();
            assertTrue(pool.shutdown(Duration.ofSeconds(10)));
            assertEquals(0, pool.busy());
        } finally {
            release.countDown();
        }
    }

    @Test
    void shutdownWaitsForTheRunningTasksAndRefusesNewOnes() throws InterruptedException {
        WorkerPool pool = new WorkerPool(4, ThreadKind.PLATFORM, 0);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch running = new CountDownLatch(1);
        try {
            // One task that has ended, leaving an idle thread, and one still running.
            CountDownLatch ended = new CountDownLatch(1);
            assertTrue(pool.tryExecute(ended::countDown));
            assertTrue(ended.await(10, TimeUnit.SECONDS));
            assertTrue(pool.tryExecute(() -> {
                running.countDown();
                awaitQuietly(release);
            }));
            assertTrue(running.await(10, TimeUnit.SECONDS));

            assertFalse(pool.shutdown(Duration.ofMillis(200)), "returned while a task was running");
            assertFalse(pool.tryExecute(() -> { }), "took work after shutdown");
            assertEquals(1, pool.busy());

            release.countDown();
            assertTrue(pool.shutdown(Duration.ofSeconds(10)));
            assertEquals(0, pool.busy());
        } finally {
            release.countDown();
        }
    }

    @Test
    void idlePlatformWorkersRetireAfterTheKeepAlive() throws InterruptedException {
        String prefix = "worker-";
        long before = threadsNamed(prefix);
        WorkerPool pool = new WorkerPool(4, ThreadKind.PLATFORM, 0, Duration.ofMillis(200));
        CountDownLatch ended = new CountDownLatch(3);
        CountDownLatch release = new CountDownLatch(1);
        try {
            for (int i = 0; i < 3; i++) {
                assertTrue(pool.tryExecute(() -> {
                    ended.countDown();
                    awaitQuietly(release);
                }));
            }
            assertTrue(ended.await(10, TimeUnit.SECONDS));
            assertEquals(before + 3, threadsNamed(prefix), "one thread per task");
            release.countDown();

            Poll.until(() -> threadsNamed(prefix) == before, Duration.ofSeconds(10),
                    () -> threadsNamed(prefix) - before + " idle workers still alive after the keep-alive");
            assertTrue(pool.tryExecute(() -> { }), "a retired pool still takes work");
        } finally {
            release.countDown();
            pool.shutdown(Duration.ofSeconds(10));
        }
    }

    private static long threadsNamed(String prefix) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().startsWith(prefix) && thread.isAlive()).count();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
