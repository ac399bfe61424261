package fileserver.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LogTextTest {

    /** Input and output as code points in hex, so the table itself holds no control characters. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
            'a b ~ !'       | 'a b ~ !'
            'back\\\\slash' | 'back\\\\\\\\slash'
            ''              | ''
            """)
    void keepsPrintableAsciiAndDoublesBackslashes(String text, String logged) {
        assertEquals(logged, LogText.sanitize(text));
    }

    @ParameterizedTest(name = "U+{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            0000 | \\x00
            000d | \\x0d
            000a | \\x0a
            001f | \\x1f
            007f | \\x7f
            0080 | \\x80
            00e9 | \\xe9
            00ff | \\xff
            0100 | \\u0100
            2028 | \\u2028
            """)
    void escapesEveryOtherCharacter(String hex, String logged) {
        assertEquals("<" + logged + ">", LogText.sanitize("<" + (char) Integer.parseInt(hex, 16) + ">"));
    }

    @Test
    void keepsTextOfTheMaximumLengthWhole() {
        String text = "a".repeat(LogText.MAX_LENGTH);

        assertEquals(text, LogText.sanitize(text));
    }

    @Test
    void cutsLongerTextAndSaysHowMuchWasLeftOut() {
        assertEquals("a".repeat(200) + "...(1 more)", LogText.sanitize("a".repeat(201)));
        assertEquals("a".repeat(200) + "...(50 more)", LogText.sanitize("a".repeat(250)));
    }

    @Test
    void finishesTheEscapeItStartedBeforeTheLimit() {
        assertEquals("a".repeat(199) + "\\x0d", LogText.sanitize("a".repeat(199) + "\r"));
        assertEquals("a".repeat(199) + "\\x0d...(1 more)", LogText.sanitize("a".repeat(199) + "\r\n"));
        assertEquals("\\\\".repeat(100) + "...(50 more)", LogText.sanitize("\\".repeat(150)));
    }

    @ParameterizedTest(name = "{0} ms -> {1}")
    @CsvSource({"0, 0 s", "1000, 1 s", "10000, 10 s", "250, 0.25 s", "1500, 1.5 s", "10010, 10.01 s", "1, 0.001 s"})
    void writesSecondsWholeWhenTheyAre(long millis, String text) {
        assertEquals(text, LogText.seconds(Duration.ofMillis(millis)));
    }
}
