package fileserver.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ClientConfigTest {

    @Test
    void keepsTheReceivedFileAndItsValidatorInTheDirectory() {
        ClientConfig config = new ClientConfig("a-7", "h", 1, Path.of("/tmp/x"), "/", false, 0, SpeedLimit.DEFAULT);

        assertEquals(Path.of("/tmp/x/received_bio_a-7.txt"), config.receivedFile());
        assertEquals(Path.of("/tmp/x/received_bio_a-7.txt.etag"), config.validatorFile());
    }
}
