package fileserver.server;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;

/**
 * Formats our own values for log lines: durations and I/O failures. A peer's text goes
 * through {@link fileserver.protocol.PrintableText#forLog} instead.
 */
final class LogText {
    private LogText() {
    }

    /** A duration for a log line: {@code 10 s}, or {@code 0.25 s} when it is not whole seconds. */
    static String seconds(Duration duration) {
        return BigDecimal.valueOf(duration.toMillis(), 3).stripTrailingZeros().toPlainString() + " s";
    }

    /** An I/O failure for a log line: its message, or its type if it has none. */
    static String describe(IOException e) {
        String message = e.getMessage();
        return message == null ? e.getClass().getSimpleName() : message;
    }
}
