package fileserver.server;

import fileserver.protocol.ByteRange;
import fileserver.snapshot.FileSnapshot;
import java.io.IOException;
import java.io.OutputStream;
import java.util.function.IntConsumer;

/**
 * Sends a range of a file as a run of writes of exactly {@code chunkSize} bytes, the last
 * one the remainder: the assignment's "1000 bytes of data at a time". Each chunk is one
 * call to the socket's stream, which is not buffered, so nothing in this process joins
 * or splits them.
 */
final class ChunkWriter {
    private ChunkWriter() {
    }

    /**
     * @param afterChunk told the size of each chunk once the socket has taken it
     */
    static void write(FileSnapshot file, ByteRange range, int chunkSize, OutputStream out, IntConsumer afterChunk)
            throws IOException {
        long end = range.last() + 1;
        for (long position = range.first(); position < end; ) {
            int length = (int) Math.min(chunkSize, end - position);
            file.write(out, position, length);
            position += length;
            afterChunk.accept(length);
        }
    }
}
