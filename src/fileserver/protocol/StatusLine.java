package fileserver.protocol;

import java.net.ProtocolException;

/**
 * The first line of a response as a client receives it, e.g. {@code HTTP/1.1 206 Partial Content}.
 *
 * @param version the protocol version, {@code HTTP/1.0} or {@code HTTP/1.1}
 * @param code    the three-digit status code
 * @param reason  the reason phrase, possibly empty
 */
public record StatusLine(String version, int code, String reason) {

    /** Parses a status line (RFC 9112 section 4): {@code HTTP/1.d SP 3DIGIT [SP reason]}. */
    public static StatusLine parse(String line) throws ProtocolException {
        boolean wellFormed = line.length() >= 12 && line.startsWith("HTTP/1.")
                && Syntax.isDigits(line.substring(7, 8)) && line.charAt(8) == ' '
                && Syntax.isDigits(line.substring(9, 12))
                && (line.length() == 12 || line.charAt(12) == ' ');
        if (!wellFormed) {
            throw new ProtocolException("not an HTTP/1.x status line");
        }
        String reason = line.length() > 12 ? line.substring(13) : "";
        return new StatusLine(line.substring(0, 8), Integer.parseInt(line.substring(9, 12)), reason);
    }

    @Override
    public String toString() {
        return code + (reason.isEmpty() ? "" : " " + reason);
    }
}
