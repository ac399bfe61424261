package fileserver.protocol;

import java.util.List;
import java.util.Optional;

/**
 * The header fields of a request or response head, in the order received.
 * Names compare case-insensitively, as RFC 9110 section 5.1 requires.
 */
public record Headers(List<HeaderField> fields) {

    public Headers {
        fields = List.copyOf(fields);
    }

    /** The value of the first field named {@code name}, if any. */
    public Optional<String> first(String name) {
        for (HeaderField field : fields) {
            if (field.name().equalsIgnoreCase(name)) {
                return Optional.of(field.value());
            }
        }
        return Optional.empty();
    }

    /** How many fields are named {@code name}. */
    public int count(String name) {
        int count = 0;
        for (HeaderField field : fields) {
            if (field.name().equalsIgnoreCase(name)) {
                count++;
            }
        }
        return count;
    }
}
