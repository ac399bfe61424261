package fileserver.protocol;

import java.util.function.IntPredicate;

/**
 * Character classes from RFC 9110 section 5.6 and RFC 5234, shared by the request and
 * response parsers, and by the client's check that what it will send fits in a request.
 */
public final class Syntax {
    private static final String TOKEN_SYMBOLS = "!#$%&'*+-.^_`|~";

    private Syntax() {
    }

    /** True if {@code text} is a non-empty RFC 9110 token. */
    static boolean isToken(String text) {
        return isNonEmptyAnd(text, c -> isAlphanumeric(c) || TOKEN_SYMBOLS.indexOf(c) >= 0);
    }

    /**
     * True if {@code text} is one or more visible ASCII characters (RFC 5234 VCHAR): no
     * space, no control character, nothing beyond ASCII. A request target must be, and so
     * must what the client puts in its request line and {@code Host} field.
     */
    public static boolean isVisibleAscii(String text) {
        return isNonEmptyAnd(text, c -> c > 0x20 && c < 0x7f);
    }

    /** True if {@code c} may appear in a field value: visible, space, tab or obs-text. */
    static boolean isFieldValueChar(char c) {
        return c == '\t' || (c >= 0x20 && c != 0x7f);
    }

    static boolean isDigits(String text) {
        return isNonEmptyAnd(text, c -> c >= '0' && c <= '9');
    }

    /**
     * A Content-Length value (RFC 9110 section 8.6): 1*DIGIT, small enough for a long (as
     * nginx's off_t). Not what {@link Long#parseLong} takes: that allows a sign.
     */
    static boolean isContentLength(String value) {
        if (!isDigits(value)) {
            return false;
        }
        try {
            Long.parseLong(value);
            return true;
        } catch (NumberFormatException e) {
            return false; // only digits, so the only reason is a value beyond Long.MAX_VALUE
        }
    }

    /** ASCII letters and digits: RFC 5234 ALPHA and DIGIT. */
    static boolean isAlphanumeric(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    private static boolean isNonEmptyAnd(String text, IntPredicate every) {
        if (text.isEmpty()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            if (!every.test(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
