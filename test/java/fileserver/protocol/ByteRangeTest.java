package fileserver.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ByteRangeTest {

    @Test
    void measuresBothEndsInclusively() {
        ByteRange range = new ByteRange(5, 9);

        assertEquals(5, range.length());
        assertEquals("bytes 5-9/100", range.contentRange(100));
        assertEquals(1, new ByteRange(0, 0).length());
    }

    @Test
    void wholeCoversEveryByte() {
        assertEquals(new ByteRange(0, 99), ByteRange.whole(100));
        assertEquals(new ByteRange(0, 0), ByteRange.whole(1));
    }

    @ParameterizedTest(name = "{0}-{1}")
    @CsvSource({"-1, 5", "5, 4", "0, -1"})
    void refusesANegativeStartOrAnEndBeforeIt(long first, long last) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ByteRange(first, last));
        assertEquals("invalid byte range " + first + "-" + last, e.getMessage());
    }
}
