package fileserver.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fileserver.cli.ExitCode;
import fileserver.testing.ClientRun;
import fileserver.testing.TestFiles;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Our client against a server we did not write: {@code python3 -m http.server} on loopback. */
class PythonServerInteropTest {
    private static final Pattern SERVING = Pattern.compile("port (\\d+)");

    @TempDir
    Path served;

    @TempDir
    Path received;

    @Test
    void downloadsFromPythonsHttpServer() throws Exception {
        byte[] content = TestFiles.randomBytes(2 * 1024 * 1024 + 3, 11);
        TestFiles.write(served, "bio.txt", content);
        Process python = new ProcessBuilder("python3", "-u", "-m", "http.server", "0", "--bind", "127.0.0.1",
                "--directory", served.toString())
                .redirectErrorStream(true)
                .start();
        try {
            int port = awaitPort(python);

            ClientRun run = ClientRun.of("py", "--port", Integer.toString(port), "--dir", received.toString());

            assertEquals(ExitCode.OK, run.exitCode(), run.toString());
            // python's server sends no digest, so the client can check only the length.
            assertTrue(run.out().endsWith("verified length\n"), run.out());
            assertArrayEquals(content, Files.readAllBytes(received.resolve("received_bio_py.txt")));
        } finally {
            python.destroy();
            if (!python.waitFor(10, TimeUnit.SECONDS)) {
                python.destroyForcibly();
            }
        }
    }

    /** Reads python's "Serving HTTP on 127.0.0.1 port N" line; the read blocks until it comes. */
    private static int awaitPort(Process python) throws IOException {
        BufferedReader lines = new BufferedReader(new InputStreamReader(python.getInputStream(), StandardCharsets.UTF_8));
        for (String line; (line = lines.readLine()) != null; ) {
            Matcher port = SERVING.matcher(line);
            if (line.startsWith("Serving HTTP") && port.find()) {
                return Integer.parseInt(port.group(1));
            }
        }
        throw new IOException("python3 -m http.server exited before it was serving");
    }
}
