package fileserver.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fileserver.status.StatusAccess;
import fileserver.status.StatusSnapshot;
import fileserver.testing.Peer;
import fileserver.testing.Poll;
import fileserver.testing.RunningServer;
import fileserver.testing.TestFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * /status, /status.json and /metrics over real sockets: who gets them, that they are no
 * transfers (no log line, no count, no worker slot), and that what the server reports
 * follows its transfers as they start, finish, fail and get 503. How the reports are
 * written is the renderers' tests'.
 */
class StatusTest {
    private static final int SIZE = 4 * 1024 * 1024;
    private static final Duration DEADLINE = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private Path file() throws IOException {
        return TestFiles.write(dir, "bio.txt", TestFiles.randomBytes(SIZE, 20));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"/status, text/html; charset=utf-8", "/status.json, application/json",
        "/metrics, text/plain; version=0.0.4; charset=utf-8", "/status?refresh=1, text/html; charset=utf-8"})
    void answersLoopbackWithoutALogLineOrACount(String path, String contentType) throws IOException {
        try (RunningServer server = RunningServer.serving(file())) {
            Peer.Response reply = Peer.get(server.port(), path);
            Peer.Response head = Peer.request(server.port(), "HEAD", path);

            assertEquals(200, reply.status());
            assertEquals(contentType, reply.header("Content-Type"));
            assertEquals("no-store", reply.header("Cache-Control"));
            assertEquals(Integer.toString(reply.body().length), reply.header("Content-Length"));
            assertEquals(200, head.status());
            assertEquals(0, head.body().length);
            assertEquals(1, server.logLines().size(), "more than the start line: " + server.logLines());
            StatusSnapshot.Totals totals = server.server().status().totals();
            assertTrue(totals.transfersByStatus().values().stream().allMatch(count -> count == 0), totals.toString());
            assertEquals(0, totals.sentBytes());
            assertEquals(List.of(), server.server().status().recent());
        }
    }

    @ParameterizedTest(name = "--status-from {0}")
    @CsvSource({"off", "10.0.0.0/8", "::2"})
    void aPeerTheRuleLeavesOutGetsWhatAnyUnknownPathGets(String rule) throws IOException {
        try (RunningServer server = RunningServer.serving(file(), config -> config.statusAccess(StatusAccess.parse(rule)))) {
            Peer.Response unknown = Peer.get(server.port(), "/nothing");
            for (String path : List.of("/status", "/status.json", "/metrics")) {
                Peer.Response reply = Peer.get(server.port(), path);

                assertEquals(404, reply.status(), path);
                assertArrayEquals(unknown.body(), reply.body(), path);
                server.awaitLogLine(line -> line.contains("\"GET " + path + " HTTP/1.1\" 404"), DEADLINE);
            }
        }
    }

    @Test
    void onlyGetAndHeadAndOnlyTheExactPathsAreTheStatus() throws IOException {
        try (RunningServer server = RunningServer.serving(file())) {
            assertEquals(405, Peer.request(server.port(), "POST", "/metrics").status());
            assertEquals(404, Peer.get(server.port(), "/metrics/").status());
            assertEquals(404, Peer.get(server.port(), "/Status").status());
            assertEquals(404, Peer.get(server.port(), "http://127.0.0.1:" + server.port() + "/metrics").status());
        }
    }

    /**
     * With one worker, a status request whose client has its answer but has not closed yet
     * must not hold that worker: a client asking for the file meanwhile is served, not 503.
     */
    @Test
    void aStatusRequestGivesItsWorkerBackOnceItIsKnown() throws IOException {
        try (RunningServer server = RunningServer.serving(file(), config -> config.maxClients(1));
             Peer watcher = Peer.connect(server.port())) {
            watcher.send("GET /status.json HTTP/1.1\r\nHost: x\r\n\r\n");
            assertEquals(200, watcher.readHead().code());

            Peer.Response transfer = Peer.get(server.port(), "/bio.txt");

            assertEquals(200, transfer.status());
            assertEquals(SIZE, transfer.body().length);
            Poll.until(() -> server.server().busyWorkers() == 0, DEADLINE,
                    () -> "the status request still holds a worker: " + server.server().busyWorkers());
        }
    }

    @Test
    void countsFollowTransfersAsTheyStartFinishFailAndGet503() throws IOException {
        try (RunningServer server = RunningServer.serving(file(), config -> config.maxClients(1))) {
            FileServer files = server.server();
            try (Peer stuck = Peer.connect(server.port(), 16 * 1024)) {
                stuck.send("GET /bio.txt HTTP/1.1\r\nHost: x\r\nX-Client-Id: stuck\r\n\r\n");
                StatusSnapshot started = await(files, status -> status.inFlightCount() == 1
                        && status.inFlight().get(0).sentBytes() > 0);
                StatusSnapshot.Transfer transfer = started.inFlight().get(0);
                assertEquals("stuck", transfer.clientId());
                assertEquals("127.0.0.1:" + stuck.localPort(), transfer.peer());
                assertEquals(SIZE, transfer.totalBytes());
                assertTrue(transfer.sentBytes() < SIZE, "the stuck client read it all: " + transfer);
                assertEquals(1, started.server().workersBusy());
                assertEquals(1, started.server().maxClients());

                assertEquals(503, Peer.get(server.port(), "/bio.txt").status());
                await(files, status -> status.totals().overloadByOutcome().get("answered") == 1);
            }
            StatusSnapshot failed = await(files, status -> status.totals().cutByReason().get("client_went_away") == 1);
            String cutLine = server.awaitLogLine(line -> line.contains(" id=stuck client went away after "), DEADLINE);
            long cutBytes = Long.parseLong(cutLine.replaceAll(".* after (\\d+) of .*", "$1"));
            assertEquals(cutBytes, failed.totals().sentBytes());
            assertEquals(0, failed.inFlightCount());
            assertEquals(0, failed.server().workersBusy());
            assertEquals(cutLine.substring(cutLine.indexOf(' ') + 1), failed.recent().get(0).outcome());

            assertEquals(200, Peer.get(server.port(), "/bio.txt", "X-Client-Id: whole").status());
            assertEquals(404, Peer.get(server.port(), "/nothing").status());
            StatusSnapshot finished = await(files, status -> status.totals().transfersByStatus().get(404) == 1);
            Map<Integer, Long> byStatus = finished.totals().transfersByStatus();
            assertEquals(1, byStatus.get(200));
            assertEquals(0, byStatus.get(206));
            assertEquals(cutBytes + SIZE + Peer.get(server.port(), "/nothing").body().length,
                    finished.totals().sentBytes());
            assertEquals(2, finished.durations().count());
            assertEquals(Map.of("client_went_away", 1L, "shutdown", 0L, "stalled", 0L), finished.totals().cutByReason());
            assertEquals(Map.of("answered", 1L, "dropped", 0L, "unanswered", 0L),
                    finished.totals().overloadByOutcome());
            assertTrue(finished.recent().get(1).outcome().contains(" id=whole \"GET /bio.txt HTTP/1.1\" 200 " + SIZE),
                    finished.recent().toString());
        }
    }

    @Test
    void aConnectionStillSendingItsRequestIsInFlightWithItsSizeUnknown() throws IOException {
        try (RunningServer server = RunningServer.serving(file());
             Peer slow = Peer.connect(server.port())) {
            slow.send("GET /bio.txt HTTP/1.1\r\n");
            StatusSnapshot status = await(server.server(), snapshot -> snapshot.inFlightCount() == 1);

            assertEquals(-1, status.inFlight().get(0).totalBytes());
            assertEquals("-", status.inFlight().get(0).clientId());
        }
    }

    private static StatusSnapshot await(FileServer server, Predicate<StatusSnapshot> condition) {
        Poll.until(() -> condition.test(server.status()), DEADLINE, () -> "never so: " + server.status());
        return server.status();
    }
}
