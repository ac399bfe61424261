package fileserver.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.EOFException;
import java.net.SocketException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LogTextTest {

    @ParameterizedTest(name = "{0} ms -> {1}")
    @CsvSource({"0, 0 s", "1000, 1 s", "10000, 10 s", "250, 0.25 s", "1500, 1.5 s", "10010, 10.01 s", "1, 0.001 s"})
    void writesSecondsWholeWhenTheyAre(long millis, String text) {
        assertEquals(text, LogText.seconds(Duration.ofMillis(millis)));
    }

    @Test
    void describesAnIoFailureByItsMessageOrElseItsType() {
        assertEquals("Connection reset", LogText.describe(new SocketException("Connection reset")));
        assertEquals("EOFException", LogText.describe(new EOFException()));
    }
}
