package fileserver.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ProtocolException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@link ResponseParser#readFinal}: interim (1xx) responses before the final one, RFC 9110 section 15.2. */
class InterimResponseTest {
    /** 25 bytes. */
    private static final String CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n";
    private static final String FINAL = "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabc";

    private static InputStream stream(String text) {
        return new BufferedInputStream(new ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1)));
    }

    @Test
    void skipsInterimResponsesAndLeavesTheFinalOnesBody() throws IOException {
        InputStream in = stream(CONTINUE + "HTTP/1.1 103 Early Hints\r\nLink: </a.css>; rel=preload\r\n\r\n"
                + "HTTP/1.1 199 Odd\r\nContent-Length: 10\r\n\r\n" + FINAL);

        HttpResponse response = ResponseParser.readFinal(in, 8192, 8192);

        assertEquals(200, response.code());
        assertArrayEquals("abc".getBytes(StandardCharsets.US_ASCII), in.readAllBytes(), "a 1xx has no body");
    }

    @Test
    void returnsASwitchToAnotherProtocolAsFinal() throws IOException {
        InputStream in = stream(CONTINUE + "HTTP/1.1 101 Switching Protocols\r\nUpgrade: h2c\r\n\r\n" + FINAL);

        assertEquals(101, ResponseParser.readFinal(in, 8192, 8192).code());
    }

    /** The bound counts every byte of the interim heads once (the check for "HTTP/" reads ahead and resets). */
    @Test
    void boundsTheInterimHeadsToTheByte() throws IOException {
        assertEquals(200, ResponseParser.readFinal(stream(CONTINUE.repeat(2) + FINAL), 8192, 50).code());

        ProtocolException e = assertThrows(ProtocolException.class,
                () -> ResponseParser.readFinal(stream(CONTINUE.repeat(2) + FINAL), 8192, 49));
        assertEquals("more than 49 bytes of interim (1xx) responses", e.getMessage());
    }

    @Test
    void aFinalResponseAloneIsReadAsByRead() throws IOException {
        InputStream in = stream(FINAL);

        assertEquals(200, ResponseParser.readFinal(in, 8192, 0).code());
        assertArrayEquals("abc".getBytes(StandardCharsets.US_ASCII), in.readAllBytes());
    }
}
