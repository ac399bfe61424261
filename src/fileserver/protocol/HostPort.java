package fileserver.protocol;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * A host and port written the one way this project writes them, in URLs and in logs:
 * {@code 127.0.0.1:5050}, {@code example.org:5050}, {@code [::1]:5050}. An IPv6 address
 * goes in brackets, so its colons cannot be mistaken for the port's, and in the short
 * form of RFC 5952 ({@code [::1]}, not {@code [0:0:0:0:0:0:0:1]}), which is the form
 * people and other tools print. A zone ({@code %eth0}) is kept as Java writes it.
 */
public final class HostPort {
    private HostPort() {
    }

    /** {@code address:port}, with an IPv6 address compressed and in brackets. */
    public static String of(InetAddress address, int port) {
        return host(address) + ":" + port;
    }

    /**
     * {@code host:port} for a host as a user typed it: a name or IPv4 address as it is; a
     * host with a colon (an IPv6 literal, bracketed or not) compressed and in brackets.
     * Never asks DNS: only a literal is parsed.
     */
    public static String of(String host, int port) {
        return host(host) + ":" + port;
    }

    /** The host part alone, as {@link #of(InetAddress, int)} writes it. */
    private static String host(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return address.getHostAddress();
        }
        String text = address.getHostAddress();
        int zone = text.indexOf('%');
        return "[" + compress(address.getAddress()) + (zone < 0 ? "" : text.substring(zone)) + "]";
    }

    /** The host part alone, as {@link #of(String, int)} writes it. */
    private static String host(String host) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (bare.indexOf(':') < 0) {
            return bare;
        }
        return ipv6(bare).map(HostPort::host).orElse("[" + bare + "]");
    }

    /**
     * The IPv6 address that {@code text} (without brackets, as in {@code ::1}) spells, or
     * empty if it spells none. Never asks DNS: in brackets, {@code getByName} only parses an
     * IPv6 literal, or throws.
     */
    static Optional<InetAddress> ipv6(String text) {
        try {
            return Optional.of(InetAddress.getByName("[" + text + "]"));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    /**
     * RFC 5952 section 4: hexadecimal groups without leading zeros, in lowercase, the
     * longest run of two or more zero groups (the first, if two are as long) as {@code ::}.
     */
    private static String compress(byte[] bytes) {
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 1; // a single zero group is not shortened
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int start = i;
            while (i < 8 && groups[i] == 0) {
                i++;
            }
            if (i - start > bestLength) {
                bestStart = start;
                bestLength = i - start;
            }
        }
        StringBuilder text = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                text.append("::");
                i += bestLength - 1;
                continue;
            }
            if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[i]));
        }
        return text.toString();
    }
}
