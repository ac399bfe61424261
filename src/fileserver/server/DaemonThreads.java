package fileserver.server;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The thread factory of the server's own platform threads: named, so that a thread dump or
 * a test can tell them apart, and daemons, so that none of them keeps the JVM alive once
 * the accept thread (which is not one) has ended.
 */
final class DaemonThreads {
    private DaemonThreads() {
    }

    /**
     * Threads named {@code prefix} and a number from 1 on, as a pool's are.
     *
     * @param stackSize the stack size hint in bytes, or 0 for the JVM's default
     */
    static ThreadFactory numbered(String prefix, long stackSize) {
        AtomicInteger count = new AtomicInteger();
        return task -> daemon(task, prefix + count.incrementAndGet(), stackSize);
    }

    /** Threads all named {@code name}: for an executor that holds one thread. */
    static ThreadFactory named(String name) {
        return task -> daemon(task, name, 0);
    }

    private static Thread daemon(Runnable task, String name, long stackSize) {
        Thread thread = new Thread(null, task, name, stackSize);
        thread.setDaemon(true);
        return thread;
    }
}
