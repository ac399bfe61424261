package fileserver.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.ProtocolException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RequestParserTest {
    private static HttpRequest parse(String head) throws IOException {
        return RequestParser.read(new ByteArrayInputStream(head.getBytes(StandardCharsets.ISO_8859_1)), 8192);
    }

    @Test
    void parsesAGetWithHeaders() throws IOException {
        HttpRequest request = parse("GET /bio.txt HTTP/1.1\r\nHost: a\r\nX-Client-Id:  7 \r\nrange: bytes=5-\r\n\r\n");

        assertEquals("GET", request.method());
        assertEquals("/bio.txt", request.target());
        assertEquals("HTTP/1.1", request.version());
        assertEquals("7", request.clientId());
        assertEquals("bytes=5-", request.headers().first("Range").orElseThrow());
    }

    @Test
    void acceptsBareLineFeeds() throws IOException {
        assertEquals("/x", parse("GET /x HTTP/1.1\nHost: a\n\n").target());
    }

    @Test
    void skipsBlankLinesBeforeTheRequestLine() throws IOException {
        assertEquals("/x", parse("\r\n\r\nGET /x HTTP/1.0\r\n\r\n").target());
    }

    @Test
    void stopsReadingAtTheEndOfTheHead() throws IOException {
        ByteArrayInputStream in = new ByteArrayInputStream(
                "GET / HTTP/1.0\r\n\r\nBODY".getBytes(StandardCharsets.US_ASCII));
        RequestParser.read(in, 8192);
        assertEquals(4, in.available());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "GET /\r\n\r\n",                                  // HTTP/0.9: no version
        "GET  / HTTP/1.1\r\nHost: a\r\n\r\n",             // two spaces
        "GET / HTTP/1.1 \r\nHost: a\r\n\r\n",             // trailing space
        "G(T / HTTP/1.1\r\nHost: a\r\n\r\n",              // method not a token
        "GET / HTTP/1.1\r\n\r\n",                         // HTTP/1.1 without Host
        "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",   // two Hosts
        "GET / HTTP/1.1\r\nHost : a\r\n\r\n",             // space before colon
        "GET / HTTP/1.1\r\nHost: a\r\n folded\r\n\r\n",   // obsolete folding
        "GET / HTTP/1.1\r\nHost: a\u0001b\r\n\r\n",       // control character in value
        "GET / HTTP/1.1\r\nHost: a\rX: b\r\n\r\n",        // bare CR
        "GET /\u0000 HTTP/1.1\r\nHost: a\r\n\r\n",        // NUL
        "GET /\u00e9 HTTP/1.1\r\nHost: a\r\n\r\n",        // non-ASCII target
        "GET /\u007f HTTP/1.1\r\nHost: a\r\n\r\n",        // DEL in target
        "GET /\u001f HTTP/1.1\r\nHost: a\r\n\r\n",        // control character in target
        "GET /\tx HTTP/1.1\r\nHost: a\r\n\r\n",          // tab in target
        " / HTTP/1.1\r\nHost: a\r\n\r\n",                 // no method
        "GET  HTTP/1.1\r\nHost: a\r\n\r\n",               // no target
        "GET / HTTP/1.1x\r\nHost: a\r\n\r\n",             // version too long
        "GET / HTTP/11\r\nHost: a\r\n\r\n",               // version without dot
        "GET / HTTP/a.1\r\nHost: a\r\n\r\n",              // major version not a digit
        "GET / HTTP-1.1\r\nHost: a\r\n\r\n",              // no slash
        "GET / HTTP/1.x\r\nHost: a\r\n\r\n",              // malformed version
        "GET / http/1.1\r\nHost: a\r\n\r\n",              // version is case-sensitive
        "\u0016\u0003\u0001\u0002\u0000\u0001\u0000\u0001\u00fc\u0003\u0003\n\n", // TLS ClientHello
    })
    void rejectsMalformedHeads(String head) {
        ProtocolException e = assertThrows(ProtocolException.class, () -> parse(head));
        assertEquals(ProtocolException.class, e.getClass(), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"HTTP/2.0", "HTTP/0.9", "HTTP/3.0", "HTTP/1.2"})
    void rejectsOtherVersionsAsUnsupported(String version) {
        assertThrows(UnsupportedVersionException.class, () -> parse("GET / " + version + "\r\nHost: a\r\n\r\n"));
    }

    @Test
    void acceptsEveryVisibleCharacterInTheTarget() throws IOException {
        assertEquals("/!~", parse("GET /!~ HTTP/1.1\r\nHost: a\r\n\r\n").target());
    }

    @Test
    void needsNoHostInHttp10() throws IOException {
        HttpRequest request = parse("HEAD /x HTTP/1.0\r\n\r\n");

        assertEquals(new HttpRequest("HEAD", "/x", "HTTP/1.0", new Headers(java.util.List.of())), request);
        assertEquals(true, request.isHead());
        assertEquals("-", request.clientId());
    }

    @Test
    void namesWhatIsWrongWithARequestLine() {
        assertEquals("request line is not 'method target version'",
                assertThrows(ProtocolException.class, () -> parse("GET /\r\n\r\n")).getMessage());
        assertEquals("invalid method",
                assertThrows(ProtocolException.class, () -> parse("G@T / HTTP/1.1\r\n\r\n")).getMessage());
        assertEquals("invalid request target",
                assertThrows(ProtocolException.class, () -> parse("GET /\u007f HTTP/1.1\r\n\r\n")).getMessage());
        assertEquals("invalid HTTP version",
                assertThrows(ProtocolException.class, () -> parse("GET / HTTP/1.1x\r\n\r\n")).getMessage());
        assertEquals("unsupported HTTP version HTTP/2.0",
                assertThrows(ProtocolException.class, () -> parse("GET / HTTP/2.0\r\n\r\n")).getMessage());
        assertEquals("an HTTP/1.1 request needs exactly one Host header",
                assertThrows(ProtocolException.class, () -> parse("GET / HTTP/1.1\r\n\r\n")).getMessage());
        assertEquals("an HTTP/1.1 request needs exactly one Host header",
                assertThrows(ProtocolException.class, () -> parse("GET / HTTP/1.0\r\nHost: a\r\nhost: a\r\n\r\n"))
                        .getMessage());
    }

    @Test
    void rejectsTheHttp2Preface() {
        assertThrows(ProtocolException.class, () -> parse("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"));
    }

    @Test
    void rejectsAHeadOverTheLimit() {
        String head = "GET / HTTP/1.1\r\nHost: a\r\nX: " + "y".repeat(9000) + "\r\n\r\n";
        assertThrows(HeadTooLargeException.class, () -> parse(head));
    }

    @Test
    void rejectsARequestLineOverTheLimitAsTooLong() {
        String head = "GET /" + "a".repeat(9000) + " HTTP/1.1\r\nHost: a\r\n\r\n";
        assertThrows(StartLineTooLongException.class, () -> parse(head));
    }

    /** The log shows the id as one word, so an empty id shows as "-", as a missing one does. */
    @Test
    void takesAnEmptyClientIdForNone() throws IOException {
        assertEquals("-", parse("GET / HTTP/1.1\r\nHost: a\r\nX-Client-Id: \r\n\r\n").clientId());
        assertEquals("a b", parse("GET / HTTP/1.1\r\nHost: a\r\nX-Client-Id: a b\r\n\r\n").clientId());
    }

    @Test
    void tellsAnEmptyConnectionFromATruncatedHead() {
        assertThrows(NoMessageException.class, () -> parse(""));
        EOFException truncated = assertThrows(EOFException.class, () -> parse("GET / HTTP/1.1\r\nHo"));
        assertEquals(EOFException.class, truncated.getClass());
    }
}
