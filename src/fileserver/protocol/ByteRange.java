package fileserver.protocol;

/**
 * An inclusive range of byte positions within a representation, as in RFC 9110
 * section 14.1.2: {@code first} and {@code last} are both sent.
 */
public record ByteRange(long first, long last) {

    public ByteRange {
        if (first < 0 || last < first) {
            throw new IllegalArgumentException("invalid byte range " + first + "-" + last);
        }
    }

    /** The whole of a non-empty representation of {@code size} bytes. */
    public static ByteRange whole(long size) {
        return new ByteRange(0, size - 1);
    }

    public long length() {
        return last - first + 1;
    }

    /** The {@code Content-Range} value for this range of a {@code size}-byte representation. */
    public String contentRange(long size) {
        return "bytes " + first + "-" + last + "/" + size;
    }
}
