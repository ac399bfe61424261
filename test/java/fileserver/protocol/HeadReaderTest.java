package fileserver.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HeadReaderTest {
    private static ByteArrayInputStream bytes(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void returnsTheLinesWithoutTheirEndsAndLeavesTheBody() throws IOException {
        ByteArrayInputStream in = bytes("\r\n\nGET / HTTP/1.1\r\nHost: a\nX: \u00e9\r\n\r\nbody");

        assertEquals(List.of("GET / HTTP/1.1", "Host: a", "X: \u00e9"), HeadReader.read(in, 100));
        assertEquals(4, in.available());
    }

    @Test
    void acceptsAHeadOfExactlyTheLimit() throws IOException {
        String head = "GET / HTTP/1.0\r\n\r\n";

        assertEquals(List.of("GET / HTTP/1.0"), HeadReader.read(bytes(head), head.length()));
        HeadTooLargeException e = assertThrows(HeadTooLargeException.class,
                () -> HeadReader.read(bytes(head), head.length() - 1));
        assertEquals("head exceeds 17 bytes", e.getMessage());
    }

    /** RFC 9112 section 3: a request line too long is a 414, the rest of a head too long a 431. */
    @Test
    void tellsAStartLineTooLongFromAHeadTooLarge() {
        StartLineTooLongException line = assertThrows(StartLineTooLongException.class,
                () -> HeadReader.read(bytes("GET /" + "a".repeat(100) + " HTTP/1.1\r\n\r\n"), 100));
        assertEquals("start line exceeds 100 bytes", line.getMessage());
        assertThrows(StartLineTooLongException.class, () -> HeadReader.read(bytes("x".repeat(101)), 100));
        // The limit reached on the LF that would have ended the start line: it had not ended.
        assertThrows(StartLineTooLongException.class, () -> HeadReader.read(bytes("a".repeat(99) + "\r\n"), 100));

        assertThrows(HeadTooLargeException.class, () -> HeadReader.read(bytes("a".repeat(98) + "\r\nX"), 100));
        assertThrows(HeadTooLargeException.class,
                () -> HeadReader.read(bytes("GET / HTTP/1.1\r\nX: " + "a".repeat(100) + "\r\n\r\n"), 100));
        assertThrows(HeadTooLargeException.class, () -> HeadReader.read(bytes("\r\n".repeat(51)), 100));
    }

    @Test
    void passesOnlyTheStartLineToTheCheckAsSoonAsItEnds() throws IOException {
        List<String> checked = new ArrayList<>();

        HeadReader.read(bytes("\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n"), 100, checked::add);

        assertEquals(List.of("GET / HTTP/1.1"), checked);
    }

    @Test
    void aFailedCheckEndsTheReadBeforeTheRestOfTheHeadArrives() {
        // The stream ends after the start line: without the check, this would be an EOF.
        ProtocolException e = assertThrows(ProtocolException.class, () -> HeadReader.read(bytes("GET /\r\n"), 100,
                line -> {
                    throw new ProtocolException("refused " + line);
                }));
        assertEquals("refused GET /", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET / HTTP/1.1\rHost: a\r\n\r\n", "GET / HTTP/1.1\r\r\n\r\n", "\r\r\n"})
    void rejectsABareCarriageReturn(String head) {
        ProtocolException e = assertThrows(ProtocolException.class, () -> HeadReader.read(bytes(head), 100));
        assertEquals("bare CR in message head", e.getMessage());
    }

    @Test
    void rejectsANulByte() {
        ProtocolException e = assertThrows(ProtocolException.class,
                () -> HeadReader.read(bytes("GET /\u0000 HTTP/1.1\r\n\r\n"), 100));
        assertEquals("NUL byte in message head", e.getMessage());
    }

    @Test
    void tellsAnEmptyStreamFromOneThatEndsInsideTheHead() {
        assertThrows(NoMessageException.class, () -> HeadReader.read(bytes(""), 100));
        EOFException e = assertThrows(EOFException.class, () -> HeadReader.read(bytes("\r\n"), 100));
        assertEquals("connection closed inside the message head after 2 bytes", e.getMessage());
        e = assertThrows(EOFException.class, () -> HeadReader.read(bytes("GET / HTTP/1.1\r\n"), 100));
        assertEquals("connection closed inside the message head after 16 bytes", e.getMessage());
    }
}
