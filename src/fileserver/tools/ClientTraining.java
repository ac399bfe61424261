package fileserver.tools;

import fileserver.cli.ExitCode;
import fileserver.client.ClientMain;
import fileserver.server.FileServer;
import fileserver.server.ServerConfig;
import fileserver.server.TransferLog;
import fileserver.snapshot.SnapshotSource;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * One complete download on loopback, run by {@code make} under
 * {@code -XX:ArchiveClassesAtExit} so that the classes a client loads are recorded in a
 * class-data-sharing archive (build/client.jsa). Fifty client JVMs started at once then
 * map those classes instead of each loading, verifying and linking them again, which is
 * a large part of a short-lived JVM's start-up cost.
 */
public final class ClientTraining {
    private ClientTraining() {
    }

    /**
     * Runs the training download in a temporary directory, which is deleted whatever
     * happens, and exits with the client's status if it failed. Arguments, if any, are
     * added to the client's command line (make passes none).
     */
    public static void main(String[] args) throws IOException {
        ExitCode code;
        Path dir = Files.createTempDirectory("client-training");
        try {
            code = train(dir, args);
        } finally {
            deleteTree(dir);
        }
        // Only now: System.exit does not return, so inside the try it would skip the deletion.
        if (code != ExitCode.OK) {
            System.err.println("client training run failed: " + code);
            System.exit(code.code());
        }
    }

    private static ExitCode train(Path dir, String[] clientOptions) throws IOException {
        Path file = dir.resolve("bio.txt");
        try (OutputStream out = Files.newOutputStream(file)) {
            BioGenerator.write(256 * 1024, out);
        }
        PrintStream silent = new PrintStream(OutputStream.nullOutputStream());
        try (FileServer server = new FileServer(ServerConfig.builder(file).port(0).build(),
                new SnapshotSource(file), new TransferLog(silent))) {
            server.start();
            List<String> args = new ArrayList<>(List.of("training", "--port", Integer.toString(server.port()),
                    "--dir", dir.toString()));
            args.addAll(List.of(clientOptions));
            return ClientMain.run(args.toArray(String[]::new), silent, System.err);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
