import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Collects one response head from the bytes as they arrive, in any split, up to the
 * blank line that ends it; whatever follows in the same read is the body's start.
 * Bounded, so a server that never ends its head cannot make the generator grow.
 */
final class HeadReader {
    static final int MAX_HEAD_BYTES = 16 * 1024;

    private byte[] bytes = new byte[1024];
    private int length;
    private ResponseHead head;

    /**
     * Takes {@code data[0..count)}; returns how many of them belonged to the head: all of
     * them until the head is complete ({@link #head()} is then no longer null).
     */
    int take(byte[] data, int count) throws Failure {
        int start = length;
        if (start + count > bytes.length) {
            int grown = Math.max(bytes.length * 2, start + count);
            bytes = Arrays.copyOf(bytes, Math.min(MAX_HEAD_BYTES + 4, grown));
        }
        int copy = Math.min(count, bytes.length - start);
        System.arraycopy(data, 0, bytes, start, copy);
        length += copy;
        // Search from 3 back, in case the previous read ended inside the CRLF CRLF.
        for (int i = Math.max(3, start); i < length; i++) {
            if (bytes[i] == '\n' && bytes[i - 1] == '\r' && bytes[i - 2] == '\n' && bytes[i - 3] == '\r') {
                head = ResponseHead.parse(new String(bytes, 0, i + 1, StandardCharsets.ISO_8859_1));
                bytes = null;
                return i + 1 - start;
            }
        }
        if (length > MAX_HEAD_BYTES) {
            throw new Failure(FailureKind.OTHER, "response head over " + MAX_HEAD_BYTES + " bytes");
        }
        return count;
    }

    /** The parsed head, or null while it is incomplete. */
    ResponseHead head() {
        return head;
    }
}
