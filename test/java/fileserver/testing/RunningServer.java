package fileserver.testing;

import fileserver.server.FileServer;
import fileserver.server.ServerConfig;
import fileserver.server.ThreadKind;
import fileserver.server.TransferLog;
import fileserver.snapshot.SnapshotSource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * A {@link FileServer} on 127.0.0.1 and a port the kernel chose, with its log captured
 * for assertions. Always used in try-with-resources so that it is stopped.
 */
public final class RunningServer implements AutoCloseable {
    private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
    private final FileServer server;

    private RunningServer(ServerConfig config) throws IOException {
        PrintStream log = new PrintStream(logBytes, true, StandardCharsets.UTF_8);
        server = new FileServer(config, new SnapshotSource(config.file()), new TransferLog(log));
        try {
            server.start();
        } catch (IOException | RuntimeException e) {
            server.close(); // a server that could not start must not leave anything behind either
            throw e;
        }
    }

    public static RunningServer serving(Path file) throws IOException {
        return serving(file, UnaryOperator.identity());
    }

    /** Starts a server for {@code file} with the test defaults changed by {@code customize}. */
    public static RunningServer serving(Path file, UnaryOperator<ServerConfig.Builder> customize) throws IOException {
        ServerConfig.Builder builder = ServerConfig.builder(file)
                .bindAddress(InetAddress.getLoopbackAddress())
                .port(0)
                .threadKind(threadKind())
                .shutdownGrace(Duration.ofSeconds(2));
        return new RunningServer(customize.apply(builder).build());
    }

    /**
     * The thread kind of the servers tests start: platform threads, or what the system
     * property {@code test.threads} names ({@code make test} runs the server's tests a
     * second time with {@code -Dtest.threads=virtual} on a JDK 21+). A test can still ask
     * for a kind of its own.
     */
    public static ThreadKind threadKind() {
        String name = System.getProperty("test.threads", "platform");
        for (ThreadKind kind : ThreadKind.values()) {
            if (kind.optionName().equals(name)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("test.threads must be platform or virtual, not " + name);
    }

    public int port() {
        return server.port();
    }

    public FileServer server() {
        return server;
    }

    public List<String> logLines() {
        synchronized (logBytes) {
            return logBytes.toString(StandardCharsets.UTF_8).lines().toList();
        }
    }

    /** Waits until a log line matches, failing after {@code timeout}. */
    public String awaitLogLine(Predicate<String> matches, Duration timeout) {
        Poll.until(() -> logLines().stream().anyMatch(matches), timeout, () -> "no matching log line in:\n"
                + String.join("\n", logLines()));
        return logLines().stream().filter(matches).findFirst().orElseThrow();
    }

    @Override
    public void close() {
        server.close();
    }
}
