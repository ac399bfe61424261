package fileserver.snapshot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FileSnapshotTest {
    private static final Instant MODIFIED = Instant.parse("2024-05-06T07:08:09Z");
    private final FileSnapshot abc = new FileSnapshot("bio.txt", "abc".getBytes(StandardCharsets.US_ASCII), MODIFIED);

    @Test
    void describesItsContent() {
        assertEquals("bio.txt", abc.fileName());
        assertEquals(3, abc.size());
        assertEquals(MODIFIED, abc.lastModified());
    }

    @Test
    void announcesTheSha256OfItsContentInEveryForm() {
        // sha256sum of "abc", and the same 32 bytes in base64.
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", abc.sha256Hex());
        assertEquals("sha-256=:ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=:", abc.reprDigest());
        assertEquals("\"ba7816bf8f01cfea414140de5dae2223\"", abc.etag());
    }

    @Test
    void writesTheRequestedSliceInOneCall() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        abc.write(out, 1, 2);

        assertArrayEquals("bc".getBytes(StandardCharsets.US_ASCII), out.toByteArray());
    }

    @Test
    void anEmptyFileHasTheDigestOfNothing() {
        FileSnapshot empty = new FileSnapshot("e", new byte[0], MODIFIED);

        assertEquals(0, empty.size());
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", empty.sha256Hex());
    }
}
