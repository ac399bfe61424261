package fileserver.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fileserver.testing.JavaProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CDS training run (make's build/client.jsa) as a real process, with its own temporary directory. */
class ClientTrainingTest {
    @TempDir
    Path dir;

    @Test
    void aSuccessfulRunExits0AndLeavesNoTemporaryDirectory() throws Exception {
        try (JavaProcess training = run()) {
            assertEquals(0, training.exitValue(), training::toString);
            assertEquals(List.of(), leftInTmp());
        }
    }

    @Test
    void aFailedRunExitsWithTheClientsStatusAndStillDeletesItsTemporaryDirectory() throws Exception {
        try (JavaProcess training = run("--no-such-option")) {
            assertEquals(2, training.exitValue(), training::toString);
            assertTrue(training.err().contains("client training run failed: USAGE"), training::toString);
            assertEquals(List.of(), leftInTmp());
        }
    }

    private JavaProcess run(String... clientOptions) throws IOException, InterruptedException {
        Files.createDirectories(dir.resolve("tmp"));
        JavaProcess training = JavaProcess.start(dir, "training", List.of("-Djava.io.tmpdir=" + dir.resolve("tmp")),
                "fileserver.tools.ClientTraining", clientOptions);
        training.awaitExit(Duration.ofSeconds(30));
        return training;
    }

    private List<String> leftInTmp() throws IOException {
        try (Stream<Path> files = Files.list(dir.resolve("tmp"))) {
            return files.map(path -> path.getFileName().toString()).toList();
        }
    }
}
