package fileserver.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class StatusJsonTest {
    private static final String HOSTILE = "<img src=x onerror=alert(1)>";

    private static final String SERVER = "\"server\":{\"threadKind\":\"virtual\",\"javaVersion\":\"25.0.1\","
            + "\"startedAt\":\"2026-12-05T10:58:00.125Z\",\"uptimeSeconds\":132.175,\"maxClients\":50,\"workersBusy\":2,"
            + "\"openConnections\":3,\"fileName\":\"bio.txt\",\"fileSize\":10485760,\"chunkSize\":1000}";
    private static final String TOTALS = "\"totals\":{\"transfersByStatus\":{\"200\":2,\"206\":0,\"400\":0,\"404\":1,"
            + "\"405\":0,\"408\":0,\"414\":0,\"416\":0,\"421\":0,\"431\":0,\"500\":0,\"501\":0,\"505\":0},"
            + "\"cutByReason\":{\"client_went_away\":3,\"shutdown\":0,\"stalled\":1},"
            + "\"overloadByOutcome\":{\"answered\":4,\"dropped\":5,\"unanswered\":0},"
            + "\"noRequest\":6,\"internalErrors\":7,\"sentBytes\":20971529}";

    private static String clientIdOf(String clientId) {
        String json = StatusJson.render(Snapshots.small(clientId, "a line"));
        int start = json.indexOf("\"clientId\":") + "\"clientId\":".length();
        return json.substring(start, json.indexOf(",\"peer\"", start));
    }

    @Test
    void rendersTheSnapshotAsTheContractsJson() {
        String outcome = "127.0.0.1:40002 id=6 \"GET /bio.txt HTTP/1.1\" 200 10485760 bytes 812 ms";
        assertEquals("{\"taken\":\"2026-12-05T11:00:12.300Z\"," + SERVER + "," + TOTALS + ",\"inFlightCount\":3,"
                + "\"inFlight\":[{\"clientId\":\"7\",\"peer\":\"127.0.0.1:40000\",\"sentBytes\":1000,"
                + "\"totalBytes\":10485760,\"elapsedMillis\":120},{\"clientId\":\"-\",\"peer\":\"[::1]:40001\","
                + "\"sentBytes\":0,\"totalBytes\":-1,\"elapsedMillis\":2}],"
                + "\"recent\":[{\"at\":\"2026-12-05T11:00:11Z\",\"outcome\":\"127.0.0.1:40002 id=6 \\\"GET /bio.txt"
                + " HTTP/1.1\\\" 200 10485760 bytes 812 ms\"}]}",
                StatusJson.render(Snapshots.small("7", outcome)));
    }

    @Test
    void anIdleServerHasEmptyLists() {
        assertEquals("{\"taken\":\"2026-12-05T11:00:12.300Z\"," + SERVER + "," + TOTALS
                + ",\"inFlightCount\":0,\"inFlight\":[],\"recent\":[]}",
                StatusJson.render(Snapshots.idle(Snapshots.server("virtual", "25.0.1"))));
    }

    @ParameterizedTest(name = "{0} ms -> {1}")
    @CsvSource({"132175, 132.175", "12300, 12.3", "10000, 10", "0, 0", "1, 0.001"})
    void writesUptimeInSecondsAsPlainDecimals(long millis, String seconds) {
        StatusSnapshot.Server server = new StatusSnapshot.Server("platform", "17", Snapshots.STARTED,
                Duration.ofMillis(millis), 1, 0, 0, "bio.txt", 1, 1);
        assertTrue(StatusJson.render(Snapshots.idle(server)).contains(",\"uptimeSeconds\":" + seconds + ",\"maxClients\""));
    }

    @Test
    void aHostileClientIdIsEscapedSoItCannotBecomeMarkup() {
        assertEquals("\"\\u003Cimg src=x onerror=alert(1)\\u003E\"", clientIdOf(HOSTILE));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            quote            | "            | \\"
            backslash        | \\           | \\\\
            ampersand        | &            | \\u0026
            less than        | <            | \\u003C
            greater than     | >            | \\u003E
            """)
    void escapesCharactersThatMatterToJsonOrHtml(String name, String raw, String escaped) {
        assertEquals("\"a" + escaped + "b\"", clientIdOf("a" + raw + "b"));
    }

    @ParameterizedTest(name = "U+{0}")
    @ValueSource(ints = {0x00, 0x01, 0x09, 0x0a, 0x0d, 0x1f, 0x2028, 0x2029, 0xd800, 0xdfff})
    void escapesControlCharactersLineSeparatorsAndSurrogatesAsUnicodeEscapes(int c) {
        assertEquals(String.format("\"a\\u%04Xb\"", c), clientIdOf("a" + (char) c + "b"));
    }

    @Test
    void leavesEverythingElseAsItIs() {
        String plain = " !#$%'()*+,-./09:;=?@AZ[]^_`az{|}~\u007f\u00e9\u20ac\u2027\u202a\ud7ff\ue000\uffff";
        assertEquals("\"" + plain + "\"", clientIdOf(plain));
    }

    @Test
    void nothingPeerSuppliedAppearsRaw() {
        String json = StatusJson.render(Snapshots.small(HOSTILE + "\"\\\n\u2028\u2029&",
                "127.0.0.1:1 id=<script>alert(1)</script> \"GET /x\" 404"));
        for (String raw : new String[] {"<", ">", "&", "\n", "\u2028", "\u2029", "</script"}) {
            assertEquals(-1, json.indexOf(raw), () -> "raw " + raw.codePoints().boxed().toList() + " in " + json);
        }
        assertTrue(json.contains("\"clientId\":\"\\u003Cimg src=x onerror=alert(1)\\u003E\\\"\\\\\\u000A\\u2028\\u2029\\u0026\""),
                json);
    }

    @Test
    void announcesJson() {
        assertEquals("application/json", StatusJson.CONTENT_TYPE);
    }
}
