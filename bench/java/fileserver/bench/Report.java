package fileserver.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Writes what a run measured three ways: a summary for people; one line
 * {@code RESULT key=value ...} for scripts (bench/scale.sh and bench/chunks.sh read it
 * into RESULT_key variables, so a key, once there, keeps its name); and, with
 * {@code --csv}, a row of the same keys appended to a CSV file.
 */
final class Report {
    /** When the run began and ended (System.nanoTime), and the generator's own CPU ticks. */
    record Times(long startNanos, long endNanos, long generatorTicks) {
    }

    private final Options options;
    private final Run run;
    private final Times times;
    private final ServerSampler.Peaks peaks;

    /** {@code peaks} is null when no server was sampled. */
    Report(Run run, Times times, ServerSampler.Peaks peaks) {
        this.options = run.options();
        this.run = run;
        this.times = times;
        this.peaks = peaks;
    }

    void write(PrintStream out) throws IOException {
        Tally tally = run.tally();
        double seconds = (times.endNanos() - times.startNanos()) / 1e9;
        double mib = tally.bodyBytes() / 1048576.0;
        // With --barrier the transfers start together once all are open: rate them from then.
        boolean released = options.barrier() && run.barrier().released();
        double transferSeconds = released ? (times.endNanos() - run.barrier().releasedNanos()) / 1e9 : seconds;
        double mibPerSecond = transferSeconds > 0 ? mib / transferSeconds : 0;
        long[] durations = tally.sortedDurationsNanos();
        long lastConnected = tally.lastConnectedNanos();
        double connectSeconds = lastConnected == 0 ? 0 : (lastConnected - times.startNanos()) / 1e9;
        double generatorCpu = ProcStat.seconds(times.generatorTicks());
        String verify = options.verify().name().toLowerCase(Locale.ROOT);

        out.printf(Locale.ROOT, "%s%d connections to %s:%d%s, %d bytes each, verify %s, %s%n",
                options.label().isEmpty() ? "" : options.label() + ": ", options.connections(), options.host(),
                options.port(), options.path(), run.expected().length(), verify,
                options.unpaced() ? "unpaced (all connecting at once)" : "at most " + options.maxConnecting()
                        + " connecting at once");
        out.printf(Locale.ROOT, "  completed %d, failed %d%s%n", tally.completed(), tally.failed(), failureText());
        if (options.retries() > 0 || tally.retries() > 0) {
            out.printf(Locale.ROOT, "  503s retried %d (at most %d per download); %d downloads verified after"
                    + " retrying%n", tally.retries(), options.retries(), tally.completedAfterRetry());
        }
        if (tally.failed() > 0) {
            out.printf(Locale.ROOT, "  failed by kind: %s%n", kindText());
        }
        if (released) {
            out.printf(Locale.ROOT, "  wall %.2f s: all %d open after %.2f s (barrier), then %.2f s of transfers"
                    + " at %.0f MiB/s aggregate%n", seconds, tally.peakOpen(), connectSeconds, transferSeconds,
                    mibPerSecond);
        } else {
            out.printf(Locale.ROOT, "  wall %.2f s, %.0f MiB/s aggregate, last connection open after %.2f s,"
                    + " at most %d open at once%n", seconds, mibPerSecond, connectSeconds, tally.peakOpen());
        }
        out.printf(Locale.ROOT, "  per download, first request to last byte: min %.2f s, median %.2f s, p99 %.2f s,"
                        + " max %.2f s%n", percentile(durations, 0), percentile(durations, 50),
                percentile(durations, 99), percentile(durations, 100));
        out.printf(Locale.ROOT, "  generator CPU %.1f s (%d selector thread%s)%n", generatorCpu, options.threads(),
                options.threads() == 1 ? "" : "s");
        if (peaks != null) {
            out.printf(Locale.ROOT, "  server PID %d: peak threads %d, peak RSS %.0f MiB (VmHWM %.0f MiB), CPU %.1f s%n",
                    options.serverPid(), peaks.threads(), peaks.rssKib() / 1024.0, peaks.hwmKib() / 1024.0,
                    ProcStat.seconds(peaks.cpuTicks()));
        }

        Map<String, String> result = new LinkedHashMap<>();
        result.put("label", options.label().isEmpty() ? "-" : options.label().replace(' ', '_'));
        result.put("connections", Integer.toString(options.connections()));
        result.put("bytes_each", Long.toString(run.expected().length()));
        result.put("verify", verify);
        result.put("completed", Integer.toString(tally.completed()));
        result.put("failed", Integer.toString(tally.failed()));
        result.put("wall_s", fixed(seconds, 3));
        result.put("mib_s", fixed(mibPerSecond, 1));
        result.put("connected_s", fixed(connectSeconds, 3));
        result.put("transfer_s", fixed(transferSeconds, 3));
        result.put("peak_open", Integer.toString(tally.peakOpen()));
        result.put("median_download_s", fixed(percentile(durations, 50), 3));
        result.put("max_download_s", fixed(percentile(durations, 100), 3));
        result.put("generator_cpu_s", fixed(generatorCpu, 2));
        result.put("server_peak_threads", peaks == null ? "-" : Integer.toString(peaks.threads()));
        result.put("server_peak_rss_mib", peaks == null ? "-" : fixed(peaks.rssKib() / 1024.0, 1));
        result.put("server_hwm_mib", peaks == null ? "-" : fixed(peaks.hwmKib() / 1024.0, 1));
        result.put("server_cpu_s", peaks == null ? "-" : fixed(ProcStat.seconds(peaks.cpuTicks()), 2));
        // One word of plain characters: scripts split the RESULT line on spaces, and a reason may quote a reply.
        result.put("failures", tally.failed() == 0 ? "-" : failureText().trim().replaceAll("[^A-Za-z0-9.+-]+", "_"));
        // New keys go after the old ones, so a CSV column keeps its place.
        for (FailureKind kind : FailureKind.values()) {
            result.put(kind.resultKey(), Long.toString(tally.failed(kind)));
        }
        result.put("retries_503", Integer.toString(tally.retries()));
        result.put("completed_after_retry", Integer.toString(tally.completedAfterRetry()));
        result.put("unpaced", Boolean.toString(options.unpaced()));
        StringBuilder line = new StringBuilder("RESULT");
        result.forEach((key, value) -> line.append(' ').append(key).append('=').append(value));
        out.println(line);
        if (options.csv() != null) {
            appendCsv(options.csv(), result);
        }
    }

