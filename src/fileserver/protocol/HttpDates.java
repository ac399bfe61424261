package fileserver.protocol;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;

/**
 * The IMF-fixdate format of RFC 9110 section 5.6.7, e.g. {@code Sun, 06 Nov 1994 08:49:37 GMT}.
 * ({@link DateTimeFormatter#RFC_1123_DATE_TIME} is not used: it omits the leading zero of
 * one-digit days, which IMF-fixdate requires.)
 */
public final class HttpDates {
    private static final DateTimeFormatter IMF_FIXDATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

    private HttpDates() {
    }

    public static String format(Instant instant) {
        return IMF_FIXDATE.format(instant);
    }

    /** The instant {@code text} names, or empty if it is not an IMF-fixdate (never throws). */
    public static Optional<Instant> parse(String text) {
        try {
            return Optional.of(Instant.from(IMF_FIXDATE.parse(text)));
        } catch (DateTimeException e) {
            // DateTimeParseException for text that does not match, and its parent for
            // fields that match but do not make an instant: both mean "not a date".
            return Optional.empty();
        }
    }
}
