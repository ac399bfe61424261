package fileserver.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RangeParserTest {

    /** Range header, representation size, expected outcome ("whole", "416", or "first-last"). */
    @ParameterizedTest(name = "{0} of {1} bytes -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            bytes=0-                      | 100 | 0-99
            bytes=5-                      | 100 | 5-99
            bytes=5-9                     | 100 | 5-9
            bytes=99-                     | 100 | 99-99
            bytes=90-1000                 | 100 | 90-99
            bytes=-10                     | 100 | 90-99
            bytes=-1000                   | 100 | 0-99
            BYTES = 1-2                   | 100 | 1-2
            bytes=100-                    | 100 | 416
            bytes=5-3                     | 100 | 416
            bytes=-0                      | 100 | 416
            bytes=abc                     | 100 | 416
            bytes=-                       | 100 | 416
            bytes=                        | 100 | 416
            bytes=1-x                     | 100 | 416
            bytes=+1-2                    | 100 | 416
            bytes                         | 100 | 416
            bytes=99999999999999999999999- | 100 | 416
            bytes=0-99999999999999999999999 | 100 | 0-99
            bytes=0-                      | 0   | 416
            bytes=-5                      | 0   | whole
            bytes=0-1,5-6                 | 100 | whole
            items=0-5                     | 100 | whole
            =0-5                          | 100 | whole
            bytes=,0-5                    | 100 | whole
            bytes=5-5                     | 100 | 5-5
            bytes=0-0                     | 100 | 0-0
            bytes=-1                      | 100 | 99-99
            bytes=-100                    | 100 | 0-99
            bytes=-101                    | 100 | 0-99
            bytes=-99                     | 100 | 1-99
            bytes=98-99                   | 100 | 98-99
            bytes=0-99                    | 1   | 0-0
            bytes=-5                      | 1   | 0-0
            bytes=-x                      | 100 | 416
            bytes=1-2-3                   | 100 | 416
            bytes=9223372036854775800-     | 9223372036854775807 | 9223372036854775800-9223372036854775806
            bytes=9223372036854775799-     | 9223372036854775807 | 9223372036854775799-9223372036854775806
            bytes=-9223372036854775800     | 9223372036854775807 | 7-9223372036854775806
            bytes=-92233720368547758070    | 9223372036854775807 | 0-9223372036854775806
            """)
    void selectsTheBytesTheRangeHeaderAsksFor(String header, long size, String expected) {
        RangeSelection selection = RangeParser.select(header, size);

        String actual;
        if (selection instanceof RangeSelection.Partial partial) {
            actual = partial.range().first() + "-" + partial.range().last();
        } else if (selection instanceof RangeSelection.Unsatisfiable) {
            actual = "416";
        } else if (selection instanceof RangeSelection.Whole) {
            actual = "whole";
        } else {
            actual = String.valueOf(selection);
        }
        assertEquals(expected, actual);
    }
}