    /** Appends one row to {@code csv}, and the header first if the file is new or empty. */
    private static void appendCsv(Path csv, Map<String, String> result) throws IOException {
        StringBuilder text = new StringBuilder();
        if (!Files.exists(csv) || Files.size(csv) == 0) {
            text.append("date,").append(String.join(",", result.keySet())).append('\n');
        }
        text.append(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        result.values().forEach(value -> text.append(',').append(value.replace(',', ';')));
        text.append('\n');
        Files.writeString(csv, text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** " (3 reason, 1 other reason)", or "" if nothing failed. */
    private String failureText() {
        Map<String, Long> reasons = run.tally().reasons();
        if (reasons.isEmpty()) {
            return "";
        }
        StringBuilder text = new StringBuilder(" (");
        reasons.forEach((reason, count) -> text.append(count).append(" ").append(reason).append(", "));
        text.setLength(text.length() - 2);
        return text.append(")").toString();
    }

    /** "3 reset, 1 unanswered": the kinds that occurred, with their counts. */
    private String kindText() {
        StringJoiner text = new StringJoiner(", ");
        for (FailureKind kind : FailureKind.values()) {
            long count = run.tally().failed(kind);
            if (count > 0) {
                text.add(count + " " + kind.description);
            }
        }
        return text.toString();
    }

    private static String fixed(double value, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }

    /** The {@code percent}th percentile of {@code sorted}, in seconds (0 if it is empty). */
    private static double percentile(long[] sorted, int percent) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(percent / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e9;
    }
}
