package fileserver.protocol;

import java.net.InetAddress;
import java.net.ProtocolException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;

/**
 * The scheme, host and port that an absolute-form request target names, as in
 * {@code GET http://127.0.0.1:5050/bio.txt HTTP/1.1} (RFC 9112 section 3.2.2). A server
 * must accept that form and then take the host from it, not from {@code Host}; so a
 * request that names another host asks this server to speak for that host, which it
 * must refuse (421, RFC 9110 section 15.5.20) rather than answer with its own file.
 *
 * @param scheme {@code http} or {@code https}
 * @param host   in lowercase; an IPv6 address without its brackets
 * @param port   the port in the target, or the scheme's default (80 or 443)
 */
public record Authority(String scheme, String host, int port) {

    /**
     * Parses the authority part of a URI ({@code host}, {@code host:port}, {@code [v6]:port}).
     *
     * @throws ProtocolException for userinfo ({@code user@host}, which RFC 9110 section
     *                           4.2.4 says to treat as an error), an empty host, or a port
     *                           that is not a number from 0 to 65535
     */
    static Authority parse(String scheme, String text) throws ProtocolException {
        if (text.indexOf('@') >= 0) {
            throw new ProtocolException("userinfo in request target");
        }
        String host;
        String portText;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0) {
                throw new ProtocolException("unclosed IPv6 address in request target");
            }
            host = text.substring(1, close);
            String rest = text.substring(close + 1);
            if (!rest.isEmpty() && !rest.startsWith(":")) {
                throw new ProtocolException("junk after IPv6 address in request target");
            }
            portText = rest.isEmpty() ? "" : rest.substring(1);
        } else {
            int colon = text.lastIndexOf(':');
            host = colon < 0 ? text : text.substring(0, colon);
            portText = colon < 0 ? "" : text.substring(colon + 1);
        }
        if (host.isEmpty()) {
            throw new ProtocolException("no host in absolute request target");
        }
        return new Authority(scheme, host.toLowerCase(Locale.ROOT), port(scheme, portText));
    }

    /**
     * True if {@code value} may be the value of a {@code Host} field (RFC 9110 section
     * 7.2): empty, or a host (an IPv6 literal in brackets, or a name or IPv4 address of
     * RFC 3986 characters) with an optional {@code :port}. RFC 9112 section 3.2 requires a
     * 400 for any other value; {@code ::1:5050}, an IPv6 address without its brackets, is
     * the mistake this catches in practice, since it cannot be told apart from a port.
     */
    static boolean isValidHostField(String value) {
        String host;
        String port;
        if (value.startsWith("[")) {
            int close = value.indexOf(']');
            if (close < 2 || !isIpv6LiteralText(value.substring(1, close))) {
                return false;
            }
            String rest = value.substring(close + 1);
            if (!rest.isEmpty() && !rest.startsWith(":")) {
                return false;
            }
            host = "[]";
            port = rest.isEmpty() ? "" : rest.substring(1);
        } else {
            int colon = value.indexOf(':');
            host = colon < 0 ? value : value.substring(0, colon);
            port = colon < 0 ? null : value.substring(colon + 1);
            if (!isRegNameText(host) || (host.isEmpty() && port != null)) {
                return false;
            }
        }
        return port == null || port.isEmpty() || Syntax.isDigits(port);
    }

    private static boolean isIpv6LiteralText(String text) {
        // A zone ID names one host's interface: no business in a Host field.
        return text.indexOf('%') < 0 && HostPort.ipv6(text).isPresent();
    }

    /** RFC 3986 reg-name (which covers IPv4 addresses): unreserved, %-escapes and sub-delims. */
    private static boolean isRegNameText(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!Syntax.isAlphanumeric(c) && "-._~%!$&'()*+,;=".indexOf(c) < 0) {
                return false;
            }
        }
        return true;
    }

    private static int port(String scheme, String text) throws ProtocolException {
        if (text.isEmpty()) {
            // RFC 3986 section 3.2.3: an empty port means the scheme's default.
            return scheme.equals("https") ? 443 : 80;
        }
        if (text.length() > 5 || !Syntax.isDigits(text) || Integer.parseInt(text) > 65535) {
            throw new ProtocolException("invalid port in request target");
        }
        return Integer.parseInt(text);
    }

    /**
     * The host as an address, if it is an IP address literal; empty for a name. Never asks
     * DNS: a request must not make the server look up names its client chose.
     */
    public Optional<InetAddress> address() {
        if (host.indexOf(':') >= 0) {
            return HostPort.ipv6(host);
        }
        try {
            String[] parts = host.split("\\.", -1);
            if (parts.length != 4) {
                return Optional.empty();
            }
            byte[] bytes = new byte[4];
            for (int i = 0; i < 4; i++) {
                if (parts[i].length() > 3 || !Syntax.isDigits(parts[i]) || Integer.parseInt(parts[i]) > 255) {
                    return Optional.empty();
                }
                bytes[i] = (byte) Integer.parseInt(parts[i]);
            }
            return Optional.of(InetAddress.getByAddress(bytes));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }
}
