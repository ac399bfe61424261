package fileserver.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.ProtocolException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 18, finding 4: how a request frames its body (RFC 9112 section 6), as nginx reads
 * it. Each row is the version, the framing fields (separated by {@code ;}) and the answer:
 * {@code ok}, {@code 400} (a {@link ProtocolException} and nothing more specific) or
 * {@code 501} ({@link UnsupportedTransferCodingException}).
 */
class RequestFramingTest {

    private static HttpRequest parse(String version, String fields) throws IOException {
        StringBuilder head = new StringBuilder("GET /bio.txt ").append(version).append("\r\nHost: a\r\n");
        for (String field : fields.split(";")) {
            head.append(field.strip()).append("\r\n");
        }
        byte[] bytes = head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
        return RequestParser.read(new ByteArrayInputStream(bytes), 8192);
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            HTTP/1.1 | Content-Length: 5                                   | ok
            HTTP/1.1 | Content-Length: 0                                   | ok
            HTTP/1.1 | Content-Length: 007                                 | ok
            HTTP/1.0 | Content-Length: 5                                   | ok
            HTTP/1.1 | content-length:  9223372036854775807                | ok
            HTTP/1.1 | Transfer-Encoding: chunked                          | ok
            HTTP/1.1 | Transfer-Encoding: Chunked                          | ok
            HTTP/1.1 | Content-Length: 5; Content-Length: 6                | 400
            HTTP/1.1 | Content-Length: 5; content-length: 5                | 400
            HTTP/1.1 | Content-Length: 5, 5                                | 400
            HTTP/1.1 | Content-Length: abc                                 | 400
            HTTP/1.1 | Content-Length: -1                                  | 400
            HTTP/1.1 | Content-Length: +5                                  | 400
            HTTP/1.1 | Content-Length: 5 5                                 | 400
            HTTP/1.1 | Content-Length: 0x10                                | 400
            HTTP/1.1 | Content-Length:                                     | 400
            HTTP/1.1 | Content-Length: 9223372036854775808                 | 400
            HTTP/1.1 | Content-Length: 99999999999999999999999             | 400
            HTTP/1.1 | Transfer-Encoding: gzip                             | 501
            HTTP/1.1 | Transfer-Encoding: gzip, chunked                    | 501
            HTTP/1.1 | Transfer-Encoding: chunked, gzip                    | 501
            HTTP/1.1 | Transfer-Encoding: chunked, chunked                 | 501
            HTTP/1.1 | Transfer-Encoding: identity                         | 501
            HTTP/1.1 | Transfer-Encoding: xchunked                         | 501
            HTTP/1.1 | Transfer-Encoding:                                  | 501
            HTTP/1.1 | Transfer-Encoding: gzip; Content-Length: 5          | 501
            HTTP/1.1 | Transfer-Encoding: chunked; Transfer-Encoding: gzip | 400
            HTTP/1.1 | Transfer-Encoding: chunked; transfer-encoding: chunked | 400
            HTTP/1.0 | Transfer-Encoding: chunked                          | 400
            HTTP/1.0 | Transfer-Encoding: gzip                             | 400
            HTTP/1.1 | Transfer-Encoding: chunked; Content-Length: 5       | 400
            HTTP/1.1 | Content-Length: 0; Transfer-Encoding: chunked       | 400
            HTTP/1.1 | Content-Length: x; Transfer-Encoding: gzip          | 400
            """)
    void framingIsAcceptedOnlyWhenNoTwoParsersCouldReadItDifferently(String version, String fields, String answer)
            throws IOException {
        if (answer.equals("ok")) {
            assertEquals("/bio.txt", parse(version, fields).target());
            return;
        }
        ProtocolException e = assertThrows(ProtocolException.class, () -> parse(version, fields));
        Class<?> expected = answer.equals("501") ? UnsupportedTransferCodingException.class : ProtocolException.class;
        assertEquals(expected, e.getClass(), e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            Content-Length: 1; Content-Length: 1                | more than one Content-Length field
            Content-Length: abc                                 | invalid Content-Length
            Transfer-Encoding: chunked; Transfer-Encoding: gzip | more than one Transfer-Encoding field
            Transfer-Encoding: gzip                             | unsupported Transfer-Encoding, only chunked is understood
            Transfer-Encoding: chunked; Content-Length: 1       | both Content-Length and Transfer-Encoding
            """)
    void namesWhatIsWrongWithTheFraming(String fields, String message) {
        assertEquals(message, assertThrows(ProtocolException.class, () -> parse("HTTP/1.1", fields)).getMessage());
    }

    @Test
    void namesTransferEncodingInHttp10() {
        assertEquals("Transfer-Encoding in an HTTP/1.0 request", assertThrows(ProtocolException.class,
                () -> parse("HTTP/1.0", "Transfer-Encoding: chunked")).getMessage());
    }
}
