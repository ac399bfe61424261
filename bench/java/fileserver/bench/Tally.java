package fileserver.bench;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The counts of one run, shared by the selector threads (hence atomics): downloads
 * completed and failed (by kind and by reason), 503s retried, body bytes, connections open, and how long each
 * completed download took. The report reads it once every thread has ended.
 */
final class Tally {
    private final AtomicInteger completed = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicInteger completedAfterRetry = new AtomicInteger();
    private final AtomicInteger retries = new AtomicInteger();
    private final Map<String, LongAdder> reasons = new ConcurrentHashMap<>();
    private final Map<FailureKind, LongAdder> kinds = new EnumMap<>(FailureKind.class);
    private final LongAdder bodyBytes = new LongAdder();
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger peakOpen = new AtomicInteger();
    private final AtomicLong lastConnectedNanos = new AtomicLong();
    private final long[] durationsNanos;
    private final AtomicInteger durationCount = new AtomicInteger();

    Tally(int connections) {
        this.durationsNanos = new long[connections];
        // Filled here and never changed, so the threads share the map safely.
        for (FailureKind kind : FailureKind.values()) {
            kinds.put(kind, new LongAdder());
        }
    }

    /**
     * A connection opened. Only a download's first connection counts towards the time all
     * were open: a retry's reconnection is the server's pacing, not the crowd's arrival.
     */
    void connected(boolean firstAttempt) {
        peakOpen.accumulateAndGet(open.incrementAndGet(), Math::max);
        if (firstAttempt) {
            lastConnectedNanos.accumulateAndGet(System.nanoTime(), Math::max);
        }
    }

    /** A connection counted by {@link #connected} is closed. */
    void disconnected() {
        open.decrementAndGet();
    }

    void body(long bytes) {
        bodyBytes.add(bytes);
    }

    /** A download was verified, {@code nanos} after its first request, after {@code retries} 503s. */
    void completed(long nanos, int retries) {
        completed.incrementAndGet();
        if (retries > 0) {
            completedAfterRetry.incrementAndGet();
        }
        durationsNanos[durationCount.getAndIncrement()] = nanos;
    }

    /** A download got a 503 and will ask again. */
    void retried() {
        retries.incrementAndGet();
    }

    void failed(Failure failure) {
        failed.incrementAndGet();
        kinds.get(failure.kind()).increment();
        reasons.computeIfAbsent(failure.getMessage(), r -> new LongAdder()).increment();
    }

    int completed() {
        return completed.get();
    }

    int failed() {
        return failed.get();
    }

    /** Verified downloads that had been told 503 at least once. */
    int completedAfterRetry() {
        return completedAfterRetry.get();
    }

    /** 503s answered by trying again, over all downloads. */
    int retries() {
        return retries.get();
    }

    /** Downloads that failed in this way. */
    long failed(FailureKind kind) {
        return kinds.get(kind).sum();
    }

    long bodyBytes() {
        return bodyBytes.sum();
    }

    int peakOpen() {
        return peakOpen.get();
    }

    /** When the last download's first connection opened (System.nanoTime), or 0 if none did. */
    long lastConnectedNanos() {
        return lastConnectedNanos.get();
    }

    /** The times of the completed downloads, shortest first. */
    long[] sortedDurationsNanos() {
        long[] durations = Arrays.copyOf(durationsNanos, durationCount.get());
        Arrays.sort(durations);
        return durations;
    }

    /** Each failure reason with its count, in the order of the reasons' text. */
    Map<String, Long> reasons() {
        Map<String, Long> sorted = new TreeMap<>();
        reasons.forEach((reason, count) -> sorted.put(reason, count.sum()));
        return sorted;
    }
}
