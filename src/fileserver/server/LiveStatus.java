package fileserver.server;

import fileserver.snapshot.FileSnapshot;
import fileserver.snapshot.SnapshotSource;
import fileserver.status.StatusSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Takes a running server's {@link StatusSnapshot}: its counters, its workers and its live
 * connections at one moment. It only reads what the workers keep anyway (each
 * {@link Connection}'s volatile progress), so watching costs the transfers nothing.
 */
final class LiveStatus {
    private final ServerConfig config;
    private final ServerStats stats;
    private final IdleWatchdog watchdog;
    private final WorkerPool workers;
    private final SnapshotSource files;
    private volatile Instant startedAt = Instant.now();

    LiveStatus(ServerConfig config, ServerStats stats, IdleWatchdog watchdog, WorkerPool workers,
               SnapshotSource files) {
        this.config = config;
        this.stats = stats;
        this.watchdog = watchdog;
        this.workers = workers;
        this.files = files;
    }

    /** Marks the moment the server started listening, from which its uptime counts. */
    void started() {
        startedAt = Instant.now();
    }

    StatusSnapshot take() {
        Instant now = Instant.now();
        List<Connection> transfers = new ArrayList<>();
        for (Connection connection : watchdog.live()) {
            if (!connection.isStatusRequest()) {
                transfers.add(connection);
            }
        }
        transfers.sort(Comparator.comparingLong(Connection::acceptedNanos)); // the oldest first
        List<StatusSnapshot.Transfer> listed = new ArrayList<>();
        for (Connection connection : transfers.subList(0, Math.min(transfers.size(), StatusSnapshot.MAX_LISTED))) {
            listed.add(new StatusSnapshot.Transfer(connection.clientId(), connection.peer(), connection.bytesSent(),
                    connection.bodyLength(), Duration.ofNanos(connection.elapsedNanos())));
        }
        FileSnapshot file = files.current();
        StatusSnapshot.Server server = new StatusSnapshot.Server(config.threadKind().optionName(),
                System.getProperty("java.version"), startedAt, Duration.between(startedAt, now), config.maxClients(),
                workers.busy(), watchdog.liveCount(), file.fileName(), file.size(), config.chunkSize());
        return new StatusSnapshot(now, server, stats.totals(), listed, transfers.size(), stats.recent(),
                stats.durations());
    }
}
