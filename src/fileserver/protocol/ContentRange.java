package fileserver.protocol;

import java.net.ProtocolException;

/**
 * The {@code Content-Range} of a {@code 206} response (RFC 9110 section 14.4): which bytes
 * of the representation the body holds, and the representation's complete length, as in
 * {@code bytes 500-999/1000}. A client resuming a download checks both: that the body
 * starts where its copy ends, and that it runs to the end of the same-sized file.
 *
 * @param range          the bytes the body holds
 * @param completeLength the representation's length; always more than {@code range.last()}
 */
public record ContentRange(ByteRange range, long completeLength) {

    public ContentRange {
        if (completeLength <= range.last()) {
            throw new IllegalArgumentException("range " + range.first() + "-" + range.last()
                    + " is not within a complete length of " + completeLength);
        }
    }

    /**
     * Parses {@code bytes FIRST-LAST/COMPLETE}. The other forms the RFC allows,
     * {@code bytes FIRST-LAST/*} (length unknown) and {@code bytes *}{@code /COMPLETE} (the
     * form of a 416), are rejected: neither describes a body that can be checked.
     *
     * @throws ProtocolException if {@code value} is not of that form, its numbers do not
     *                           fit a {@code long}, or the range is not within the length
     */
    public static ContentRange parse(String value) throws ProtocolException {
        if (!value.startsWith("bytes ")) {
            throw new ProtocolException("not a byte range");
        }
        String spec = value.substring("bytes ".length());
        int dash = spec.indexOf('-');
        int slash = spec.indexOf('/');
        if (dash < 0 || slash < dash) {
            throw new ProtocolException("not of the form bytes FIRST-LAST/LENGTH");
        }
        long first = number(spec.substring(0, dash));
        long last = number(spec.substring(dash + 1, slash));
        long completeLength = number(spec.substring(slash + 1));
        if (last < first || completeLength <= last) {
            throw new ProtocolException("range " + first + "-" + last + " is not within a length of " + completeLength);
        }
        return new ContentRange(new ByteRange(first, last), completeLength);
    }

    private static long number(String digits) throws ProtocolException {
        if (!Syntax.isDigits(digits)) {
            throw new ProtocolException("not of the form bytes FIRST-LAST/LENGTH");
        }
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            throw new ProtocolException("a number too large: " + digits);
        }
    }

    @Override
    public String toString() {
        return range.contentRange(completeLength);
    }
}
