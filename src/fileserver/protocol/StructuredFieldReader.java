package fileserver.protocol;

import java.math.BigDecimal;
import java.net.ProtocolException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/**
 * A cursor over a structured field value (RFC 9651) that reads its keys and bare items
 * (section 4.2.3): integers and decimals, strings, tokens, byte sequences, booleans, dates
 * and display strings. {@link StructuredDictionary} reads the structure around them.
 */
final class StructuredFieldReader {
    private final String input;
    private int pos;

    StructuredFieldReader(String input) {
        this.input = input;
    }

    /** The next character, or -1 at the end. */
    int peek() {
        return pos < input.length() ? input.charAt(pos) : -1;
    }

    boolean atEnd() {
        return pos == input.length();
    }

    /** Consumes the next character if it is {@code c}. */
    boolean consume(char c) {
        if (peek() != c) {
            return false;
        }
        pos++;
        return true;
    }

    /** Skips spaces and tabs (RFC 9110 OWS). */
    void skipWhitespace() {
        while (peek() == ' ' || peek() == '\t') {
            pos++;
        }
    }

    /** An error that says what was wrong, and where. */
    ProtocolException fail(String what) {
        return new ProtocolException("not a structured field: " + what + " at character " + pos);
    }

    /** A key: {@code (a-z / *) *(a-z / 0-9 / _ / - / . / *)}. */
    String key() throws ProtocolException {
        int start = pos;
        for (int c = peek(); (c >= 'a' && c <= 'z') || c == '*' || (pos > start && (isDigit(c) || "_-.".indexOf(c) >= 0));
             c = peek()) {
            pos++;
        }
        if (pos == start) {
            throw fail("a key that does not start with a-z or *");
        }
        return input.substring(start, pos);
    }

    /** A bare item, typed as {@link StructuredDictionary.Member} lists. */
    Object bareItem() throws ProtocolException {
        int c = peek();
        if (c == '-' || isDigit(c)) {
            return number();
        } else if (c == '"') {
            return string();
        } else if (c == '*' || (c >= 0 && Syntax.isAlphanumeric(c) && !isDigit(c))) {
            int start = pos;
            while (pos < input.length() && (Syntax.isToken(input.substring(pos, pos + 1)) || peek() == ':' || peek() == '/')) {
                pos++;
            }
            return new StructuredDictionary.Token(input.substring(start, pos));
        } else if (c == ':') {
            return byteSequence();
        } else if (c == '?' && pos + 1 < input.length() && (input.charAt(pos + 1) == '0' || input.charAt(pos + 1) == '1')) {
            pos += 2;
            return input.charAt(pos - 1) == '1';
        } else if (c == '@') {
            pos++;
            if (number() instanceof Long seconds) {
                return Instant.ofEpochSecond(seconds);
            }
            throw fail("a date that is not a whole number");
        } else if (c == '%' && pos + 1 < input.length() && input.charAt(pos + 1) == '"') {
            return displayString();
        }
        throw fail("no valid value");
    }

    private Object number() throws ProtocolException {
        int start = pos;
        if (peek() == '-') {
            pos++;
        }
        int digits = pos;
        int dot = -1;
        for (int c = peek(); isDigit(c) || (c == '.' && dot < 0); c = peek()) {
            if (c == '.') {
                if (pos - digits > 12) {
                    throw fail("a decimal with more than 12 integer digits");
                }
                dot = pos;
            }
            pos++;
            if (pos - digits > (dot < 0 ? 15 : 16)) {
                throw fail("a number too long");
            }
        }
        if (pos == digits || (dot >= 0 && (dot == pos - 1 || pos - dot > 4))) {
            throw fail("a malformed number");
        }
        String text = input.substring(start, pos);
        return dot < 0 ? (Object) Long.valueOf(text) : new BigDecimal(text);
    }

    private String string() throws ProtocolException {
        StringBuilder text = new StringBuilder();
        for (pos++; pos < input.length(); ) {
            char c = input.charAt(pos++);
            if (c == '"') {
                return text.toString();
            } else if (c == '\\' && pos < input.length() && (peek() == '"' || peek() == '\\')) {
                text.append(input.charAt(pos++));
            } else if (c == '\\' || c < 0x20 || c > 0x7e) {
                throw fail("a string with a bad escape or character");
            } else {
                text.append(c);
            }
        }
        throw fail("a string without its closing quote");
    }

    private byte[] byteSequence() throws ProtocolException {
        int end = input.indexOf(':', pos + 1);
        if (end < 0) {
            throw fail("a byte sequence without its closing colon");
        }
        String base64 = input.substring(pos + 1, end);
        if (!base64.chars().allMatch(c -> Syntax.isAlphanumeric(c) || c == '+' || c == '/' || c == '=')) {
            throw fail("a byte sequence that is not base64");
        }
        try {
            byte[] bytes = Base64.getDecoder().decode(base64);
            pos = end + 1;
            return bytes;
        } catch (IllegalArgumentException e) {
            throw fail("a byte sequence that is not base64");
        }
    }

    private StructuredDictionary.DisplayString displayString() throws ProtocolException {
        ByteBuffer bytes = ByteBuffer.allocate(input.length());
        for (pos += 2; pos < input.length(); ) {
            char c = input.charAt(pos++);
            if (c == '"') {
                try {
                    return new StructuredDictionary.DisplayString(StandardCharsets.UTF_8.newDecoder().decode(bytes.flip()).toString());
                } catch (CharacterCodingException e) {
                    throw fail("a display string that is not UTF-8");
                }
            } else if (c == '%' && pos + 1 < input.length() && isLowerHex(peek()) && isLowerHex(input.charAt(pos + 1))) {
                bytes.put((byte) Integer.parseInt(input.substring(pos, pos + 2), 16));
                pos += 2;
            } else if (c == '%' || c < 0x20 || c > 0x7e) {
                throw fail("a display string with a bad escape or character");
            } else {
                bytes.put((byte) c);
            }
        }
        throw fail("a display string without its closing quote");
    }

    /** Skips spaces (SP only, where RFC 9651 allows no tabs). */
    void skipSpaces() {
        while (peek() == ' ') {
            pos++;
        }
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isLowerHex(int c) {
        return isDigit(c) || (c >= 'a' && c <= 'f');
    }
}
