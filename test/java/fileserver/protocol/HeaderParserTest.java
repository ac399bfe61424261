package fileserver.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.ProtocolException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HeaderParserTest {

    @Test
    void keepsNamesAsSentAndStripsValues() throws ProtocolException {
        Headers headers = HeaderParser.parse(List.of("GET / HTTP/1.1", "Host:a", "x-id: \t 7 \t", "Empty:", "X-ID: 8"));

        assertEquals(List.of(new HeaderField("Host", "a"), new HeaderField("x-id", "7"), new HeaderField("Empty", ""),
                new HeaderField("X-ID", "8")), headers.fields());
        assertEquals(Optional.of("7"), headers.first("X-Id"));
        assertEquals(2, headers.count("X-ID"));
        assertEquals(0, headers.count("Range"));
        assertEquals(Optional.empty(), headers.first("Range"));
    }

    @Test
    void readsNothingFromTheStartLine() throws ProtocolException {
        assertEquals(List.of(), HeaderParser.parse(List.of("Host: not a header")).fields());
    }

    @Test
    void allowsTabsAndObsTextInValues() throws ProtocolException {
        assertEquals(Optional.of("a\tb \u00e9"), HeaderParser.parse(List.of("", "X: a\tb \u00e9")).first("x"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            " folded"    | obsolete line folding in header section
            "\tfolded"   | obsolete line folding in header section
            :value       | header line without a name and colon
            no colon     | header line without a name and colon
            "Host : a"   | invalid header name
            "X(: a"      | invalid header name
            "X: a\u0000" | control character in value of X
            "X: a\u007f" | control character in value of X
            "X: a\u001fb" | control character in value of X
            """)
    void rejectsFoldingBadNamesAndControlCharacters(String line, String message) {
        ProtocolException e = assertThrows(ProtocolException.class, () -> HeaderParser.parse(List.of("GET / HTTP/1.1", line)));
        assertEquals(message, e.getMessage());
    }
}
