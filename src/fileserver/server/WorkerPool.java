package fileserver.server;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * At most {@code maxWorkers} tasks at once, each on its own thread, and never a queue:
 * work beyond the limit is refused at once so the caller can say "busy" (503) instead of
 * letting clients wait in a queue they cannot see. Platform threads are kept for a while
 * when idle and reused, then retired, so a quiet server holds few threads; virtual threads
 * are cheap enough to start one per task.
 */
final class WorkerPool {
    private final Semaphore permits;
    private final int maxWorkers;
    private final ExecutorService executor;

    /** How long an idle platform worker waits for another task before its thread exits. */
    static final Duration KEEP_ALIVE = Duration.ofSeconds(30);

    WorkerPool(int maxWorkers, ThreadKind kind, long stackSize) {
        this(maxWorkers, kind, stackSize, KEEP_ALIVE);
    }

    /** For tests: idle platform workers retire after {@code keepAlive} instead of {@link #KEEP_ALIVE}. */
    WorkerPool(int maxWorkers, ThreadKind kind, long stackSize, Duration keepAlive) {
        this.maxWorkers = maxWorkers;
        this.permits = new Semaphore(maxWorkers);
        this.executor = kind == ThreadKind.VIRTUAL
                ? ThreadKind.newVirtualThreadPerTaskExecutor("worker-")
                : new ThreadPoolExecutor(0, maxWorkers + ServerConfig.SPARE_WORKER_THREADS, keepAlive.toMillis(), TimeUnit.MILLISECONDS,
                        new SynchronousQueue<>(), DaemonThreads.numbered("worker-", stackSize));
    }

    /** Runs {@code task} on a worker thread, or returns false if all workers are busy. */
    boolean tryExecute(Runnable task) {
        return tryExecute(slot -> task.run());
    }

    /**
     * Runs {@code task} on a worker thread, handing it its {@link Slot}, or returns false if
     * all workers are busy. The task may give its slot back before it ends: a request for
     * the server's status is not a transfer and must not keep one out.
     */
    boolean tryExecute(Consumer<Slot> task) {
        if (!permits.tryAcquire()) {
            return false;
        }
        Slot slot = new Slot();
        try {
            executor.execute(() -> {
                try {
                    task.accept(slot);
                } finally {
                    slot.release();
                }
            });
            return true;
        } catch (RejectedExecutionException e) {
            slot.release();
            return false;
        }
    }

    /** A running task's place among the {@code maxWorkers}, given back once: by the task, or when it ends. */
    final class Slot {
        private final AtomicBoolean held = new AtomicBoolean(true);

        void release() {
            if (held.compareAndSet(true, false)) {
                permits.release();
            }
        }
    }

    int busy() {
        return maxWorkers - permits.availablePermits();
    }

    /**
     * Stops taking work and waits up to {@code grace} for the running tasks, which hold
     * every permit that is not available. Idle threads are told to exit but not waited
     * for: they are daemons, and thousands of them take seconds to exit, time that a
     * shutdown with no transfer left would otherwise spend and count against the grace.
     */
    boolean shutdown(Duration grace) throws InterruptedException {
        executor.shutdown();
        if (!permits.tryAcquire(maxWorkers, grace.toMillis(), TimeUnit.MILLISECONDS)) {
            return false;
        }
        permits.release(maxWorkers);
        return true;
    }
}
