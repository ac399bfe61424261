package fileserver.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fileserver.cli.UsageException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ServerCommandTest {

    @Test
    void hasTheDocumentedDefaults() throws UsageException {
        ServerConfig config = ServerCommand.parse(new String[0]);

        assertEquals("127.0.0.1", config.bindAddress().getHostAddress());
        assertEquals(5050, config.port());
        assertEquals(Path.of("bio.txt"), config.file());
        assertEquals(1000, config.chunkSize());
        assertEquals(Runtime.version().feature() >= 21 ? 10_000 : 3_000, config.maxClients());
        assertEquals(Duration.ofSeconds(10), config.requestTimeout());
        assertEquals(Duration.ofSeconds(30), config.idleTimeout());
        assertEquals(Runtime.version().feature() >= 21 ? ThreadKind.VIRTUAL : ThreadKind.PLATFORM, config.threadKind());
    }

    @Test
    void readsEveryOption() throws UsageException {
        ServerConfig config = ServerCommand.parse(new String[] {"--port", "0", "--bind=0.0.0.0", "--file", "x.bin",
            "--chunk", "4096", "--max-clients", "7", "--request-timeout", "2", "--idle-timeout", "3"});

        assertEquals(0, config.port());
        assertEquals("0.0.0.0", config.bindAddress().getHostAddress());
        assertEquals(Path.of("x.bin"), config.file());
        assertEquals(4096, config.chunkSize());
        assertEquals(7, config.maxClients());
        assertEquals(Duration.ofSeconds(2), config.requestTimeout());
        assertEquals(Duration.ofSeconds(3), config.idleTimeout());
    }

    @ParameterizedTest
    @ValueSource(strings = {"--port=65536", "--port=-1", "--chunk=0", "--max-clients=0", "--bind=no.such.host.invalid",
        "--threads=green", "--idle-timeout=0", "--nope", "stray"})
    void refusesBadOptions(String option) {
        assertThrows(UsageException.class, () -> ServerCommand.parse(new String[] {option}));
    }

    @Test
    void platformThreadsCanAlwaysBeChosen() throws UsageException {
        assertEquals(ThreadKind.PLATFORM, ServerCommand.parse(new String[] {"--threads", "platform"}).threadKind());
    }

    @Test
    void offersVirtualThreadsExactlyWhereTheJdkHasThem() throws UsageException {
        String[] args = {"--threads", "virtual"};
        if (Runtime.version().feature() >= 21) {
            assertEquals(ThreadKind.VIRTUAL, ServerCommand.parse(args).threadKind());
        } else {
            UsageException e = assertThrows(UsageException.class, () -> ServerCommand.parse(args));
            assertTrue(e.getMessage().contains("Java 21"), e.getMessage());
        }
    }
}
