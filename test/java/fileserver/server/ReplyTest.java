package fileserver.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import fileserver.protocol.ByteRange;
import fileserver.snapshot.FileSnapshot;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ReplyTest {

    @Test
    void bodiesMeasureTheBytesTheySend() {
        FileSnapshot file = new FileSnapshot("bio.txt", new byte[100], Instant.EPOCH);

        assertEquals(0, new Reply.Empty().length());
        assertEquals(3, new Reply.Message("\u00e9\n").length());
        assertArrayEquals("\u00e9\n".getBytes(StandardCharsets.UTF_8), new Reply.Message("\u00e9\n").bytes());
        assertEquals(11, new Reply.FileRange(file, new ByteRange(10, 20)).length());
    }
}
