package fileserver.client;

/**
 * A transfer's rate as the client's line prints it: in MB/s, kB/s or bytes/s, whichever
 * puts at least one digit before the point, with one decimal truncated, so that even a
 * file of a few hundred bytes shows two significant digits
 * ({@code 612} bytes in {@code 102} ms is {@code "6.0 kB/s"}, not {@code "0.0 MB/s"}).
 * From 1 MB/s up the figure is the one the client has always printed, which scripts and
 * the report parse: {@code 10485760} bytes in {@code 2436} ms is {@code "4.3 MB/s"}.
 */
final class TransferRate {
    /** Bytes per ms to tenths of a byte per second: 10 tenths, 1000 ms a second. */
    private static final long TENTHS_PER_SECOND_PER_BYTE_PER_MS = 10 * 1000L;
    private static final long KILO = 1_000;
    private static final long MEGA = 1_000_000;

    private TransferRate() {
    }

    /**
     * The rate of {@code bytes} in {@code millis}, e.g. {@code "6.0 kB/s"}; below 1 byte/s,
     * where one decimal would print 0.0, {@code "under 1 byte/s"}. Both arguments must be
     * at least 1: for nothing moved, or no time measured, there is no rate to print.
     */
    static String perSecond(long bytes, long millis) {
        if (bytes < 1 || millis < 1) {
            throw new IllegalArgumentException("a rate needs at least 1 byte and 1 ms, not " + bytes + " bytes in "
                    + millis + " ms");
        }
        // floor(bytes * 10000 / millis) without the product, which would overflow past 922 TB.
        long tenths = bytes / millis * TENTHS_PER_SECOND_PER_BYTE_PER_MS
                + bytes % millis * TENTHS_PER_SECOND_PER_BYTE_PER_MS / millis;
        if (tenths >= 10 * MEGA) {
            return tenthsOf(tenths / MEGA) + " MB/s";
        }
        if (tenths >= 10 * KILO) {
            return tenthsOf(tenths / KILO) + " kB/s";
        }
        return tenths >= 10 ? tenthsOf(tenths) + " bytes/s" : "under 1 byte/s";
    }

    private static String tenthsOf(long tenths) {
        return tenths / 10 + "." + tenths % 10;
    }
}
