package fileserver.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fileserver.cli.Defaults;
import fileserver.cli.UsageException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ClientCommandTest {

    @ParameterizedTest
    @ValueSource(strings = {"1", "7", "client-42", "A_b-9", "x234567890123456789012345678901234567890123456789012345678901234",
        "a", "z", "A", "Z", "0", "9", "_", "-"})
    void acceptsIdsOfTheSafeAlphabet(String id) throws UsageException {
        assertEquals(id, ClientCommand.parse(new String[] {id}).id());
    }

    @ParameterizedTest
    @ValueSource(strings = {"../etc", "a/b", "a b", ".hidden", "x*", "é", "`", "{", "@", "[", "/", ":", "a\u0000"})
    void refusesAnyOtherId(String id) {
        UsageException e = assertThrows(UsageException.class, () -> ClientCommand.parse(new String[] {id}));
        assertEquals("client id may contain only A-Z a-z 0-9 _ - (got '" + id + "')", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "x2345678901234567890123456789012345678901234567890123456789012345"})
    void refusesAnEmptyOrTooLongId(String id) {
        UsageException e = assertThrows(UsageException.class, () -> ClientCommand.parse(new String[] {id}));
        assertEquals("client id must be 1 to 64 characters long", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"--host=", "--host=a b", "--host=a\u007f", "--host=\u00e9", "--host=a\tb"})
    void refusesAnEmptyHostOrOneWithSpacesOrControlCharacters(String option) {
        UsageException e = assertThrows(UsageException.class, () -> ClientCommand.parse(new String[] {"1", option}));
        assertEquals("--host must be a host name or address", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"--path=bio.txt", "--path=", "--path=/a b", "--path=/\u007f", "--path=/\u001f"})
    void refusesAPathThatIsNotAVisibleAbsolutePath(String option) {
        UsageException e = assertThrows(UsageException.class, () -> ClientCommand.parse(new String[] {"1", option}));
        assertEquals("--path must start with / and contain no spaces or control characters", e.getMessage());
    }

    @Test
    void acceptsEveryVisibleCharacterInHostAndPath() throws UsageException {
        ClientConfig config = ClientCommand.parse(new String[] {"1", "--host=!~", "--path=/!~"});

        assertEquals("!~", config.host());
        assertEquals("/!~", config.path());
    }

    @Test
    void acceptsTheBoundsOfPortAndRetries() throws UsageException {
        assertEquals(1, ClientCommand.parse(new String[] {"1", "--port=1"}).port());
        assertEquals(65535, ClientCommand.parse(new String[] {"1", "--port=65535"}).port());
        assertEquals(100, ClientCommand.parse(new String[] {"1", "--retries=100"}).retries());
        assertThrows(UsageException.class, () -> ClientCommand.parse(new String[] {"1", "--retries=101"}));
    }

    @Test
    void hasTheDocumentedDefaults() throws UsageException {
        ClientConfig config = ClientCommand.parse(new String[] {"3"});

        assertEquals("127.0.0.1", config.host());
        assertEquals(5050, config.port());
        assertEquals(Path.of("."), config.dir());
        assertEquals("/bio.txt", config.path());
        assertEquals(5, config.retries());
        assertEquals(false, config.resume());
        assertEquals(Path.of("./received_bio_3.txt"), config.receivedFile());
        assertEquals(new SpeedLimit(1000, 30), config.speed());
    }

    @Test
    void readsEveryOption() throws UsageException {
        ClientConfig config = ClientCommand.parse(new String[] {
            "9", "--host", "localhost", "--port=8080", "--dir", "/tmp", "--path", "/x", "--resume", "--retries", "0",
            "--speed-limit", "1", "--speed-time=3600"});

        assertEquals("localhost", config.host());
        assertEquals(8080, config.port());
        assertEquals(Path.of("/tmp/received_bio_9.txt"), config.receivedFile());
        assertEquals("/x", config.path());
        assertTrue(config.resume());
        assertEquals(0, config.retries());
        assertEquals(new SpeedLimit(1, 3600), config.speed());
    }

    @ParameterizedTest
    @ValueSource(strings = {"--port=0", "--port=65536", "--port=http", "--retries=-1", "--path=bio.txt", "--bogus",
        "--resume=yes", "--port", "--speed-limit=0", "--speed-time=0", "--speed-time=3601", "--speed-limit=1000000001"})
    void refusesBadOptions(String option) {
        assertThrows(UsageException.class, () -> ClientCommand.parse(new String[] {"1", option}));
    }

    @Test
    void refusesAMissingOrSecondId() {
        assertEquals("missing the client id",
                assertThrows(UsageException.class, () -> ClientCommand.parse(new String[] {})).getMessage());
        assertEquals("unexpected argument '2'",
                assertThrows(UsageException.class, () -> ClientCommand.parse(new String[] {"1", "2"})).getMessage());
    }

    /** The usage text is formatted from the defaults' constants; this fails if it ever states others. */
    @Test
    void theUsageStatesTheDefaultsThatParsingApplies() throws UsageException {
        ClientConfig config = ClientCommand.parse(new String[] {"3"});

        for (String stated : List.of(
                "<id>             1 to 64 characters of A-Z a-z 0-9 _ -",
                "--host HOST      server host (default " + config.host() + ")",
                "--port N         server port (default " + config.port() + ")",
                "--dir DIR        directory to write into (default " + config.dir() + ")",
                "--path PATH      request path (default " + config.path() + ")",
                "busy (default " + config.retries() + ")",
                "--speed-limit BYTES, --speed-time SECONDS",
                "(defaults " + config.speed().bytesPerSecond() + " and " + config.speed().seconds() + ")")) {
            assertTrue(ClientCommand.usage().contains(stated), stated + "\n" + ClientCommand.usage());
        }
    }

    /** A client and a server started without options meet: same address, same port, the served file's path. */
    @Test
    void theDefaultsReachTheServersDefaults() throws UsageException {
        ClientConfig config = ClientCommand.parse(new String[] {"3"});

        assertEquals(Defaults.HOST, config.host());
        assertEquals(Defaults.PORT, config.port());
        assertEquals("/" + Defaults.FILE_NAME, config.path());
    }
}
