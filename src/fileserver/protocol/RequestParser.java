package fileserver.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.net.ProtocolException;
import java.util.List;

/**
 * Reads and validates an HTTP/1.x request head (RFC 9112 sections 3 and 5).
 *
 * <p>Strict where leniency would let two parsers disagree: exactly one space between the
 * three parts of the request line, a token for the method, a visible-ASCII target, a
 * version of the form {@code HTTP/d.d}, exactly one {@code Host} in HTTP/1.1, and a body
 * framing no other parser could read differently ({@link RequestFraming}).
 */
public final class RequestParser {
    private RequestParser() {
    }

    /**
     * Reads one request head from {@code in}.
     *
     * @throws UnsupportedVersionException        for a well-formed version other than 1.0 and 1.1
     * @throws StartLineTooLongException          for a request line not ended within {@code maxHeadBytes}
     * @throws HeadTooLargeException              for a longer head (header section)
     * @throws UnsupportedTransferCodingException for a Transfer-Encoding other than chunked
     * @throws ProtocolException                  for any other malformed head (see {@link HeadReader})
     */
    public static HttpRequest read(InputStream in, int maxHeadBytes) throws IOException {
        // The request line is checked as soon as it arrives: a client that sent a bad one
        // (HTTP/0.9 has no version and no head to wait for) gets its answer at once.
        return parse(HeadReader.read(in, maxHeadBytes, RequestParser::requestLine));
    }

    /** Parses the lines of a request head, as returned by {@link HeadReader#read}. */
    public static HttpRequest parse(List<String> lines) throws ProtocolException {
        String[] parts = requestLine(lines.get(0));
        String method = parts[0];
        String target = parts[1];
        String version = parts[2];
        Headers headers = HeaderParser.parse(lines);
        int hosts = headers.count("Host");
        if (hosts > 1 || (hosts == 0 && version.equals("HTTP/1.1"))) {
            throw new ProtocolException("an HTTP/1.1 request needs exactly one Host header");
        }
        if (hosts == 1 && !Authority.isValidHostField(headers.first("Host").orElseThrow())) {
            throw new ProtocolException("invalid Host header");
        }
        RequestFraming.check(version, headers);
        return new HttpRequest(method, target, version, headers);
    }

    /** Splits and checks a request line: method, target, version. */
    private static String[] requestLine(String line) throws ProtocolException {
        String[] parts = line.split(" ", -1);
        if (parts.length != 3) {
            throw new ProtocolException("request line is not 'method target version'");
        }
        String method = parts[0];
        String target = parts[1];
        String version = parts[2];
        if (!Syntax.isToken(method)) {
            throw new ProtocolException("invalid method");
        }
        if (!Syntax.isVisibleAscii(target)) {
            throw new ProtocolException("invalid request target");
        }
        checkVersion(version);
        return parts;
    }

    private static void checkVersion(String version) throws ProtocolException {
        boolean wellFormed = version.length() == 8 && version.startsWith("HTTP/")
                && isDigit(version.charAt(5)) && version.charAt(6) == '.'
                && isDigit(version.charAt(7));
        if (!wellFormed) {
            throw new ProtocolException("invalid HTTP version");
        }
        if (!version.equals("HTTP/1.1") && !version.equals("HTTP/1.0")) {
            throw new UnsupportedVersionException(version);
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
