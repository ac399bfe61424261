package fileserver.status;

import java.math.BigDecimal;
import java.util.Map;
import java.util.TreeMap;

/**
 * Renders a {@link StatusSnapshot} as {@code /status.json}, the data the status page polls.
 * Maps come out sorted by key; times as ISO-8601 instants in UTC; every string escaped so
 * that a peer-supplied one (a client id, a request line in an outcome) stays text, even
 * pasted into HTML. For example:
 * <pre>
 * {"taken":"2026-12-05T11:00:12.300Z","server":{"threadKind":"virtual",...,"chunkSize":1000},
 *  "totals":{"transfersByStatus":{"200":5,...},...,"sentBytes":52428800},
 *  "inFlightCount":1,"inFlight":[{"clientId":"7","peer":"127.0.0.1:40000","sentBytes":1000,
 *  "totalBytes":10485760,"elapsedMillis":120}],
 *  "recent":[{"at":"2026-12-05T11:00:11Z","outcome":"127.0.0.1:40001 id=6 ... 200 10485760 bytes 812 ms"}]}
 * </pre>
 */
public final class StatusJson {
    public static final String CONTENT_TYPE = "application/json";

    private StatusJson() {
    }

    /** The snapshot as one line of JSON. */
    public static String render(StatusSnapshot snapshot) {
        Json json = new Json().beginObject().field("taken", snapshot.taken().toString());
        server(json.name("server"), snapshot.server());
        totals(json.name("totals"), snapshot.totals());
        json.field("inFlightCount", snapshot.inFlightCount());
        inFlight(json.name("inFlight").beginArray(), snapshot);
        recent(json.endArray().name("recent").beginArray(), snapshot);
        return json.endArray().endObject().toString();
    }

    private static void inFlight(Json array, StatusSnapshot snapshot) {
        for (StatusSnapshot.Transfer transfer : snapshot.inFlight()) {
            array.beginObject()
                    .field("clientId", transfer.clientId())
                    .field("peer", transfer.peer())
                    .field("sentBytes", transfer.sentBytes())
                    .field("totalBytes", transfer.totalBytes())
                    .field("elapsedMillis", transfer.elapsed().toMillis())
                    .endObject();
        }
    }

    private static void recent(Json array, StatusSnapshot snapshot) {
        for (StatusSnapshot.Finished finished : snapshot.recent()) {
            array.beginObject().field("at", finished.at().toString()).field("outcome", finished.outcome()).endObject();
        }
    }

    private static void server(Json json, StatusSnapshot.Server server) {
        json.beginObject()
                .field("threadKind", server.threadKind())
                .field("javaVersion", server.javaVersion())
                .field("startedAt", server.startedAt().toString())
                .field("uptimeSeconds", BigDecimal.valueOf(server.uptime().toMillis(), 3))
                .field("maxClients", server.maxClients())
                .field("workersBusy", server.workersBusy())
                .field("openConnections", server.openConnections())
                .field("fileName", server.fileName())
                .field("fileSize", server.fileSize())
                .field("chunkSize", server.chunkSize())
                .endObject();
    }

    private static void totals(Json json, StatusSnapshot.Totals totals) {
        json.beginObject();
        counts(json.name("transfersByStatus"), totals.transfersByStatus());
        counts(json.name("cutByReason"), totals.cutByReason());
        counts(json.name("overloadByOutcome"), totals.overloadByOutcome());
        json.field("noRequest", totals.noRequest())
                .field("internalErrors", totals.internalErrors())
                .field("sentBytes", totals.sentBytes())
                .endObject();
    }

    private static <K> void counts(Json json, Map<K, Long> counts) {
        json.beginObject();
        new TreeMap<>(counts).forEach((key, count) -> json.field(String.valueOf(key), count));
        json.endObject();
    }
}
