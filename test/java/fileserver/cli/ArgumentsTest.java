package fileserver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ArgumentsTest {
    private static final Set<String> VALUES = Set.of("--port", "--host");
    private static final Set<String> FLAGS = Set.of("--resume");

    private static Arguments parse(String... args) throws UsageException {
        return Arguments.parse(args, VALUES, FLAGS);
    }

    @Test
    void readsValuesInBothFormsFlagsAndPositionals() throws UsageException {
        Arguments arguments = parse("7", "--port", "80", "--host=a=b", "--resume", "x");

        assertEquals("80", arguments.string("--port", "?"));
        assertEquals("a=b", arguments.string("--host", "?"));
        assertTrue(arguments.has("--resume"));
        assertEquals(List.of("7", "x"), arguments.positionals());
    }

    @Test
    void fallsBackForWhatWasNotGiven() throws UsageException {
        Arguments arguments = parse();

        assertEquals("?", arguments.string("--port", "?"));
        assertEquals(5050, arguments.integer("--port", 5050, 1, 2));
        assertFalse(arguments.has("--resume"));
        assertEquals(List.of(), arguments.positionals());
    }

    @Test
    void takesAnEmptyValueAndADoubleDashValueAsGiven() throws UsageException {
        assertEquals("", parse("--host=").string("--host", "?"));
        assertEquals("--resume", parse("--host", "--resume").string("--host", "?"));
    }

    @Test
    void treatsEverythingAfterADoubleDashAsPositional() throws UsageException {
        Arguments arguments = parse("--resume", "--", "--port", "--", "-x");

        assertEquals(List.of("--port", "--", "-x"), arguments.positionals());
        assertEquals("?", arguments.string("--port", "?"));
    }

    @Test
    void recognisesHelpAnywhere() {
        assertTrue(Arguments.wantsHelp(new String[] {"1", "--help"}));
        assertTrue(Arguments.wantsHelp(new String[] {"-h", "1"}));
        assertTrue(Arguments.wantsHelp(new String[] {"--port", "1", "--help"}));
        assertFalse(Arguments.wantsHelp(new String[] {"--port", "1"}));
        assertFalse(Arguments.wantsHelp(new String[] {"1", "--port=1", "help", "-help"}));
        assertFalse(Arguments.wantsHelp(new String[0]));
    }

    @Test
    void treatsASingleDashWordAsPositional() throws UsageException {
        assertEquals(List.of("-h", "-"), parse("-h", "-").positionals());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            --resume=yes        | --resume takes no value
            --resume=           | --resume takes no value
            --port              | --port needs a value
            --port=1 --port=2   | --port given more than once
            --port 1 --port 1   | --port given more than once
            --nope              | unknown option --nope
            --nope=1            | unknown option --nope=1
            --Port=1            | unknown option --Port=1
            """)
    void namesTheProblemWithACommandLine(String args, String message) {
        UsageException e = assertThrows(UsageException.class, () -> parse(args.split(" ")));
        assertEquals(message, e.getMessage());
    }

    @ParameterizedTest(name = "{0} in [1, 10] -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            1     | 1
            10    | 10
            05    | 5
            """)
    void acceptsWholeNumbersWithinTheBoundsInclusive(String text, int value) throws UsageException {
        assertEquals(value, parse("--port=" + text).integer("--port", 0, 1, 10));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            0      | --port must be between 1 and 10, not 0
            11     | --port must be between 1 and 10, not 11
            -1     | --port must be between 1 and 10, not -1
            x      | --port must be a whole number, not 'x'
            1.5    | --port must be a whole number, not '1.5'
            99999999999 | --port must be a whole number, not '99999999999'
            """)
    void refusesNumbersOutsideTheBoundsOrNoNumberAtAll(String text, String message) {
        UsageException e = assertThrows(UsageException.class, () -> parse("--port=" + text).integer("--port", 0, 1, 10));
        assertEquals(message, e.getMessage());
    }

    @Test
    void exitCodesAreTheDocumentedNumbers() {
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6),
                java.util.Arrays.stream(ExitCode.values()).map(ExitCode::code).toList());
        assertEquals(2, ExitCode.USAGE.code());
    }
}
