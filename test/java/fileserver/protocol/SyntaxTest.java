package fileserver.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SyntaxTest {

    /** Each range of token characters with its first and last member, and the neighbours outside it. */
    @ParameterizedTest(name = "isToken({0}) = {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            a        | true
            z        | true
            A        | true
            Z        | true
            0        | true
            9        | true
            !        | true
            ~        | true
            GET      | true
            X-Id_2.v | true
            "`"      | true
            "{"      | false
            @        | false
            [        | false
            /        | false
            :        | false
            "a b"    | false
            a(       | false
            ""       | false
            """)
    void isTokenAcceptsExactlyTheTokenCharacters(String text, boolean token) {
        assertEquals(token, Syntax.isToken(text));
    }

    /** Visible ASCII runs from '!' to '~'; its neighbours, space and DEL, and anything beyond ASCII are out. */
    @ParameterizedTest(name = "isVisibleAscii({0}) = {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            /bio.txt   | true
            "!"        | true
            ~          | true
            /a"b\\c     | true
            ""         | false
            "a b"      | false
            "/"  | false
            "/"  | false
            "/	"      | false
            /é         | false
            """)
    void isVisibleAsciiWantsAtLeastOneCharacterFromBangToTilde(String text, boolean visible) {
        assertEquals(visible, Syntax.isVisibleAscii(text));
    }

    @ParameterizedTest(name = "isFieldValueChar(0x{0}) = {1}")
    @CsvSource({"09, true", "20, true", "7e, true", "80, true", "ff, true", "00, false", "0a, false", "1f, false",
        "7f, false"})
    void fieldValuesMayHoldVisibleCharactersSpaceTabAndObsText(String hex, boolean allowed) {
        assertEquals(allowed, Syntax.isFieldValueChar((char) Integer.parseInt(hex, 16)));
    }

    @ParameterizedTest(name = "isDigits({0}) = {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            0       | true
            9       | true
            0123456789 | true
            ""      | false
            /       | false
            :       | false
            12a     | false
            """)
    void isDigitsWantsAtLeastOneDigitAndNothingElse(String text, boolean digits) {
        assertEquals(digits, Syntax.isDigits(text));
    }
}
