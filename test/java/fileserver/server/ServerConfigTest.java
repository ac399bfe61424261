package fileserver.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import fileserver.status.StatusAccess;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ServerConfigTest {
    private static final Path FILE = Path.of("bio.txt");

    private static ServerConfig config(int port, int chunkSize, int maxClients, int backlog, int maxHeadBytes) {
        return new ServerConfig(InetAddress.getLoopbackAddress(), port, FILE, chunkSize, maxClients, backlog,
                maxHeadBytes, Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1), ThreadKind.PLATFORM, 0,
                StatusAccess.LOOPBACK);
    }

    @Test
    void theBuilderStartsAtTheDocumentedDefaults() {
        ServerConfig config = ServerConfig.builder(FILE).build();

        assertEquals(InetAddress.getLoopbackAddress(), config.bindAddress());
        assertEquals(5050, config.port());
        assertEquals(FILE, config.file());
        assertEquals(1000, config.chunkSize());
        assertEquals(ThreadKind.preferred() == ThreadKind.VIRTUAL ? 10_000 : 3_000, config.maxClients());
        assertEquals(65535, config.backlog());
        assertEquals(8192, config.maxHeadBytes());
        assertEquals(Duration.ofSeconds(10), config.requestTimeout());
        assertEquals(Duration.ofSeconds(30), config.idleTimeout());
        assertEquals(Duration.ofSeconds(5), config.shutdownGrace());
        assertEquals(ThreadKind.preferred(), config.threadKind());
        assertEquals(256 * 1024, config.threadStackSize());
        assertEquals(StatusAccess.LOOPBACK, config.statusAccess());
    }

    @Test
    void theDefaultMaxClientsFollowsTheThreadKindUnlessSet() {
        assertEquals(3_000, ServerConfig.builder(FILE).threadKind(ThreadKind.PLATFORM).build().maxClients());
        assertEquals(10_000, ServerConfig.builder(FILE).threadKind(ThreadKind.VIRTUAL).build().maxClients());
        assertEquals(7, ServerConfig.builder(FILE).threadKind(ThreadKind.PLATFORM).maxClients(7).build().maxClients());
        // An explicit 0 is a mistake, not a request for the default.
        assertThrows(IllegalArgumentException.class, () -> ServerConfig.builder(FILE).maxClients(0).build());
    }

    @Test
    void theBuilderSetsEverySetting() throws Exception {
        InetAddress any = InetAddress.getByName("0.0.0.0");
        ServerConfig config = ServerConfig.builder(Path.of("x.bin"))
                .bindAddress(any).port(0).chunkSize(1).maxClients(2).backlog(3)
                .requestTimeout(Duration.ofSeconds(4)).idleTimeout(Duration.ofSeconds(5))
                .shutdownGrace(Duration.ofSeconds(6)).threadKind(ThreadKind.PLATFORM).threadStackSize(7)
                .statusAccess(StatusAccess.OFF).build();

        assertEquals(new ServerConfig(any, 0, Path.of("x.bin"), 1, 2, 3, 8192, Duration.ofSeconds(4),
                Duration.ofSeconds(5), Duration.ofSeconds(6), ThreadKind.PLATFORM, 7, StatusAccess.OFF), config);
    }

    @ParameterizedTest(name = "port {0}, chunk {1}, clients {2}, backlog {3}, head {4}")
    @CsvSource({"0, 1, 1, 1, 64", "65535, 1, 1, 1, 64"})
    void acceptsTheSmallestAndLargestValues(int port, int chunkSize, int maxClients, int backlog, int maxHeadBytes) {
        assertEquals(port, config(port, chunkSize, maxClients, backlog, maxHeadBytes).port());
    }

    /** Each mistake gets its own message, naming the setting, its range and the value given. */
    @ParameterizedTest(name = "port {0}, chunk {1}, clients {2}, backlog {3}, head {4} -> {5}")
    @CsvSource(delimiter = '|', textBlock = """
            -1    | 1 | 1 | 1 | 64 | port must be between 0 and 65535, not -1
            65536 | 1 | 1 | 1 | 64 | port must be between 0 and 65535, not 65536
            0     | 0 | 1 | 1 | 64 | chunkSize must be at least 1, not 0
            0     | 1 | 0 | 1 | 64 | maxClients must be at least 1, not 0
            0     | 1 | 1 | 0 | 64 | backlog must be at least 1, not 0
            0     | 1 | 1 | 1 | 63 | maxHeadBytes must be at least 64, not 63
            """)
    void refusesAValueOutOfRange(int port, int chunkSize, int maxClients, int backlog, int maxHeadBytes,
                                 String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> config(port, chunkSize, maxClients, backlog, maxHeadBytes));
        assertEquals(message, e.getMessage());
    }
}
