package fileserver.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PrintableTextTest {

    /** Input and output as code points in hex, so the table itself holds no control characters. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
            'a b ~ !'       | 'a b ~ !'
            'back\\\\slash' | 'back\\\\\\\\slash'
            ''              | ''
            """)
    void forLogKeepsPrintableAsciiAndDoublesBackslashes(String text, String logged) {
        assertEquals(logged, PrintableText.forLog(text));
    }

    /**
     * Input as a code point in hex, so the table itself holds no control characters; then
     * what a log line shows, and what a quoted message shows.
     */
    @ParameterizedTest(name = "U+{0} -> {1} in a log line, {2} in quotes")
    @CsvSource(delimiter = '|', textBlock = """
            0041 | A       | A
            0020 | ' '     | ' '
            007e | ~       | ~
            0022 | \\x22   | \\x22
            005c | \\\\    | \\x5c
            0000 | \\x00   | \\x00
            000d | \\x0d   | \\x0d
            000a | \\x0a   | \\x0a
            001f | \\x1f   | \\x1f
            007f | \\x7f   | \\x7f
            0080 | \\x80   | \\x80
            00e9 | \\xe9   | \\xe9
            00ff | \\xff   | \\xff
            0100 | \\u0100 | \\u0100
            2028 | \\u2028 | \\u2028
            """)
    void escapesEveryCharacterOutsidePrintableAscii(String hex, String logged, String quoted) {
        String text = "<" + (char) Integer.parseInt(hex, 16) + ">";

        assertEquals("<" + logged + ">", PrintableText.forLog(text));
        assertEquals("<" + quoted + ">", PrintableText.quoted(text));
    }

    @Test
    void forLogKeepsTextOfTheMaximumLengthWhole() {
        String text = "a".repeat(PrintableText.LOG_MAX_LENGTH);

        assertEquals(text, PrintableText.forLog(text));
    }

    @Test
    void forLogCutsLongerTextAndSaysHowMuchWasLeftOut() {
        assertEquals("a".repeat(200) + "...(1 more)", PrintableText.forLog("a".repeat(201)));
        assertEquals("a".repeat(200) + "...(50 more)", PrintableText.forLog("a".repeat(250)));
    }

    @Test
    void forLogFinishesTheEscapeItStartedBeforeTheLimit() {
        assertEquals("a".repeat(199) + "\\x0d", PrintableText.forLog("a".repeat(199) + "\r"));
        assertEquals("a".repeat(199) + "\\x0d...(1 more)", PrintableText.forLog("a".repeat(199) + "\r\n"));
        assertEquals("\\\\".repeat(100) + "...(50 more)", PrintableText.forLog("\\".repeat(150)));
    }

    /**
     * Issue 18, finding 7: a word of a log line (the client's id) shows no space and no
     * quote, so it ends where the line says; text for a log line between quotes shows no
     * quote. What an ordinary id or request line holds shows unchanged.
     */
    @ParameterizedTest(name = "{0} -> {1} as a word, {2} between quotes")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
            'client-7_A'                       | 'client-7_A'                         | 'client-7_A'
            'GET /bio.txt?a=b&c=%20 HTTP/1.1'  | 'GET\\x20/bio.txt?a=b&c=%20\\x20HTTP/1.1' | 'GET /bio.txt?a=b&c=%20 HTTP/1.1'
            '7 "GET /bio.txt HTTP/1.1" 200'    | '7\\x20\\x22GET\\x20/bio.txt\\x20HTTP/1.1\\x22\\x20200' | '7 \\x22GET /bio.txt HTTP/1.1\\x22 200'
            'a\\x20b'                          | 'a\\\\x20b'                         | 'a\\\\x20b'
            """)
    void forLogWordEscapesSpacesAndQuotesAndForLogQuotes(String text, String word, String quoted) {
        assertEquals(word, PrintableText.forLogWord(text));
        assertEquals(quoted, PrintableText.forLog(text));
    }

    @Test
    void forLogWordCutsWithoutASpace() {
        assertEquals("L".repeat(200) + "...(6800\\x20more)", PrintableText.forLogWord("L".repeat(7000)));
        assertEquals("\\x20".repeat(50) + "...(150\\x20more)", PrintableText.forLogWord(" ".repeat(200)));
    }

    @Test
    void quotedNeverCuts() {
        assertEquals("a".repeat(1000) + "\\x0d\\x0a", PrintableText.quoted("a".repeat(1000) + "\r\n"));
    }
}
