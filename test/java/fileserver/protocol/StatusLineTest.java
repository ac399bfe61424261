package fileserver.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.ProtocolException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StatusLineTest {
    @Test
    void parsesCodeAndReason() throws ProtocolException {
        StatusLine line = StatusLine.parse("HTTP/1.1 206 Partial Content");
        assertEquals(206, line.code());
        assertEquals("Partial Content", line.reason());
        assertEquals("HTTP/1.1", line.version());
    }

    @Test
    void allowsAnEmptyReason() throws ProtocolException {
        assertEquals(200, StatusLine.parse("HTTP/1.0 200").code());
        assertEquals(200, StatusLine.parse("HTTP/1.0 200 ").code());
    }

    @ParameterizedTest
    @ValueSource(strings = {"SSH-2.0-OpenSSH_9.2", "HTTP/2 200 OK", "HTTP/1.1 20 OK", "HTTP/1.1 2000 OK", "HTTP/1.1 abc OK"})
    void rejectsWhatIsNotAnHttp1StatusLine(String text) {
        assertThrows(ProtocolException.class, () -> StatusLine.parse(text));
    }
}
