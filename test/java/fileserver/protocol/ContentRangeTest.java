package fileserver.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.ProtocolException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ContentRangeTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "bytes 0-0/1                 | 0   | 0    | 1",
        "bytes 500-999/1000          | 500 | 999  | 1000",
        "bytes 500-599/10000         | 500 | 599  | 10000",
        "bytes 0-9223372036854775806/9223372036854775807 | 0 | 9223372036854775806 | 9223372036854775807",
    })
    void parsesAByteRangeAndItsCompleteLength(String value, long first, long last, long completeLength)
            throws Exception {
        ContentRange range = ContentRange.parse(value);

        assertEquals(new ContentRange(new ByteRange(first, last), completeLength), range);
        assertEquals(value, range.toString());
    }

    @Test
    void aRangeMustLieWithinTheCompleteLength() {
        assertEquals(10, new ContentRange(new ByteRange(0, 9), 10).completeLength());
        assertThrows(IllegalArgumentException.class, () -> new ContentRange(new ByteRange(0, 9), 9));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {
        "", "bytes", "bytes ", "bytes */1000", "bytes 0-9/*", "items 0-9/10", "Bytes 0-9/10", "bytes  0-9/10",
        "bytes 0-9", "bytes 0/10-9", "bytes -9/10", "bytes 0-/10", "bytes 0-9/", "bytes 9-0/10", "bytes 0-10/10",
        "bytes 0-9/9", "bytes +0-9/10", "bytes 0-9/1e3", "bytes 0-9/10 ", "bytes 0-99999999999999999999/10",
    })
    void rejectsAnythingButFirstLastAndALengthBeyondLast(String value) {
        assertThrows(ProtocolException.class, () -> ContentRange.parse(value));
    }
}
