package fileserver.protocol;

import java.util.Locale;

/**
 * Interprets a {@code Range} header field value against a representation's size
 * (RFC 9110 section 14.1 and 14.2).
 *
 * <p>Decisions the RFC leaves to the server, taken here: an invalid range specifier is
 * rejected (416) rather than ignored, so a client with a bug hears about it; a request
 * for several ranges is served whole (200), because multipart/byteranges is not worth its
 * complexity for a one-file server; numbers too large for a {@code long} saturate, so
 * they still compare correctly with the size.
 */
public final class RangeParser {
    private RangeParser() {
    }

    public static RangeSelection select(String rangeHeader, long size) {
        int equals = rangeHeader.indexOf('=');
        if (equals < 0) {
            return new RangeSelection.Unsatisfiable();
        }
        String unit = rangeHeader.substring(0, equals).strip().toLowerCase(Locale.ROOT);
        if (!unit.equals("bytes")) {
            // "An origin server MUST ignore a Range header field that contains a range
            // unit it does not understand."
            return new RangeSelection.Whole();
        }
        String specs = rangeHeader.substring(equals + 1);
        if (specs.indexOf(',') >= 0) {
            return new RangeSelection.Whole();
        }
        return selectOne(specs.strip(), size);
    }

    private static RangeSelection selectOne(String spec, long size) {
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return new RangeSelection.Unsatisfiable();
        }
        String firstText = spec.substring(0, dash);
        String lastText = spec.substring(dash + 1);
        if (firstText.isEmpty()) {
            return suffix(lastText, size);
        }
        if (!Syntax.isDigits(firstText) || !(lastText.isEmpty() || Syntax.isDigits(lastText))) {
            return new RangeSelection.Unsatisfiable();
        }
        long first = saturatingParse(firstText);
        long last = lastText.isEmpty() ? Long.MAX_VALUE : saturatingParse(lastText);
        if (last < first || first >= size) {
            return new RangeSelection.Unsatisfiable();
        }
        return new RangeSelection.Partial(new ByteRange(first, Math.min(last, size - 1)));
    }

    /** {@code bytes=-N}: the last N bytes, or the whole representation if it is shorter. */
    private static RangeSelection suffix(String lengthText, long size) {
        if (!Syntax.isDigits(lengthText)) {
            return new RangeSelection.Unsatisfiable();
        }
        long length = saturatingParse(lengthText);
        if (length == 0) {
            return new RangeSelection.Unsatisfiable();
        }
        if (size == 0) {
            // A non-zero suffix of an empty representation is satisfiable but selects
            // nothing, and Content-Range cannot express an empty range: send it whole.
            return new RangeSelection.Whole();
        }
        return new RangeSelection.Partial(new ByteRange(Math.max(0, size - length), size - 1));
    }

    private static long saturatingParse(String digits) {
        long value = 0;
        for (int i = 0; i < digits.length(); i++) {
            int digit = digits.charAt(i) - '0';
            if (value > (Long.MAX_VALUE - digit) / 10) {
                return Long.MAX_VALUE;
            }
            value = value * 10 + digit;
        }
        return value;
    }
}
