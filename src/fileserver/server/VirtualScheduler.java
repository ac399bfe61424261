package fileserver.server;

/**
 * Sets up the JDK's virtual-thread scheduler so that it stays fair under a flash crowd.
 *
 * <p>Why: the scheduler is a {@code ForkJoinPool} with one carrier thread per core, and a
 * carrier runs every task in its own queue before it looks at the shared ones. On Linux
 * the JDK's socket pollers are themselves virtual threads by default, so each transfer
 * they wake (its socket can take more bytes) goes to a carrier's own queue. With
 * thousands of transfers those queues never empty, and whatever comes through the shared
 * queues waits behind them: a new connection's first run, and every timed wake-up (the
 * millisecond a transfer steps aside each turn, the linger after a response). Under a
 * flash crowd a transfer can so wait out a 1 ms sleep for longer than the idle timeout,
 * and be cut as stalled although its client reads.
 *
 * <p>Two settings fix that, and neither does alone: pollers on platform threads
 * ({@code jdk.pollerMode=1}), so every wake-up goes through the shared queues in arrival
 * order, and {@value #CARRIERS_PER_CORE} carriers per core, so that the kernel
 * time-slices between carriers as it does between platform threads and no queue waits
 * for one busy carrier (docs/performance.md has the flash-crowd runs). Each is a
 * system property of the JDK, read once when the first virtual thread starts or blocks
 * on a socket; one set on the command line is left as it is.
 */
final class VirtualScheduler {
    static final String PARALLELISM = "jdk.virtualThreadScheduler.parallelism";
    static final String POLLER_MODE = "jdk.pollerMode";
    static final int CARRIERS_PER_CORE = 4;
    /** {@code jdk.pollerMode}'s value for pollers on platform threads. */
    static final String PLATFORM_POLLERS = "1";

    private VirtualScheduler() {
    }

    /**
     * Sets the scheduler's properties unless they are set already. Call it before the
     * JVM's first virtual thread: the JDK reads them once, and later values are ignored.
     */
    static synchronized void configure() {
        setIfAbsent(PARALLELISM, String.valueOf(CARRIERS_PER_CORE * Runtime.getRuntime().availableProcessors()));
        setIfAbsent(POLLER_MODE, PLATFORM_POLLERS);
    }

    /** The carrier count in effect once {@link #configure} has run, for the start-up line. */
    static String carriers() {
        return System.getProperty(PARALLELISM, String.valueOf(Runtime.getRuntime().availableProcessors()));
    }

    private static void setIfAbsent(String name, String value) {
        if (System.getProperty(name) == null) {
            System.setProperty(name, value);
        }
    }
}
