package fileserver.status;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a running server reports of itself at one moment: the data behind {@code /status},
 * {@code /status.json} and {@code /metrics}. Built by the server, rendered by
 * {@link StatusJson} and {@link PrometheusText}; immutable, so a renderer sees one
 * consistent moment.
 *
 * @param taken         when the snapshot was taken
 * @param server        what the server is and how busy it is
 * @param totals        what happened since it started
 * @param inFlight      the transfers under way, oldest first, at most {@link #MAX_LISTED}
 * @param inFlightCount how many transfers are under way, listed or not
 * @param recent        the last few connections that ended, newest first
 * @param durations     how long the transfers sent whole took
 */
public record StatusSnapshot(Instant taken, Server server, Totals totals, List<Transfer> inFlight,
                             int inFlightCount, List<Finished> recent, Histogram durations) {

    /** The most transfers a snapshot lists one by one: a page polled twice a second stays small. */
    public static final int MAX_LISTED = 200;

    public StatusSnapshot {
        inFlight = List.copyOf(inFlight);
        recent = List.copyOf(recent);
    }

    /**
     * @param threadKind    {@code platform} or {@code virtual}
     * @param javaVersion   the running JVM's {@code java.version}
     * @param startedAt     when the server started listening
     * @param uptime        how long it has been listening
     * @param maxClients    transfers it serves at once ({@code --max-clients})
     * @param workersBusy   workers inside a transfer now (status requests do not count)
     * @param openConnections connections open now, of any kind
     * @param fileName      the served file's name
     * @param fileSize      its size in bytes
     * @param chunkSize     bytes per write ({@code --chunk})
     */
    public record Server(String threadKind, String javaVersion, Instant startedAt, Duration uptime, int maxClients,
                         int workersBusy, int openConnections, String fileName, long fileSize, int chunkSize) {
    }

    /**
     * Counters since the start; every map is sorted by key and holds every key it can have.
     *
     * @param transfersByStatus responses sent whole, to a client that then closed (the log's
     *                          transfer lines), by status code
     * @param cutByReason       responses that did not reach their client whole, by why:
     *                          {@code client_went_away}, {@code stalled}, {@code shutdown}
     * @param overloadByOutcome connections that found every worker busy, by what became of
     *                          them: {@code answered} (503 sent), {@code unanswered} (the
     *                          client went before the 503), {@code dropped} (closed unanswered)
     * @param noRequest         connections that ended before a complete request
     * @param internalErrors    connections closed by a bug in this server
     * @param sentBytes         body bytes handed to sockets, counted as each connection ends
     */
    public record Totals(Map<Integer, Long> transfersByStatus, Map<String, Long> cutByReason,
                         Map<String, Long> overloadByOutcome, long noRequest, long internalErrors, long sentBytes) {
        public Totals {
            transfersByStatus = Map.copyOf(transfersByStatus);
            cutByReason = Map.copyOf(cutByReason);
            overloadByOutcome = Map.copyOf(overloadByOutcome);
        }
    }

    /**
     * A transfer under way.
     *
     * @param clientId   the client's {@code X-Client-Id}, "-" if none yet: peer-supplied, so
     *                   every renderer escapes it
     * @param peer       the client's address and port
     * @param sentBytes  body bytes sent so far
     * @param totalBytes body bytes it will send, or -1 while its request is still being read
     * @param elapsed    since the connection was accepted
     */
    public record Transfer(String clientId, String peer, long sentBytes, long totalBytes, Duration elapsed) {
    }

    /**
     * A connection that ended.
     *
     * @param at      when
     * @param outcome its log line, as the log states it, without the time stamp
     */
    public record Finished(Instant at, String outcome) {
    }

    /**
     * A cumulative histogram, as Prometheus has it.
     *
     * @param upperBounds       each bucket's upper bound in seconds, ascending, without +Inf
     * @param cumulativeCounts  for each bound, the observations at or below it
     * @param count             all observations (the +Inf bucket)
     * @param sumSeconds        their sum
     */
    public record Histogram(List<Double> upperBounds, List<Long> cumulativeCounts, long count, double sumSeconds) {
        public Histogram {
            upperBounds = List.copyOf(upperBounds);
            cumulativeCounts = List.copyOf(cumulativeCounts);
        }
    }
}
