package fileserver.server;

import java.math.BigDecimal;
import java.time.Duration;

/**
 * Makes client-supplied text safe to put in a log line (one line, bounded, printable),
 * and formats durations for log lines.
 */
final class LogText {
    static final int MAX_LENGTH = 200;

    private LogText() {
    }

    /**
     * Escapes every character outside printable ASCII as {@code \xHH} (or {@code \\uHHHH}),
     * so a client cannot forge log lines with CR/LF, and cuts the result at
     * {@link #MAX_LENGTH} characters, saying how many were left out.
     */
    static String sanitize(String text) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_LENGTH) + 16);
        int i = 0;
        for (; i < text.length() && out.length() < MAX_LENGTH; i++) {
            char c = text.charAt(i);
            if (c >= 0x20 && c < 0x7f && c != '\\') {
                out.append(c);
            } else if (c == '\\') {
                out.append("\\\\");
            } else if (c <= 0xff) {
                out.append("\\x").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 0xf, 16));
            } else {
                out.append("\\u").append(String.format("%04x", (int) c));
            }
        }
        if (i < text.length()) {
            out.append("...(").append(text.length() - i).append(" more)");
        }
        return out.toString();
    }

    /** A duration for a log line: {@code 10 s}, or {@code 0.25 s} when it is not whole seconds. */
    static String seconds(Duration duration) {
        return BigDecimal.valueOf(duration.toMillis(), 3).stripTrailingZeros().toPlainString() + " s";
    }
}
