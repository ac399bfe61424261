package fileserver.protocol;

/**
 * Text a peer sent, made fit to show on one line of a log or a message: printable ASCII
 * stays as it is, every other character becomes {@code \xHH} ({@code \\uHHHH} above
 * U+00FF). So a client cannot forge a log line with CR LF, nor a server paint the user's
 * terminal with escape sequences.
 *
 * <p>Three uses, three small differences. A log line keeps a peer's text short, doubles
 * its backslashes (so {@code \x0d} typed by a client cannot pass for an escape) and
 * escapes the double quote, so that text between quotes in a log line cannot end early
 * ({@link #forLog}); a word of a log line, which ends at the next space, has its spaces
 * escaped as well ({@link #forLogWord}). Either way a log line splits into the same
 * fields whatever the peer sent. A message that shows a peer's text between double quotes
 * escapes the quote and the backslash ({@link #quoted}).
 */
public final class PrintableText {
    /** The most characters of a peer's text that {@link #forLog} keeps. */
    public static final int LOG_MAX_LENGTH = 200;

    private PrintableText() {
    }

    /**
     * {@code text} for a log line, between double quotes: escaped, the double quote too,
     * backslashes doubled, and cut at {@link #LOG_MAX_LENGTH} characters with a note of
     * how many were left out, e.g. {@code evil\x0d\x0a\x22...(6800 more)}.
     */
    public static String forLog(String text) {
        return forLog(text, false);
    }

    /**
     * {@code text} for a word of a log line, such as the client's id: as {@link #forLog},
     * and a space becomes {@code \x20}, in the note of a cut too
     * ({@code ...(6800\x20more)}), so that the word ends where the log line says.
     */
    public static String forLogWord(String text) {
        return forLog(text, true);
    }

    private static String forLog(String text, boolean escapeSpace) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), LOG_MAX_LENGTH) + 16);
        int i = 0;
        for (; i < text.length() && out.length() < LOG_MAX_LENGTH; i++) {
            char c = text.charAt(i);
            if (c == '\\') {
                out.append("\\\\");
            } else if (c == '"' || (c == ' ' && escapeSpace)) {
                appendHex(out, c);
            } else {
                appendEscaped(out, c);
            }
        }
        if (i < text.length()) {
            out.append("...(").append(text.length() - i).append(escapeSpace ? "\\x20" : " ").append("more)");
        }
        return out.toString();
    }

    /**
     * {@code text} (one char per byte, as ISO-8859-1 decodes it) for a message that shows
     * it between double quotes: escaped, the quote and the backslash too, and never cut,
     * e.g. {@code SSH-2.0-OpenSSH_9.6\x0d\x0a}.
     */
    public static String quoted(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                appendHex(out, c);
            } else {
                appendEscaped(out, c);
            }
        }
        return out.toString();
    }

    private static void appendEscaped(StringBuilder out, char c) {
        if (c >= 0x20 && c < 0x7f) {
            out.append(c);
        } else {
            appendHex(out, c);
        }
    }

    private static void appendHex(StringBuilder out, char c) {
        if (c <= 0xff) {
            out.append("\\x").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 0xf, 16));
        } else {
            out.append("\\u").append(String.format("%04x", (int) c));
        }
    }
}
