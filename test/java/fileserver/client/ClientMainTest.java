package fileserver.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fileserver.cli.ExitCode;
import fileserver.testing.ClientRun;
import fileserver.testing.Peer;
import fileserver.testing.RunningServer;
import fileserver.testing.TestFiles;
import fileserver.testing.TestPorts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientMainTest {
    @TempDir
    Path dir;

    private Path received(String id) {
        return dir.resolve("received_bio_" + id + ".txt");
    }

    @Test
    void downloadsAndVerifiesTheFile() throws IOException {
        byte[] content = TestFiles.randomBytes(1_234_567, 1);
        try (RunningServer server = RunningServer.serving(TestFiles.write(dir, "bio.txt", content))) {
            ClientRun run = ClientRun.of("7", "--port", Integer.toString(server.port()), "--dir", dir.toString());

            assertEquals(ExitCode.OK, run.exitCode(), run.toString());
            assertTrue(run.out().matches("client 7: 1234567 bytes in \\d+ ms \\(\\d+\\.\\d MB/s\\), verified sha-256\\n"),
                    run.out());
            assertArrayEquals(content, Files.readAllBytes(received("7")));
            assertFalse(Files.exists(dir.resolve("received_bio_7.txt.etag")), "validator is removed once verified");
        }
    }

    @Test
    void downloadsAnEmptyFileAndPrintsNoRateForIt() throws IOException {
        try (RunningServer server = RunningServer.serving(TestFiles.write(dir, "bio.txt", new byte[0]))) {
            ClientRun run = ClientRun.of("2", "--port", Integer.toString(server.port()), "--dir", dir.toString());

            assertEquals(ExitCode.OK, run.exitCode(), run.toString());
            assertTrue(run.out().matches("client 2: 0 bytes in (\\d+|under 1) ms, verified sha-256\\n"), run.out());
            assertEquals(0, Files.size(received("2")));
        }
    }

    @Test
    void replacesAnOldFileRatherThanAppendingToIt() throws IOException {
        byte[] content = TestFiles.randomBytes(5000, 2);
        Files.write(received("1"), new byte[12345]);
        try (RunningServer server = RunningServer.serving(TestFiles.write(dir, "bio.txt", content))) {
            ClientRun run = ClientRun.of("1", "--port", Integer.toString(server.port()), "--dir", dir.toString());

            assertEquals(ExitCode.OK, run.exitCode(), run.toString());
            assertArrayEquals(content, Files.readAllBytes(received("1")));
        }
    }

    @Test
    void twoHundredClientsInParallelEachGetAnIdenticalCopy() throws Exception {
        byte[] content = TestFiles.randomBytes(256 * 1024 + 1, 3);
        ExecutorService clients = Executors.newFixedThreadPool(200);
        try (RunningServer server = RunningServer.serving(TestFiles.write(dir, "bio.txt", content))) {
            List<Future<ClientRun>> runs = new ArrayList<>();
            for (int id = 1; id <= 200; id++) {
                String[] args = {Integer.toString(id), "--port", Integer.toString(server.port()), "--dir", dir.toString()};
                runs.add(clients.submit(() -> ClientRun.of(args)));
            }
            for (int id = 1; id <= 200; id++) {
                ClientRun run = runs.get(id - 1).get();
                assertEquals(ExitCode.OK, run.exitCode(), run.toString());
                assertTrue(Arrays.equals(content, Files.readAllBytes(received(Integer.toString(id)))), "client " + id);
            }
        } finally {
            clients.shutdownNow();
        }
    }

    @Test
    void resumesAPartialFileByAppendingOnlyTheRest() throws IOException {
        byte[] content = TestFiles.randomBytes(100_000, 4);
        try (RunningServer server = RunningServer.serving(TestFiles.write(dir, "bio.txt", content))) {
            String port = Integer.toString(server.port());
            assertEquals(ExitCode.OK, ClientRun.of("5", "--port", port, "--dir", dir.toString()).exitCode());
            String etag = Peer.request(server.port(), "HEAD", "/bio.txt").header("ETag");
            Files.write(received("5"), Arrays.copyOf(content, 42_000));
            Files.writeString(dir.resolve("received_bio_5.txt.etag"), etag + "\n");

            ClientRun run = ClientRun.of("5", "--port", port, "--dir", dir.toString(), "--resume");

            assertEquals(ExitCode.OK, run.exitCode(), run.toString());
            assertTrue(run.out().contains("(resumed at 42000)"), run.out());
            assertArrayEquals(content, Files.readAllBytes(received("5")));
            server.awaitLogLine(line -> line.contains("id=5 ") && line.contains(" 206 58000 bytes "),
                    Duration.ofSeconds(10));
        }
    }

    @Test
    void startsOverWhenTheFileChangedSinceThePartialCopy() throws IOException {
        byte[] content = TestFiles.randomBytes(50_000, 5);
        try (RunningServer server = RunningServer.serving(TestFiles.write(dir, "bio.txt", content))) {
            Files.write(received("6"), TestFiles.randomBytes(20_000, 99));
            Files.writeString(dir.resolve("received_bio_6.txt.etag"), "\"00000000000000000000000000000000\"\n");

            ClientRun run = ClientRun.of("6", "--port", Integer.toString(server.port()), "--dir", dir.toString(),
                    "--resume");

            assertEquals(ExitCode.OK, run.exitCode(), run.toString());
            assertFalse(run.out().contains("resumed"), run.out());
            assertArrayEquals(content, Files.readAllBytes(received("6")));
        }
    }

    @Test
    void reportsAnErrorStatusWithItsOwnExitCode() throws IOException {
        try (RunningServer server = RunningServer.serving(TestFiles.write(dir, "bio.txt", new byte[10]))) {
            ClientRun run = ClientRun.of("8", "--port", Integer.toString(server.port()), "--dir", dir.toString(),
                    "--path", "/missing.txt");

            assertEquals(ExitCode.HTTP_ERROR, run.exitCode());
            assertEquals("client 8: the server answered 404 Not Found\n", run.err());
        }
    }

    @Test
    void givesUpWhenNothingListensAfterTheRetries() throws IOException {
        int port = TestPorts.closed();
        ClientRun run = ClientRun.of("9", "--port", Integer.toString(port), "--dir", dir.toString(), "--retries", "2");

        assertEquals(ExitCode.NETWORK, run.exitCode());
        assertTrue(run.err().endsWith("gave up after 3 attempts\n"), run.err());
        assertEquals(2, run.err().lines().filter(line -> line.contains("retrying in")).count(), run.err());
    }

    @Test
    void refusesADirectoryThatDoesNotExist() {
        ClientRun run = ClientRun.of("1", "--dir", dir.resolve("nope").toString());

        assertEquals(ExitCode.LOCAL_IO, run.exitCode());
        assertTrue(run.err().contains("does not exist"), run.err());
    }

    @Test
    void refusesAnInvalidIdWithUsage() {
        ClientRun run = ClientRun.of("../../etc/passwd");

        assertEquals(ExitCode.USAGE, run.exitCode());
        assertTrue(run.err().startsWith("client: client id may contain only"), run.err());
    }

    @Test
    void reportsAHostThatDoesNotResolve() {
        ClientRun run = ClientRun.of("1", "--host", "no-such-host.invalid", "--dir", dir.toString());

        assertEquals(ExitCode.UNKNOWN_HOST, run.exitCode(), run.toString());
    }

    @Test
    void clientsToldToRetryAfterASecondDoNotAllComeBackInTheSameMillisecond() {
        List<Long> waits = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            waits.add(ClientMain.backoffMillis(0, 1000));
        }
        assertTrue(waits.stream().allMatch(wait -> wait >= 1000 && wait <= 1100), waits.toString());
        assertTrue(waits.stream().distinct().count() > 20, "no jitter: " + waits);
    }

    @Test
    void withoutRetryAfterTheBackoffDoublesWithJitter() {
        for (int i = 0; i < 200; i++) {
            long first = ClientMain.backoffMillis(0, 0);
            long third = ClientMain.backoffMillis(2, 0);
            assertTrue(first >= 100 && first <= 200, "first: " + first);
            assertTrue(third >= 400 && third <= 800, "third: " + third);
        }
        assertTrue(ClientMain.backoffMillis(30, 0) <= 5000, "capped at 5 s");
    }
}
