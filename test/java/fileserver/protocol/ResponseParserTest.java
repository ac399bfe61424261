package fileserver.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ResponseParserTest {
    private static InputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static HttpResponse parse(String head) throws IOException {
        return ResponseParser.read(stream(head), 8192);
    }

    private static HttpResponse withField(String field) throws IOException {
        return parse("HTTP/1.1 200 OK\r\n" + field + "\r\n\r\n");
    }

    @Test
    void readsTheHeadAndLeavesTheBody() throws IOException {
        InputStream in = stream("HTTP/1.1 206 Partial Content\r\nContent-Length: 3\r\nETag: \"x\"\r\n\r\nabc");

        HttpResponse response = ResponseParser.read(in, 8192);

        assertEquals(206, response.code());
        assertEquals("Partial Content", response.status().reason());
        assertEquals("\"x\"", response.headers().first("etag").orElseThrow());
        assertArrayEquals("abc".getBytes(StandardCharsets.US_ASCII), in.readAllBytes());
    }

    /** A reply that is not HTTP/1.x, and how the exception names it: by its first bytes, shown safely. */
    static Stream<Arguments> notHttp() {
        return Stream.of(
                Arguments.of("SSH-2.0-OpenSSH_9.6\r\n", "it starts with \"SSH-2.0-OpenSSH_9.6\\x0d\\x0a\""),
                Arguments.of("x".repeat(100), "it starts with \"" + "x".repeat(24) + "\""),
                Arguments.of("\0HTTP/1.1 200 OK\r\n\r\n", "it starts with \"\\x00HTTP/1.1 200 OK\\x0d\\x0a\\x0d\\x0a\""),
                Arguments.of("HTTP/1.1 OK\r\n\r\n", "not an HTTP/1.x status line"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("notHttp")
    void namesAReplyThatIsNotHttp(String reply, String message) {
        ProtocolException e = assertThrows(ProtocolException.class, () -> parse(reply));
        assertEquals(message, e.getMessage());
    }

    /** The check reads ahead and goes back; a small buffer must keep the bytes it read. */
    @Test
    void consumesNothingEvenThroughATinyBuffer() throws IOException {
        InputStream in = new BufferedInputStream(stream("HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nbody"), 1);

        assertEquals(200, ResponseParser.read(in, 8192).code());
        assertArrayEquals("body".getBytes(StandardCharsets.US_ASCII), in.readAllBytes());
    }

    @Test
    void tellsNoReplyAtAllFromACloseInsideTheHead() {
        assertThrows(NoMessageException.class, () -> parse(""));
        for (String cut : new String[] {"HTT", "HTTP/1.1 200 OK\r\nContent-Len"}) {
            EOFException e = assertThrows(EOFException.class, () -> parse(cut), cut);
            assertFalse(e instanceof NoMessageException, cut);
        }
    }

    @Test
    void needsAStreamThatCanBeReset() {
        InputStream unmarkable = new InputStream() {
            @Override
            public int read() {
                return -1;
            }
        };
        assertThrows(IllegalArgumentException.class, () -> ResponseParser.read(unmarkable, 8192));
    }

    @Test
    void contentLengthIsEmptyWhenAbsent() throws IOException {
        assertEquals(OptionalLong.empty(), withField("X: y").contentLength());
        assertEquals(OptionalLong.of(0), withField("Content-Length: 0").contentLength());
        assertEquals(OptionalLong.of(10_485_760), withField("content-length: 10485760").contentLength());
    }

    @ParameterizedTest
    @ValueSource(strings = {"Content-Length: -5", "Content-Length: +5", "Content-Length: 5, 5", "Content-Length: x", "Content-Length: 1.5", "Content-Length:",
        "Content-Length: 99999999999999999999", "Content-Length: 5\r\nContent-Length: 6",
        "Content-Length: 5\r\nContent-Length: 5"})
    void contentLengthRefusesAnythingButOneNumber(String fields) throws IOException {
        HttpResponse response = withField(fields);
        ProtocolException e = assertThrows(ProtocolException.class, response::contentLength);
        assertEquals("invalid Content-Length", e.getMessage());
    }

    @Test
    void contentRangeParsesTheCheckableForm() throws IOException {
        ContentRange range = withField("Content-Range: bytes 500-9999/10000").contentRange();

        assertEquals(new ContentRange(new ByteRange(500, 9999), 10_000), range);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
            X: y                            | '"": not a byte range'
            Content-Range: bytes 500-9999/* | '"bytes 500-9999/*": not of the form bytes FIRST-LAST/LENGTH'
            Content-Range: bytes */10000    | '"bytes */10000": not of the form bytes FIRST-LAST/LENGTH'
            Content-Range: "x\\y"           | '"\\x22x\\x5cy\\x22": not a byte range'
            """)
    void contentRangeQuotesAValueItCannotUse(String field, String message) throws IOException {
        HttpResponse response = withField(field);
        ProtocolException e = assertThrows(ProtocolException.class, response::contentRange);
        assertEquals(message, e.getMessage());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            Retry-After: 2                             | 2
            Retry-After: 0                             | 0
            Retry-After: 120                           | 120
            X: y                                       | -
            Retry-After: Sun, 06 Nov 1994 08:49:37 GMT | -
            Retry-After: -5                            | -
            Retry-After: soon                          | -
            Retry-After: 99999999999999999999          | -
            """)
    void retryAfterIsTheDelayInSecondsWhenItIsOne(String field, Long seconds) throws IOException {
        OptionalLong expected = seconds == null ? OptionalLong.empty() : OptionalLong.of(seconds);
        assertEquals(expected, withField(field).retryAfterSeconds());
    }
}
