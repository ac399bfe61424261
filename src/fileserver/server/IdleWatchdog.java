package fileserver.server;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Tracks live connections and cuts transfers that stop making progress.
 *
 * <p>A blocking socket write in Java has no timeout: a client that stops reading fills
 * its receive window and the server's send buffer, and the worker then waits forever.
 * One thread for the whole server checks every connection a few times per timeout
 * period and aborts those idle for longer than the limit, which frees their workers.
 * Idle means that no write returned and the client acknowledged nothing (see
 * {@link UnackedBytes}), sending or waiting for the client's close alike.
 */
final class IdleWatchdog implements AutoCloseable {
    /**
     * The least, in KB, that a client must read per idle timeout to be sure never to be cut.
     * Its own kernel reopens a full receive window only in steps of its receive buffer, so
     * a reader slower than a buffer per timeout can go a whole timeout with nothing
     * acknowledged. Loopback's large segments make the largest such steps; docs/robustness.md
     * ("The minimum read rate") says how this bound was found.
     */
    static final int NEVER_CUT_KB_PER_TIMEOUT = 180;

    private final Set<Connection> live = ConcurrentHashMap.newKeySet();
    private final long idleLimitNanos;
    private final long periodMillis;
    private final long periodNanos;
    private ScheduledExecutorService timer;
    private boolean closed;

    /** Starts no thread: {@link #start} does, so a server that fails to bind leaves none behind. */
    IdleWatchdog(Duration idleLimit) {
        this.idleLimitNanos = idleLimit.toNanos();
        this.periodMillis = Math.max(50, Math.min(1000, idleLimit.toMillis() / 4));
        this.periodNanos = TimeUnit.MILLISECONDS.toNanos(periodMillis);
    }

    /** Starts the checks on a thread of their own; does nothing once closed. */
    synchronized void start() {
        if (timer != null || closed) {
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("idle-watchdog"));
        timer.scheduleWithFixedDelay(this::check, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    void register(Connection connection) {
        live.add(connection);
    }

    void unregister(Connection connection) {
        live.remove(connection);
    }

    /** The live connections, as they are while they are read. */
    Collection<Connection> live() {
        return Collections.unmodifiableSet(live);
    }

    int liveCount() {
        return live.size();
    }

    /**
     * Cuts every live connection; the last step of a shutdown whose grace ran out.
     *
     * @return how many of them were still receiving their request or sending their
     *         response (not those only waiting for the client to close, nor those the
     *         watchdog had cut already)
     */
    int abortAll() {
        int cut = 0;
        for (Connection connection : live) {
            if (connection.abort(Connection.Cut.SHUTDOWN) && !connection.finishedSending()) {
                cut++;
            }
        }
        return cut;
    }

    /**
     * Cuts each connection that made no progress for longer than the limit. Returned writes
     * are progress, and so, for a connection whose writes have been quiet since the last
     * check, is a change in what the kernel says its client has not acknowledged: the
     * tables are read only then, once per check.
     */
    private void check() {
        long now = System.nanoTime();
        List<Connection> quiet = new ArrayList<>();
        for (Connection connection : live) {
            if (connection.quietNanos(now) >= periodNanos) {
                quiet.add(connection);
            }
        }
        if (quiet.isEmpty()) {
            return;
        }
        Map<String, Long> unacked = UnackedBytes.read();
        for (Connection connection : quiet) {
            connection.observe(unacked, now);
            if (connection.quietNanos(now) > idleLimitNanos) {
                connection.abort(Connection.Cut.STALLED);
            }
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
