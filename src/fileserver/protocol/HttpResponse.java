package fileserver.protocol;

import java.net.ProtocolException;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A parsed response head, as a client receives it; the mirror of {@link HttpRequest}.
 *
 * @param status  the status line
 * @param headers the header fields
 */
public record HttpResponse(StatusLine status, Headers headers) {

    /** The three-digit status code. */
    public int code() {
        return status.code();
    }

    /**
     * The body's length from {@code Content-Length}, or empty if the field is absent.
     *
     * @throws ProtocolException if the field is repeated, or its value is not 1*DIGIT (no
     *                           sign, no list) within a long
     */
    public OptionalLong contentLength() throws ProtocolException {
        Optional<String> value = headers.first("Content-Length");
        if (value.isEmpty()) {
            return OptionalLong.empty();
        }
        if (headers.count("Content-Length") != 1 || !Syntax.isContentLength(value.get())) {
            throw new ProtocolException("invalid Content-Length");
        }
        return OptionalLong.of(Long.parseLong(value.get()));
    }

    /**
     * The {@code Content-Range} of a {@code 206}, in the one form that describes a body
     * that can be checked (see {@link ContentRange#parse}).
     *
     * @throws ProtocolException if the field is absent or not of that form; the message
     *                           quotes the value, e.g. {@code "bytes 0-9/*": not of the form ...}
     */
    public ContentRange contentRange() throws ProtocolException {
        String value = headers.first("Content-Range").orElse("");
        try {
            return ContentRange.parse(value);
        } catch (ProtocolException e) {
            throw new ProtocolException("\"" + PrintableText.quoted(value) + "\": " + e.getMessage());
        }
    }

    /**
     * The wait that {@code Retry-After} asks for in seconds, or empty if the field is
     * absent, an HTTP-date (RFC 9110 section 10.2.3 allows one), or neither.
     */
    public OptionalLong retryAfterSeconds() {
        try {
            long seconds = Long.parseLong(headers.first("Retry-After").orElse(""));
            return seconds >= 0 ? OptionalLong.of(seconds) : OptionalLong.empty();
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}
