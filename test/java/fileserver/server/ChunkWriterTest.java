package fileserver.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import fileserver.protocol.ByteRange;
import fileserver.snapshot.FileSnapshot;
import fileserver.testing.TestFiles;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The assignment's rule: the server sends the file 1000 bytes per write. */
class ChunkWriterTest {

    /** Records every call made to it, as the socket's stream would receive them. */
    private static final class RecordingStream extends OutputStream {
        final List<Integer> writes = new ArrayList<>();
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        @Override
        public void write(int b) {
            writes.add(1);
            bytes.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            writes.add(len);
            bytes.write(b, off, len);
        }
    }

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {1, 999, 1000, 1001, 10_485_760})
    void writesThousandByteChunksAndTheRemainderLast(int size) throws Exception {
        byte[] content = TestFiles.randomBytes(size, size);
        RecordingStream out = new RecordingStream();
        List<Integer> reported = new ArrayList<>();

        ChunkWriter.write(new FileSnapshot("bio.txt", content, Instant.EPOCH), ByteRange.whole(size), 1000, out,
                reported::add);

        int full = size / 1000;
        int rest = size % 1000;
        assertEquals(full + (rest > 0 ? 1 : 0), out.writes.size());
        for (int i = 0; i < full; i++) {
            assertEquals(1000, out.writes.get(i), "write " + i);
        }
        if (rest > 0) {
            assertEquals(rest, out.writes.get(full));
        }
        assertEquals(out.writes, reported);
        assertArrayEquals(content, out.bytes.toByteArray());
    }

    @Test
    void writesARangeInChunksCountedFromItsStart() throws Exception {
        byte[] content = TestFiles.randomBytes(5000, 9);
        RecordingStream out = new RecordingStream();

        ChunkWriter.write(new FileSnapshot("bio.txt", content, Instant.EPOCH), new ByteRange(500, 3199), 1000, out,
                n -> { });

        assertEquals(List.of(1000, 1000, 700), out.writes);
        assertArrayEquals(Arrays.copyOfRange(content, 500, 3200), out.bytes.toByteArray());
    }

    @Test
    void honoursAnyChunkSize() throws Exception {
        RecordingStream out = new RecordingStream();

        ChunkWriter.write(new FileSnapshot("bio.txt", new byte[10_000], Instant.EPOCH), ByteRange.whole(10_000), 4096,
                out, n -> { });

        assertEquals(List.of(4096, 4096, 1808), out.writes);
    }
}
