package fileserver.server;

import fileserver.protocol.Status;
import fileserver.status.StatusSnapshot;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the server has done since it started, counted once per connection as it ends, at
 * the same moment as its log line ({@link TransferLog} calls this): nothing here runs per
 * chunk. Counters are {@link LongAdder}s, so workers ending at once do not contend.
 */
final class ServerStats {
    /** Upper bounds, in seconds, of the transfer-duration histogram's buckets. */
    static final List<Double> DURATION_BOUNDS =
            List.of(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 300.0);
    /** How many ended connections the status page lists. */
    static final int RECENT = 10;

    /** Why a response did not reach its client whole; the names are the metric's label values. */
    enum Cut { CLIENT_WENT_AWAY, STALLED, SHUTDOWN }

    /** What became of a connection that found every worker busy. */
    enum Overload { ANSWERED, UNANSWERED, DROPPED }

    private final Map<Status, LongAdder> transfers = counters(Status.class);
    private final Map<Cut, LongAdder> cuts = counters(Cut.class);
    private final Map<Overload, LongAdder> overloads = counters(Overload.class);
    private final LongAdder noRequest = new LongAdder();
    private final LongAdder internalErrors = new LongAdder();
    private final LongAdder sentBytes = new LongAdder();
    private final LongAdder[] durationBuckets = new LongAdder[DURATION_BOUNDS.size() + 1];
    private final LongAdder durationMicros = new LongAdder();
    private final Deque<StatusSnapshot.Finished> recent = new ArrayDeque<>();

    ServerStats() {
        for (int i = 0; i < durationBuckets.length; i++) {
            durationBuckets[i] = new LongAdder();
        }
    }

    private static <K extends Enum<K>> Map<K, LongAdder> counters(Class<K> keys) {
        Map<K, LongAdder> map = new EnumMap<>(keys);
        for (K key : keys.getEnumConstants()) {
            map.put(key, new LongAdder());
        }
        return map;
    }

    /** A response sent whole, to a client that then closed: the log's transfer line. */
    void transferred(Status status, long bodyBytes, long elapsedNanos, String line) {
        transfers.get(status).increment();
        sentBytes.add(bodyBytes);
        long micros = elapsedNanos / 1000;
        durationMicros.add(micros);
        int bucket = 0;
        while (bucket < DURATION_BOUNDS.size() && micros > DURATION_BOUNDS.get(bucket) * 1e6) {
            bucket++;
        }
        durationBuckets[bucket].increment();
        ended(line);
    }

    /** A response cut short, after {@code bodyBytes} of its body. */
    void cut(Cut why, long bodyBytes, String line) {
        cuts.get(why).increment();
        sentBytes.add(bodyBytes);
        ended(line);
    }

    /** A connection that ended before its request was complete. */
    void noRequest(String line) {
        noRequest.increment();
        ended(line);
    }

    /** A connection closed by a bug in this server, after {@code bodyBytes} of its body. */
    void internalError(long bodyBytes, String line) {
        internalErrors.increment();
        sentBytes.add(bodyBytes);
        ended(line);
    }

    /** A connection that found every worker busy; not listed among the ended, which a flood would flush. */
    void overloaded(Overload outcome) {
        overloads.get(outcome).increment();
    }

    private void ended(String line) {
        StatusSnapshot.Finished finished = new StatusSnapshot.Finished(Instant.now(), line);
        synchronized (recent) {
            recent.addFirst(finished);
            if (recent.size() > RECENT) {
                recent.removeLast();
            }
        }
    }

    StatusSnapshot.Totals totals() {
        Map<Integer, Long> byStatus = new TreeMap<>();
        transfers.forEach((status, count) -> {
            if (status != Status.SERVICE_UNAVAILABLE) { // the 503s have their own counter
                byStatus.put(status.code(), count.sum());
            }
        });
        return new StatusSnapshot.Totals(byStatus, labelled(cuts), labelled(overloads), noRequest.sum(),
                internalErrors.sum(), sentBytes.sum());
    }

    private static <K extends Enum<K>> Map<String, Long> labelled(Map<K, LongAdder> counters) {
        Map<String, Long> map = new TreeMap<>();
        counters.forEach((key, count) -> map.put(key.name().toLowerCase(Locale.ROOT), count.sum()));
        return map;
    }

    StatusSnapshot.Histogram durations() {
        List<Long> cumulative = new ArrayList<>();
        long running = 0;
        for (int i = 0; i < DURATION_BOUNDS.size(); i++) {
            running += durationBuckets[i].sum();
            cumulative.add(running);
        }
        long count = running + durationBuckets[DURATION_BOUNDS.size()].sum();
        return new StatusSnapshot.Histogram(DURATION_BOUNDS, cumulative, count, durationMicros.sum() / 1e6);
    }

    List<StatusSnapshot.Finished> recent() {
        synchronized (recent) {
            return List.copyOf(recent);
        }
    }
}
