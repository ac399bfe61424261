package fileserver.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fileserver.cli.UsageException;
import fileserver.status.StatusAccess;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
        assertEquals(StatusAccess.LOOPBACK, config.statusAccess());
    }

    /** The usage text is formatted from the defaults' constants; this fails if it ever states others. */
    @Test
    void theUsageStatesTheDefaultsThatParsingApplies() throws UsageException {
        ServerConfig config = ServerCommand.parse(new String[0]);
        ServerConfig platform = ServerCommand.parse(new String[] {"--threads", "platform"});
        long idleSeconds = config.idleTimeout().toSeconds();

        for (String stated : List.of(
                "--port N             TCP port to listen on (default " + config.port() + "; 0 = any free port)",
                "--bind ADDRESS       local address to listen on (default " + config.bindAddress().getHostAddress() + ";",
                "--file PATH          the file to serve (default ./" + config.file() + ")",
                "--chunk BYTES        bytes per socket write (default " + config.chunkSize() + ")",
                "(default " + ThreadKind.VIRTUAL.defaultMaxClients() + " on virtual threads, " + platform.maxClients()
                        + " on platform",
                "to send its request (default " + config.requestTimeout().toSeconds() + ")",
                "replies wait at most " + ClosingHandshake.AFTER_SHORT_REPLY.toSeconds() + " s for the close (default "
                        + idleSeconds + ").",
                "reads at least " + IdleWatchdog.NEVER_CUT_KB_PER_TIMEOUT + " KB per S seconds",
                "(" + IdleWatchdog.NEVER_CUT_KB_PER_TIMEOUT / idleSeconds + " KB/s at the default) is never cut",
                "--threads KIND       auto (default: virtual on Java 21+, else platform)",
                "--status-from WHO    who may see /status, /status.json and /metrics:\n"
                        + "                       loopback (the default), off,")) {
            assertTrue(ServerCommand.USAGE.contains(stated), stated + "\n" + ServerCommand.USAGE);
        }
        assertEquals(ThreadKind.preferred(), config.threadKind()); // what "auto" means
    }

    @Test
    void readsEveryOption() throws UsageException, UnknownHostException {
        ServerConfig config = ServerCommand.parse(new String[] {"--port", "0", "--bind=0.0.0.0", "--file", "x.bin",
            "--chunk", "4096", "--max-clients", "7", "--request-timeout", "2", "--idle-timeout", "3",
            "--status-from", "10.0.0.0/8"});

        assertEquals(0, config.port());
        assertEquals("0.0.0.0", config.bindAddress().getHostAddress());
        assertEquals(Path.of("x.bin"), config.file());
        assertEquals(4096, config.chunkSize());
        assertEquals(7, config.maxClients());
        assertEquals(Duration.ofSeconds(2), config.requestTimeout());
        assertEquals(Duration.ofSeconds(3), config.idleTimeout());
        assertEquals("10.0.0.0/8", config.statusAccess().toString());
        assertTrue(config.statusAccess().allows(InetAddress.getByName("10.1.2.3")));
        assertFalse(config.statusAccess().allows(InetAddress.getLoopbackAddress()));
    }

    @Test
    void statusOffLetsNobodySeeIt() throws UsageException {
        assertFalse(ServerCommand.parse(new String[] {"--status-from", "off"}).statusAccess().enabled());
    }

    @Test
    void namesTheStatusRuleItCannotRead() {
        UsageException e = assertThrows(UsageException.class,
                () -> ServerCommand.parse(new String[] {"--status-from", "loopback,example.com"}));
        assertEquals("--status-from: 'example.com' is not loopback, an IP address or a CIDR block", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"--port=65536", "--port=-1", "--chunk=0", "--max-clients=0", "--bind=no.such.host.invalid",
        "--threads=green", "--idle-timeout=0", "--idle-timeout=3601", "--request-timeout=0", "--request-timeout=3601",
        "--nope", "stray", "--status-from=", "--status-from=10.0.0.0/33"})
    void refusesBadOptions(String option) {
        assertThrows(UsageException.class, () -> ServerCommand.parse(new String[] {option}));
    }

    @Test
    void namesTheThreadKindsItKnows() {
        UsageException e = assertThrows(UsageException.class, () -> ServerCommand.parse(new String[] {"--threads=green"}));
        assertEquals("--threads must be auto, platform or virtual, not 'green'", e.getMessage());
    }

    @Test
    void acceptsTheBoundsOfTheTimeouts() throws UsageException {
        ServerConfig config = ServerCommand.parse(new String[] {"--request-timeout=1", "--idle-timeout=3600"});

        assertEquals(Duration.ofSeconds(1), config.requestTimeout());
        assertEquals(Duration.ofHours(1), config.idleTimeout());
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
