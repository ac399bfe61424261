package fileserver.server;

import java.math.BigDecimal;
import java.time.Duration;

/** Formats durations for log lines; a peer's text goes through {@link fileserver.protocol.PrintableText#forLog}. */
final class LogText {
    private LogText() {
    }

    /** A duration for a log line: {@code 10 s}, or {@code 0.25 s} when it is not whole seconds. */
    static String seconds(Duration duration) {
        return BigDecimal.valueOf(duration.toMillis(), 3).stripTrailingZeros().toPlainString() + " s";
    }
}
