package fileserver.protocol;

import java.net.ProtocolException;
import java.util.ArrayList;
import java.util.List;

/** Turns the header lines of a head (everything after the start line) into {@link Headers}. */
public final class HeaderParser {
    private HeaderParser() {
    }

    /**
     * Parses {@code lines} from index 1 on (index 0 is the start line).
     *
     * @throws ProtocolException for obsolete line folding, whitespace before the colon
     *                           (RFC 9112 section 5.1 says to reject both), a name that
     *                           is not a token, or a control character in a value
     */
    public static Headers parse(List<String> lines) throws ProtocolException {
        List<HeaderField> fields = new ArrayList<>(lines.size());
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.charAt(0) == ' ' || line.charAt(0) == '\t') {
                throw new ProtocolException("obsolete line folding in header section");
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new ProtocolException("header line without a name and colon");
            }
            String name = line.substring(0, colon);
            if (!Syntax.isToken(name)) {
                throw new ProtocolException("invalid header name");
            }
            String value = line.substring(colon + 1).strip();
            for (int j = 0; j < value.length(); j++) {
                if (!Syntax.isFieldValueChar(value.charAt(j))) {
                    throw new ProtocolException("control character in value of " + name);
                }
            }
            fields.add(new HeaderField(name, value));
        }
        return new Headers(fields);
    }
}
