package fileserver.status;

import fileserver.protocol.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Small snapshots for the renderers' tests: every key of every map, few rows. */
final class Snapshots {
    static final Instant TAKEN = Instant.parse("2026-12-05T11:00:12.300Z");
    static final Instant STARTED = Instant.parse("2026-12-05T10:58:00.125Z");

    private Snapshots() {
    }

    /** The codes the server can send, 503 (counted as overload) excepted: 200 twice and 404 once. */
    static Map<Integer, Long> transfersByStatus() {
        Map<Integer, Long> byStatus = new TreeMap<>();
        for (Status status : Status.values()) {
            if (status != Status.SERVICE_UNAVAILABLE) {
                byStatus.put(status.code(), 0L);
            }
        }
        byStatus.put(200, 2L);
        byStatus.put(404, 1L);
        return byStatus;
    }

    static StatusSnapshot.Server server(String threadKind, String javaVersion) {
        return new StatusSnapshot.Server(threadKind, javaVersion, STARTED, Duration.ofMillis(132_175), 50, 2, 3,
                "bio.txt", 10_485_760, 1000);
    }

    static StatusSnapshot.Totals totals() {
        return new StatusSnapshot.Totals(transfersByStatus(),
                Map.of("client_went_away", 3L, "stalled", 1L, "shutdown", 0L),
                Map.of("answered", 4L, "unanswered", 0L, "dropped", 5L), 6, 7, 20_971_529);
    }

    /** Durations of 0.2 s and 0.7 s in buckets up to 0.005, 0.25 and 1 second. */
    static StatusSnapshot.Histogram durations() {
        return new StatusSnapshot.Histogram(List.of(0.005, 0.25, 1.0), List.of(0L, 1L, 2L), 2, 0.9);
    }

    /** One transfer under way, one still reading its request, one ended, three under way in all. */
    static StatusSnapshot small(String clientId, String outcome) {
        return new StatusSnapshot(TAKEN, server("virtual", "25.0.1"), totals(),
                List.of(new StatusSnapshot.Transfer(clientId, "127.0.0.1:40000", 1000, 10_485_760, Duration.ofMillis(120)),
                        new StatusSnapshot.Transfer("-", "[::1]:40001", 0, -1, Duration.ofNanos(2_500_000))),
                3, List.of(new StatusSnapshot.Finished(Instant.parse("2026-12-05T11:00:11Z"), outcome)), durations());
    }

    /** Nothing under way, nothing ended yet. */
    static StatusSnapshot idle(StatusSnapshot.Server server) {
        return new StatusSnapshot(TAKEN, server, totals(), List.of(), 0, List.of(), durations());
    }
}
