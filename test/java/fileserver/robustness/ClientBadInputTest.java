package fileserver.robustness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fileserver.cli.ExitCode;
import fileserver.testing.ClientRun;
import fileserver.testing.RunningServer;
import fileserver.testing.TestFiles;
import fileserver.testing.TestPorts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 3, "client bad input": each mistake gets one line that names it and an exit code
 * of its own kind (README.md, "exit code" table), and nothing goes over the network
 * before the local checks pass.
 */
class ClientBadInputTest {
    @TempDir
    Path dir;

    /**
     * Arguments (with {dir}, {file}, {port}: a live server, {closed}: a port nobody listens
     * on), the exit code, and the first line printed, after "client..: ".
     */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            ../etc --dir {dir} --port {port}                 | USAGE        | client: client id may contain only A-Z a-z 0-9 _ - (got '../etc')
            a*b --dir {dir} --port {port}                    | USAGE        | client: client id may contain only A-Z a-z 0-9 _ - (got 'a*b')
            1 --dir {dir} --port 0                           | USAGE        | client: --port must be between 1 and 65535, not 0
            1 --dir {dir} --port 65536                       | USAGE        | client: --port must be between 1 and 65535, not 65536
            1 --dir {dir} --port http                        | USAGE        | client: --port must be a whole number, not 'http'
            1 --dir {dir} --port {port} --speed-limit 0      | USAGE        | client: --speed-limit must be between 1 and 1000000000, not 0
            1 --dir {dir} --port {port} --speed-time 1h      | USAGE        | client: --speed-time must be a whole number, not '1h'
            1 --dir {dir}/missing --port {port}              | LOCAL_IO     | client 1: directory {dir}/missing does not exist
            1 --dir {file} --port {port}                     | LOCAL_IO     | client 1: {file} is not a directory
            1 --dir /proc/self --port {port}                 | LOCAL_IO     | client 1: directory /proc/self is not writable
            1 --dir /sys --port {port}                       | LOCAL_IO     | client 1: directory /sys is not writable
            1 --dir {dir} --host no-such-host.invalid        | UNKNOWN_HOST | client 1: unknown host no-such-host.invalid
            1 --dir {dir} --port {closed} --retries 0        | NETWORK      | client 1: cannot connect to 127.0.0.1:{closed} (Connection refused), gave up after 1 attempts
            """)
    void eachBadInputIsOneClearLineAndItsOwnExitCode(String args, ExitCode exit, String line) throws IOException {
        Path file = TestFiles.write(dir, "plain-file", new byte[1]);
        try (RunningServer server = RunningServer.serving(TestFiles.write(dir, "bio.txt", new byte[100]))) {
            String closed = Integer.toString(TestPorts.closed());
            String port = Integer.toString(server.port());
            ClientRun run = ClientRun.of(fill(args, file, port, closed).split(" "));

            assertEquals(exit, run.exitCode(), run.toString());
            assertEquals("", run.out());
            assertEquals(fill(line, file, port, closed), run.err().lines().findFirst().orElse(""));
            if (exit != ExitCode.USAGE) {
                assertEquals(1, run.err().lines().count(), run.err());
            } else {
                assertTrue(run.err().contains("Usage: "), "a usage error is followed by the usage");
            }
            // Local problems are found before anything is sent.
            assertEquals(0, server.logLines().stream().filter(l -> l.contains(" id=")).count(),
                    String.join("\n", server.logLines()));
        }
    }

    private String fill(String template, Path file, String port, String closed) {
        return template.replace("{dir}", dir.toString()).replace("{file}", file.toString())
                .replace("{port}", port).replace("{closed}", closed);
    }

    @Test
    void theKindsOfFailureHaveDistinctNonZeroCodes() {
        Set<ExitCode> kinds = EnumSet.of(ExitCode.TRANSFER_FAILED, ExitCode.USAGE, ExitCode.LOCAL_IO,
                ExitCode.UNKNOWN_HOST, ExitCode.NETWORK, ExitCode.HTTP_ERROR);
        assertEquals(kinds.size(), kinds.stream().mapToInt(ExitCode::code).distinct().count());
        assertTrue(kinds.stream().allMatch(code -> code.code() != 0));
    }

    @Test
    void theDirectoryCheckLeavesNoFileBehind() throws IOException {
        try (RunningServer server = RunningServer.serving(TestFiles.write(dir, "bio.txt", new byte[100]))) {
            Path received = Files.createDirectory(dir.resolve("received"));
            ClientRun run = ClientRun.of("5", "--port", Integer.toString(server.port()), "--dir", received.toString());

            assertEquals(ExitCode.OK, run.exitCode(), run.toString());
            try (var files = Files.list(received)) {
                assertEquals(Set.of(received.resolve("received_bio_5.txt")), files.collect(java.util.stream.Collectors.toSet()));
            }
        }
    }
}
