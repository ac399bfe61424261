package fileserver.protocol;

import java.net.ProtocolException;
import java.util.Optional;

/**
 * Checks the fields that say where a request's body ends, Content-Length and
 * Transfer-Encoding (RFC 9112 section 6). If two parsers on the path, a proxy's and this
 * server's, could read them differently, one of them would take part of a body for the
 * next request (request smuggling), so every case the RFC calls faulty is refused, even
 * though this server answers every request with {@code Connection: close} and reads no
 * body. A request that frames a body correctly is served as before, its body drained.
 *
 * <p>Where RFC 9112 leaves a choice, this does what nginx does
 * ({@code ngx_http_process_request_header}), in nginx's order:
 * <ol>
 * <li>A second Content-Length field is a 400 even when both values are equal. RFC 9110
 *     section 8.6 lets a recipient either reject such a message or collapse identical
 *     values into one; rejecting leaves no two readings. A value that is not 1*DIGIT, or
 *     too large for a long, is a 400 (RFC 9112 section 6.3, item 5): that includes a list
 *     such as {@code 5, 5}, which the same RFC 9110 rule would let a recipient collapse.
 * <li>A second Transfer-Encoding field is a 400.
 * <li>Transfer-Encoding in an HTTP/1.0 request is a 400: RFC 9112 section 6.1 says to
 *     treat its framing as faulty, since an HTTP/1.0 peer on the path may not know it.
 * <li>A Transfer-Encoding other than exactly {@code chunked} (case-insensitive) is a 501
 *     (RFC 9112 section 6.1, a coding this server does not understand). That includes
 *     {@code gzip, chunked} and, as in nginx, {@code gzip} alone, for which section 6.3,
 *     item 4 would allow a 400 as well (chunked is not the final coding).
 * <li>Transfer-Encoding: chunked together with Content-Length is a 400: section 6.1
 *     allows rejecting it outright, and section 6.3, item 3 calls it a likely attack.
 * </ol>
 */
final class RequestFraming {
    private RequestFraming() {
    }

    /**
     * @throws UnsupportedTransferCodingException for a Transfer-Encoding other than chunked
     * @throws ProtocolException                  for any other faulty framing
     */
    static void check(String version, Headers headers) throws ProtocolException {
        if (headers.count("Content-Length") > 1) {
            throw new ProtocolException("more than one Content-Length field");
        }
        Optional<String> length = headers.first("Content-Length");
        if (length.isPresent() && !Syntax.isContentLength(length.get())) {
            throw new ProtocolException("invalid Content-Length");
        }
        int codings = headers.count("Transfer-Encoding");
        if (codings == 0) {
            return;
        }
        if (codings > 1) {
            throw new ProtocolException("more than one Transfer-Encoding field");
        }
        if (version.equals("HTTP/1.0")) {
            throw new ProtocolException("Transfer-Encoding in an HTTP/1.0 request");
        }
        if (!headers.first("Transfer-Encoding").orElseThrow().equalsIgnoreCase("chunked")) {
            throw new UnsupportedTransferCodingException();
        }
        if (length.isPresent()) {
            throw new ProtocolException("both Content-Length and Transfer-Encoding");
        }
    }
}
