package fileserver.client;

/**
 * Counts the bytes that arrive, by the second, and applies a {@link SpeedLimit} to them.
 * No clock of its own: callers pass {@link System#nanoTime()}, tests any time they like.
 *
 * <p>The window is the current second plus the {@code seconds} whole seconds before it, so
 * it errs towards patience by less than a second, and a server that keeps to the limit is
 * never given up on. Nothing is checked before the first {@code seconds} have passed.
 */
final class SpeedMeter {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final SpeedLimit limit;
    private final long startNanos;
    /** Bytes per second since the start, in a ring: second s is at index s % length. */
    private final long[] buckets;
    private long second;

    SpeedMeter(SpeedLimit limit, long startNanos) {
        this.limit = limit;
        this.startNanos = startNanos;
        this.buckets = new long[limit.seconds() + 1];
    }

    /** Counts {@code bytes} that arrived at {@code nowNanos}. */
    void record(long bytes, long nowNanos) {
        advance(nowNanos);
        buckets[(int) (second % buckets.length)] += bytes;
    }

    /**
     * Checks the rule at {@code nowNanos}.
     *
     * @throws TooSlowException if, the first {@code seconds} over, too few bytes arrived in the window
     */
    void check(long nowNanos) throws TooSlowException {
        advance(nowNanos);
        if (nowNanos - startNanos < limit.seconds() * NANOS_PER_SECOND) {
            return;
        }
        long recent = 0;
        for (long bytes : buckets) {
            recent += bytes;
        }
        if (recent < limit.minimumBytes()) {
            throw new TooSlowException(recent, limit);
        }
    }

    /** Moves to the second of {@code nowNanos}, emptying the buckets of the seconds passed since. */
    private void advance(long nowNanos) {
        long now = Math.max(0, (nowNanos - startNanos) / NANOS_PER_SECOND);
        for (long s = second + 1; s <= now && s <= second + buckets.length; s++) {
            buckets[(int) (s % buckets.length)] = 0;
        }
        second = Math.max(second, now);
    }
}
