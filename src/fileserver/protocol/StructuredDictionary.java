package fileserver.protocol;

import java.net.ProtocolException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses a Dictionary structured field, RFC 9651 section 4.2.2: members
 * {@code key=value;param=value}, separated by commas, such as {@code Repr-Digest:
 * sha-256=:X48E9q...=:, sha-512=:...:}. Every kind of value is parsed (an item or an inner
 * list, with parameters), so that a member the caller has no use for is skipped only if
 * it is well formed; anything else fails the whole field, as the RFC requires.
 *
 * <p>A field sent on several lines is one dictionary: the caller joins the lines with
 * commas first (RFC 9651 section 4.2). A key given twice keeps its last value.
 */
public final class StructuredDictionary {
    private final StructuredFieldReader in;

    /** A Token item, to tell it from a String. */
    public record Token(String text) {
    }

    /** A Display String item (RFC 9651 section 3.3.8), to tell it from a String. */
    public record DisplayString(String text) {
    }

    /**
     * A member's value and parameters. The value is a {@code Long} or {@code BigDecimal},
     * a {@code String}, a {@link Token}, a {@code byte[]}, a {@code Boolean}, an
     * {@link java.time.Instant} (Date), a {@link DisplayString}, or for an inner list a
     * {@code List<Member>}; parameters hold the same kinds, but no lists.
     */
    public record Member(Object value, Map<String, Object> parameters) {
    }

    private StructuredDictionary(String input) {
        this.in = new StructuredFieldReader(input);
    }

    /**
     * Parses {@code input}, the whole field value.
     *
     * @return the members by key, in the order the keys first appear
     * @throws ProtocolException if it is not a well-formed dictionary; the message says where
     */
    public static Map<String, Member> parse(String input) throws ProtocolException {
        StructuredDictionary parser = new StructuredDictionary(input);
        if (!input.chars().allMatch(c -> c < 0x80)) {
            throw parser.in.fail("a character beyond ASCII");
        }
        parser.in.skipSpaces();
        Map<String, Member> members = parser.dictionary();
        parser.in.skipSpaces();
        if (!parser.in.atEnd()) {
            throw parser.in.fail("unexpected text");
        }
        return members;
    }

    private Map<String, Member> dictionary() throws ProtocolException {
        Map<String, Member> members = new LinkedHashMap<>();
        while (!in.atEnd()) {
            String key = in.key();
            if (in.consume('=')) {
                members.put(key, in.peek() == '(' ? innerList() : item());
            } else {
                members.put(key, new Member(Boolean.TRUE, parameters()));
            }
            in.skipWhitespace();
            if (in.atEnd()) {
                break;
            }
            if (!in.consume(',')) {
                throw in.fail("a member not followed by a comma");
            }
            in.skipWhitespace();
            if (in.atEnd()) {
                throw in.fail("a trailing comma");
            }
        }
        return members;
    }

    private Member innerList() throws ProtocolException {
        in.consume('(');
        List<Member> items = new ArrayList<>();
        while (!in.atEnd()) {
            in.skipSpaces();
            if (in.consume(')')) {
                return new Member(List.copyOf(items), parameters());
            }
            items.add(item());
            if (in.peek() != ' ' && in.peek() != ')') {
                throw in.fail("an inner list item not followed by a space or )");
            }
        }
        throw in.fail("an inner list without its )");
    }

    private Member item() throws ProtocolException {
        return new Member(in.bareItem(), parameters());
    }

    private Map<String, Object> parameters() throws ProtocolException {
        Map<String, Object> parameters = new LinkedHashMap<>();
        while (in.consume(';')) {
            in.skipSpaces();
            String key = in.key();
            parameters.put(key, in.consume('=') ? in.bareItem() : Boolean.TRUE);
        }
        return parameters;
    }
}
