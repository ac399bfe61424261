package fileserver.status;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Renders a {@link StatusSnapshot} as {@code /metrics}: the Prometheus text exposition
 * format 0.0.4. Every family has its {@code # HELP} and {@code # TYPE}; every series is
 * written even at zero (the snapshot's maps hold every key), so a rate or an alert never
 * sees a series appear out of nothing.
 *
 * <p>For example, a server that has sent one 200 whole and is serving two:
 * <pre>
 * # HELP fileserver_transfers_total Responses sent whole to a client that then closed, by status code.
 * # TYPE fileserver_transfers_total counter
 * fileserver_transfers_total{status="200"} 1
 * fileserver_transfers_total{status="206"} 0
 * ...
 * # HELP fileserver_transfers_in_flight Connections being served, status requests excluded.
 * # TYPE fileserver_transfers_in_flight gauge
 * fileserver_transfers_in_flight 2
 * </pre>
 */
public final class PrometheusText {
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private static final String PREFIX = "fileserver_";

    private final StringBuilder out = new StringBuilder(4096);

    private PrometheusText() {
    }

    /** The whole exposition, ending in a newline. */
    public static String render(StatusSnapshot snapshot) {
        PrometheusText text = new PrometheusText();
        text.server(snapshot);
        text.totals(snapshot.totals());
        text.durations(snapshot.durations());
        return text.out.toString();
    }

    private void server(StatusSnapshot snapshot) {
        StatusSnapshot.Server server = snapshot.server();
        family("build_info", "gauge", "The server's Java version and thread kind; always 1.");
        sample("build_info", "{java_version=\"" + label(server.javaVersion()) + "\",thread_kind=\""
                + label(server.threadKind()) + "\"}", "1");
        family("start_time_seconds", "gauge", "When the server started listening, in seconds since the Unix epoch.");
        sample("start_time_seconds", "", seconds(server.startedAt()));
        family("transfers_in_flight", "gauge", "Connections being served, status requests excluded.");
        sample("transfers_in_flight", "", Integer.toString(snapshot.inFlightCount()));
        family("workers_busy", "gauge", "Workers inside a transfer now.");
        sample("workers_busy", "", Integer.toString(server.workersBusy()));
        family("workers_max", "gauge", "Transfers served at once at most (--max-clients); more get 503.");
        sample("workers_max", "", Integer.toString(server.maxClients()));
        family("open_connections", "gauge", "Connections open now, of any kind.");
        sample("open_connections", "", Integer.toString(server.openConnections()));
    }

    private void totals(StatusSnapshot.Totals totals) {
        labelled("transfers_total", "Responses sent whole to a client that then closed, by status code.",
                "status", totals.transfersByStatus());
        counter("sent_bytes_total", "Body bytes handed to sockets, counted as each connection ends.",
                totals.sentBytes());
        labelled("transfers_cut_total", "Responses that did not reach their client whole, by why.",
                "reason", totals.cutByReason());
        labelled("overload_rejections_total", "Connections that found every worker busy (the 503s), by what became"
                + " of them.", "outcome", totals.overloadByOutcome());
        counter("incomplete_requests_total", "Connections that ended before a complete request.",
                totals.noRequest());
        counter("internal_errors_total", "Connections closed by a bug in this server.", totals.internalErrors());
    }

    private void durations(StatusSnapshot.Histogram histogram) {
        String name = "transfer_duration_seconds";
        family(name, "histogram", "How long the transfers counted in fileserver_transfers_total took.");
        List<Double> bounds = histogram.upperBounds();
        for (int i = 0; i < bounds.size(); i++) {
            sample(name + "_bucket", "{le=\"" + number(bounds.get(i)) + "\"}",
                    Long.toString(histogram.cumulativeCounts().get(i)));
        }
        sample(name + "_bucket", "{le=\"+Inf\"}", Long.toString(histogram.count()));
        sample(name + "_sum", "", number(histogram.sumSeconds()));
        sample(name + "_count", "", Long.toString(histogram.count()));
    }

    private void counter(String name, String help, long value) {
        family(name, "counter", help);
        sample(name, "", Long.toString(value));
    }

    private <K> void labelled(String name, String help, String label, Map<K, Long> counts) {
        family(name, "counter", help);
        new TreeMap<>(counts).forEach((key, count) ->
                sample(name, "{" + label + "=\"" + label(String.valueOf(key)) + "\"}", Long.toString(count)));
    }

    private void family(String name, String type, String help) {
        out.append("# HELP ").append(PREFIX).append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(PREFIX).append(name).append(' ').append(type).append('\n');
    }

    private void sample(String name, String labels, String value) {
        out.append(PREFIX).append(name).append(labels).append(' ').append(value).append('\n');
    }

    /** A label value as the format has it: backslash, double quote and newline escaped. */
    static String label(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    private static String seconds(Instant instant) {
        return BigDecimal.valueOf(instant.getEpochSecond()).add(BigDecimal.valueOf(instant.getNano(), 9))
                .stripTrailingZeros().toPlainString();
    }

    /**
     * A sample value or bucket bound: a whole number without a fraction ({@code 1}, as
     * Prometheus's own clients write {@code le="1"}), others in plain decimals
     * ({@code 0.005}, not {@code 5.0E-3}), and the format's own words for the non-finite.
     */
    static String number(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value == Double.POSITIVE_INFINITY ? "+Inf" : "-Inf";
        }
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
