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
        assertEquals(new StatusLine("HTTP/1.0", 200, ""), StatusLine.parse("HTTP/1.0 200 "));
        assertEquals(new StatusLine("HTTP/1.0", 200, ""), StatusLine.parse("HTTP/1.0 200"));
        assertEquals(new StatusLine("HTTP/1.0", 200, "x"), StatusLine.parse("HTTP/1.0 200 x"));
    }

    @Test
    void printsAsCodeAndReason() throws ProtocolException {
        assertEquals("404 Not Found", StatusLine.parse("HTTP/1.1 404 Not Found").toString());
        assertEquals("503", StatusLine.parse("HTTP/1.1 503").toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"SSH-2.0-OpenSSH_9.2", "HTTP/2 200 OK", "HTTP/1.1 20 OK", "HTTP/1.1 2000 OK", "HTTP/1.1 abc OK",
        "HTTP/1.1 200OK", "HTTP/1.x 200 OK", "HTTP/1.1_200 OK", "HTTP/1.1 20x", "HTTP/1.1 2", "http/1.1 200 OK"})
    void rejectsWhatIsNotAnHttp1StatusLine(String text) {
        assertThrows(ProtocolException.class, () -> StatusLine.parse(text));
    }
}
