package fileserver.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fileserver.protocol.StructuredDictionary.DisplayString;
import fileserver.protocol.StructuredDictionary.Member;
import fileserver.protocol.StructuredDictionary.Token;
import java.math.BigDecimal;
import java.net.ProtocolException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 9651 dictionaries: the examples of its section 3.2, each kind of bare item, and what must fail. */
class StructuredDictionaryTest {

    @Test
    void parsesTheRfcsDictionaryExample() throws ProtocolException {
        Map<String, Member> members = StructuredDictionary.parse("en=\"Applepie\", da=:w4ZibGV0w6ZydGUK:");

        assertEquals(List.of("en", "da"), List.copyOf(members.keySet()));
        assertEquals("Applepie", members.get("en").value());
        assertArrayEquals("Æbletærte\n".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                (byte[]) members.get("da").value());
    }

    @Test
    void readsBooleansParametersAndInnerLists() throws ProtocolException {
        Map<String, Member> members = StructuredDictionary.parse("a=?0, b, c; foo=bar, rating=1.5, feelings=(joy sadness);x");

        assertEquals(false, members.get("a").value());
        assertEquals(true, members.get("b").value());
        assertEquals(Map.of("foo", new Token("bar")), members.get("c").parameters());
        assertEquals(new BigDecimal("1.5"), members.get("rating").value());
        assertEquals(List.of(new Member(new Token("joy"), Map.of()), new Member(new Token("sadness"), Map.of())),
                members.get("feelings").value());
        assertEquals(Map.of("x", true), members.get("feelings").parameters());
    }

    @Test
    void readsEveryOtherKindOfBareItem() throws ProtocolException {
        Map<String, Member> members = StructuredDictionary.parse(
                "i=-999999999999999, s=\"a \\\"q\\\" \\\\\", t=*foo:/x!, d=@1659578233, ds=%\"f%c3%bc%c3%bc\", e=()");

        assertEquals(-999_999_999_999_999L, members.get("i").value());
        assertEquals("a \"q\" \\", members.get("s").value());
        assertEquals(new Token("*foo:/x!"), members.get("t").value());
        assertEquals(Instant.ofEpochSecond(1_659_578_233), members.get("d").value());
        assertEquals(new DisplayString("füü"), members.get("ds").value());
        assertEquals(List.of(), members.get("e").value());
    }

    @Test
    void aKeyGivenTwiceKeepsItsLastValueAndAnEmptyFieldIsAnEmptyDictionary() throws ProtocolException {
        assertEquals(2L, StructuredDictionary.parse("a=1, b=2, a=2").get("a").value());
        assertTrue(StructuredDictionary.parse("").isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"a=1,", ",a=1", "A=1", "1a=1", "a=1 b=2", "a=1;", "a=(1 2", "a=(1,2)", "a=\"x", "a=\"\\x\"",
        "a=1.2345", "a=1234567890123.1", "a=1234567890123456", "a=1.", "a=-", "a=?2", "a=?", "a=@1.5", "a=:AA=A:",
        "a=:AAAA", "a=:!!:", "a=%\"%ZZ\"", "a=%\"%c3\"", "a=%\"x", "a=#", "a=\"é\"", "\ta=1"})
    void refusesWhatIsNotAWellFormedDictionary(String field) {
        ProtocolException e = assertThrows(ProtocolException.class, () -> StructuredDictionary.parse(field));
        assertTrue(e.getMessage().startsWith("not a structured field: "), e.getMessage());
    }
}
