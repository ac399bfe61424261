package fileserver.server;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.util.Optional;

/**
 * Checks at start-up that {@code --max-clients} fits in the process's open-files limit,
 * as nginx warns "worker_connections exceed open file resource limit".
 *
 * <p>Every connection holds a file descriptor: each transfer one, and so does each of
 * the up to {@link OverloadResponder#LIMIT} connections waiting for or lingering after a
 * 503; the JVM holds some itself (its libraries, the runtime image, the served file, the
 * listening socket). Past the limit {@code accept} fails with "Too many open files": new
 * connections wait in the kernel's queue until a descriptor is free, and past that queue
 * they are dropped. The JVM already raises the soft limit to the hard one at start, so
 * the limit read here is the most this process can have without {@code ulimit -n}.
 */
final class OpenFilesLimit {
    private OpenFilesLimit() {
    }

    /**
     * The warning to log if {@code maxClients} transfers, the 503 responder's connections
     * and the descriptors open now can exceed this process's limit; empty if they fit, or
     * where the JVM does not tell (not a Unix, no {@code jdk.management} module). Call it
     * before the server's threads start: counting the open descriptors itself needs one.
     */
    static Optional<String> check(int maxClients) {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (!(os instanceof com.sun.management.UnixOperatingSystemMXBean unix)) {
            return Optional.empty();
        }
        try {
            return warning(maxClients, OverloadResponder.LIMIT, unix.getMaxFileDescriptorCount(),
                    unix.getOpenFileDescriptorCount());
        } catch (InternalError e) {
            // What the JDK throws when it cannot list /proc/self/fd: the limit is reached already.
            return Optional.of("cannot count the open files (" + e.getMessage() + "); --max-clients " + maxClients
                    + " may exceed the open-files limit of " + unix.getMaxFileDescriptorCount());
        }
    }

    /**
     * The warning for a process allowed {@code limit} open files, {@code open} of them open
     * now, that may hold {@code maxClients} transfers and {@code held503} connections for
     * 503s; empty if they fit.
     */
    static Optional<String> warning(int maxClients, int held503, long limit, long open) {
        long needed = maxClients + (long) held503 + open;
        if (needed <= limit) {
            return Optional.empty();
        }
        long fitting = limit - held503 - open;
        String lower = fitting >= 1 ? "lower --max-clients to " + fitting
                : "lower --max-clients (even 1 does not fit beside the " + held503 + " connections held for 503s)";
        return Optional.of("--max-clients " + maxClients + " exceeds the open-files limit of " + limit
                + ": at full load the server holds up to " + needed + " open files (" + maxClients + " transfers, "
                + held503 + " connections held for 503s, " + open + " open now); past the limit, new connections"
                + " wait in the kernel's queue until one closes. Raise the limit (ulimit -n " + needed
                + " before starting the server; ulimit -Hn shows how far it can go) or " + lower);
    }
}
