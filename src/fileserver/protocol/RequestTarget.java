package fileserver.protocol;

import java.io.ByteArrayOutputStream;
import java.net.ProtocolException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Extracts the decoded path from a request target (RFC 9112 section 3.2).
 *
 * <p>The server never maps a path onto the file system: it compares the decoded path with
 * the one name it serves. Decoding here is therefore only for comparison, and anything
 * that cannot be decoded unambiguously is rejected.
 */
public final class RequestTarget {
    private RequestTarget() {
    }

    /**
     * The percent-decoded path of {@code target}, without its query.
     * Origin form ({@code /bio.txt?x}) and absolute form ({@code http://host/bio.txt})
     * are accepted; the asterisk form is returned as {@code "*"}.
     *
     * @throws ProtocolException for any other form, a fragment, a malformed percent
     *                           escape, or an escape that decodes to invalid UTF-8 or NUL
     */
    public static String path(String target) throws ProtocolException {
        if (target.equals("*")) {
            return target;
        }
        if (target.indexOf('#') >= 0) {
            throw new ProtocolException("fragment in request target");
        }
        String path = target.startsWith("/") ? target : Absolute.split(target).rest();
        int query = path.indexOf('?');
        if (query >= 0) {
            path = path.substring(0, query);
        }
        return percentDecode(path.isEmpty() ? "/" : path);
    }

    /**
     * For an absolute-form target ({@code http://host:port/path}), the host and port it
     * names; empty for the origin form ({@code /path}) and the asterisk form.
     *
     * @throws ProtocolException if the target is in neither form, or its authority is
     *                           malformed (see {@link Authority#parse})
     */
    public static Optional<Authority> authority(String target) throws ProtocolException {
        if (target.startsWith("/") || target.equals("*")) {
            return Optional.empty();
        }
        Absolute absolute = Absolute.split(target);
        return Optional.of(Authority.parse(absolute.scheme(), absolute.authority()));
    }

    /**
     * An absolute-form target cut in three: {@code HTTP://host:5050/bio.txt?x} is the scheme
     * {@code http}, the authority {@code host:5050} and the rest {@code /bio.txt?x}.
     */
    private record Absolute(String scheme, String authority, String rest) {
        private static final List<String> SCHEMES = List.of("http", "https");

        static Absolute split(String target) throws ProtocolException {
            String lower = target.toLowerCase(Locale.ROOT);
            for (String scheme : SCHEMES) {
                String prefix = scheme + "://";
                if (lower.startsWith(prefix)) {
                    // The authority ends at the path, query, fragment or end.
                    int end = prefix.length();
                    while (end < target.length() && "/?#".indexOf(target.charAt(end)) < 0) {
                        end++;
                    }
                    return new Absolute(scheme, target.substring(prefix.length(), end), target.substring(end));
                }
            }
            throw new ProtocolException("request target is neither a path nor an http URI");
        }
    }

    private static String percentDecode(String path) throws ProtocolException {
        if (!path.contains("%")) {
            return path;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(path.length());
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c != '%') {
                bytes.write(c);
                continue;
            }
            if (i + 2 >= path.length()) {
                throw new ProtocolException("truncated percent escape");
            }
            int high = Character.digit(path.charAt(i + 1), 16);
            int low = Character.digit(path.charAt(i + 2), 16);
            if (high < 0 || low < 0) {
                throw new ProtocolException("malformed percent escape");
            }
            int b = high * 16 + low;
            if (b == 0) {
                throw new ProtocolException("percent-encoded NUL in request target");
            }
            bytes.write(b);
            i += 2;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new ProtocolException("percent escapes are not valid UTF-8");
        }
    }
}
