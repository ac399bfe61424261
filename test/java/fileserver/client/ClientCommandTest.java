package fileserver.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fileserver.cli.UsageException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ClientCommandTest {

    @ParameterizedTest
    @ValueSource(strings = {"1", "7", "client-42", "A_b-9", "x234567890123456789012345678901234567890123456789012345678901234"})
    void acceptsIdsOfTheSafeAlphabet(String id) throws UsageException {
        assertEquals(id, ClientCommand.parse(new String[] {id}).id());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "../etc", "a/b", "a b", ".hidden", "x*", "é",
        "x2345678901234567890123456789012345678901234567890123456789012345"})
    void refusesAnyOtherId(String id) {
        assertThrows(UsageException.class, () -> ClientCommand.parse(new String[] {id}));
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
    }

    @Test
    void readsEveryOption() throws UsageException {
        ClientConfig config = ClientCommand.parse(new String[] {
            "9", "--host", "localhost", "--port=8080", "--dir", "/tmp", "--path", "/x", "--resume", "--retries", "0"});

        assertEquals("localhost", config.host());
        assertEquals(8080, config.port());
        assertEquals(Path.of("/tmp/received_bio_9.txt"), config.receivedFile());
        assertEquals("/x", config.path());
        assertTrue(config.resume());
        assertEquals(0, config.retries());
    }

    @ParameterizedTest
    @ValueSource(strings = {"--port=0", "--port=65536", "--port=http", "--retries=-1", "--path=bio.txt", "--bogus",
        "--resume=yes", "--port"})
    void refusesBadOptions(String option) {
        assertThrows(UsageException.class, () -> ClientCommand.parse(new String[] {"1", option}));
    }

    @Test
    void refusesAMissingOrSecondId() {
        assertThrows(UsageException.class, () -> ClientCommand.parse(new String[] {}));
        assertThrows(UsageException.class, () -> ClientCommand.parse(new String[] {"1", "2"}));
    }
}
