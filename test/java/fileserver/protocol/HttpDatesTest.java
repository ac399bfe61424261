package fileserver.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HttpDatesTest {

    @Test
    void formatsAnImfFixdateWithTwoDigitDays() {
        assertEquals("Sun, 06 Nov 1994 08:49:37 GMT", HttpDates.format(Instant.parse("1994-11-06T08:49:37.250Z")));
    }

    @Test
    void parsesWhatItFormats() {
        assertEquals(Optional.of(Instant.parse("1994-11-06T08:49:37Z")), HttpDates.parse("Sun, 06 Nov 1994 08:49:37 GMT"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Sunday, 06-Nov-94 08:49:37 GMT", "Sun Nov  6 08:49:37 1994", "Sun, 06 Nov 1994 25:49:37 GMT",
        "\"abc\""})
    void findsNoDateInAnythingElse(String text) {
        assertEquals(Optional.empty(), HttpDates.parse(text));
    }
}
