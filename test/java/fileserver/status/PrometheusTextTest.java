package fileserver.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PrometheusTextTest {

    private static final String SMALL = """
            # HELP fileserver_build_info The server's Java version and thread kind; always 1.
            # TYPE fileserver_build_info gauge
            fileserver_build_info{java_version="25.0.1",thread_kind="virtual"} 1
            # HELP fileserver_start_time_seconds When the server started listening, in seconds since the Unix epoch.
            # TYPE fileserver_start_time_seconds gauge
            fileserver_start_time_seconds 1796468280.125
            # HELP fileserver_transfers_in_flight Connections being served, status requests excluded.
            # TYPE fileserver_transfers_in_flight gauge
            fileserver_transfers_in_flight 3
            # HELP fileserver_workers_busy Workers inside a transfer now.
            # TYPE fileserver_workers_busy gauge
            fileserver_workers_busy 2
            # HELP fileserver_workers_max Transfers served at once at most (--max-clients); more get 503.
            # TYPE fileserver_workers_max gauge
            fileserver_workers_max 50
            # HELP fileserver_open_connections Connections open now, of any kind.
            # TYPE fileserver_open_connections gauge
            fileserver_open_connections 3
            # HELP fileserver_transfers_total Responses sent whole to a client that then closed, by status code.
            # TYPE fileserver_transfers_total counter
            fileserver_transfers_total{status="200"} 2
            fileserver_transfers_total{status="206"} 0
            fileserver_transfers_total{status="400"} 0
            fileserver_transfers_total{status="404"} 1
            fileserver_transfers_total{status="405"} 0
            fileserver_transfers_total{status="408"} 0
            fileserver_transfers_total{status="414"} 0
            fileserver_transfers_total{status="416"} 0
            fileserver_transfers_total{status="421"} 0
            fileserver_transfers_total{status="431"} 0
            fileserver_transfers_total{status="500"} 0
            fileserver_transfers_total{status="501"} 0
            fileserver_transfers_total{status="505"} 0
            # HELP fileserver_sent_bytes_total Body bytes handed to sockets, counted as each connection ends.
            # TYPE fileserver_sent_bytes_total counter
            fileserver_sent_bytes_total 20971529
            # HELP fileserver_transfers_cut_total Responses that did not reach their client whole, by why.
            # TYPE fileserver_transfers_cut_total counter
            fileserver_transfers_cut_total{reason="client_went_away"} 3
            fileserver_transfers_cut_total{reason="shutdown"} 0
            fileserver_transfers_cut_total{reason="stalled"} 1
            # HELP fileserver_overload_rejections_total Connections that found every worker busy (the 503s), by what became of them.
            # TYPE fileserver_overload_rejections_total counter
            fileserver_overload_rejections_total{outcome="answered"} 4
            fileserver_overload_rejections_total{outcome="dropped"} 5
            fileserver_overload_rejections_total{outcome="unanswered"} 0
            # HELP fileserver_incomplete_requests_total Connections that ended before a complete request.
            # TYPE fileserver_incomplete_requests_total counter
            fileserver_incomplete_requests_total 6
            # HELP fileserver_internal_errors_total Connections closed by a bug in this server.
            # TYPE fileserver_internal_errors_total counter
            fileserver_internal_errors_total 7
            # HELP fileserver_transfer_duration_seconds How long the transfers counted in fileserver_transfers_total took.
            # TYPE fileserver_transfer_duration_seconds histogram
            fileserver_transfer_duration_seconds_bucket{le="0.005"} 0
            fileserver_transfer_duration_seconds_bucket{le="0.25"} 1
            fileserver_transfer_duration_seconds_bucket{le="1"} 2
            fileserver_transfer_duration_seconds_bucket{le="+Inf"} 2
            fileserver_transfer_duration_seconds_sum 0.9
            fileserver_transfer_duration_seconds_count 2
            """;

    @Test
    void rendersEveryFamilyWithHelpAndTypeAndEverySeriesEvenAtZero() {
        assertEquals(SMALL, PrometheusText.render(Snapshots.small("7", "a line")));
    }

    @Test
    void theBodyEndsInANewlineAsTheFormatRequires() {
        assertTrue(PrometheusText.render(Snapshots.small("7", "a line")).endsWith("_count 2\n"));
    }

    @Test
    void peerSuppliedValuesDoNotAppear() {
        String text = PrometheusText.render(Snapshots.small("<img src=x onerror=alert(1)>", "hostile \"line\""));
        assertEquals(-1, text.indexOf("img"));
        assertEquals(-1, text.indexOf("hostile"));
    }

    @Test
    void escapesBackslashQuoteAndNewlineInLabelValues() {
        StatusSnapshot snapshot = Snapshots.idle(Snapshots.server("plat\"form", "17\\0\nx"));
        String first = PrometheusText.render(snapshot).lines().skip(2).findFirst().orElseThrow();
        assertEquals("fileserver_build_info{java_version=\"17\\\\0\\nx\",thread_kind=\"plat\\\"form\"} 1", first);
    }

    @Test
    void theHistogramEndsWithTheInfBucketEqualToTheCountThenSumAndCount() {
        StatusSnapshot.Histogram histogram = new StatusSnapshot.Histogram(List.of(0.1, 10.0), List.of(4L, 9L), 11, 12.5);
        StatusSnapshot snapshot = new StatusSnapshot(Snapshots.TAKEN, Snapshots.server("virtual", "25"),
                Snapshots.totals(), List.of(), 0, List.of(), histogram);
        List<String> lines = PrometheusText.render(snapshot).lines().filter(l -> l.startsWith("fileserver_transfer_duration"))
                .toList();
        assertEquals(List.of("fileserver_transfer_duration_seconds_bucket{le=\"0.1\"} 4",
                "fileserver_transfer_duration_seconds_bucket{le=\"10\"} 9",
                "fileserver_transfer_duration_seconds_bucket{le=\"+Inf\"} 11",
                "fileserver_transfer_duration_seconds_sum 12.5",
                "fileserver_transfer_duration_seconds_count 11"), lines);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"1.0, 1", "300.0, 300", "0.005, 0.005", "0.25, 0.25", "1.0E-4, 0.0001", "-2.5, -2.5", "0.0, 0",
        "NaN, NaN", "Infinity, +Inf", "-Infinity, -Inf"})
    void writesNumbersAsPrometheusReadsThem(double value, String text) {
        assertEquals(text, PrometheusText.number(value));
    }

    @Test
    void startTimeKeepsItsFractionOfASecondAndAWholeSecondHasNone() {
        StatusSnapshot.Server server = new StatusSnapshot.Server("platform", "17", Snapshots.STARTED.plusNanos(875_000_000),
                Duration.ZERO, 1, 0, 0, "bio.txt", 1, 1);
        assertTrue(PrometheusText.render(Snapshots.idle(server)).contains("\nfileserver_start_time_seconds 1796468281\n"));
    }

    @Test
    void announcesTheTextFormatVersionAndCharset() {
        assertEquals("text/plain; version=0.0.4; charset=utf-8", PrometheusText.CONTENT_TYPE);
    }
}
