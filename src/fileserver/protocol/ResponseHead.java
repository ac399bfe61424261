package fileserver.protocol;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A response status line and header fields, ready to be written in one piece.
 * Field values are the server's own, never echoed from a request, so they need no escaping.
 */
public record ResponseHead(Status status, List<HeaderField> fields) {

    public ResponseHead {
        fields = List.copyOf(fields);
    }

    /** A builder that keeps fields in the order they are added. */
    public static Builder builder(Status status) {
        return new Builder(status);
    }

    /** The head in wire format: {@code HTTP/1.1 200 OK CRLF (name: value CRLF)* CRLF}. */
    public byte[] toBytes() {
        StringBuilder text = new StringBuilder(256);
        text.append("HTTP/1.1 ").append(status.code()).append(' ').append(status.reason()).append("\r\n");
        for (HeaderField field : fields) {
            text.append(field.name()).append(": ").append(field.value()).append("\r\n");
        }
        return text.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Builds a {@link ResponseHead}. */
    public static final class Builder {
        private final Status status;
        private final List<HeaderField> fields = new ArrayList<>();

        private Builder(Status status) {
            this.status = status;
        }

        public Builder header(String name, String value) {
            fields.add(new HeaderField(name, value));
            return this;
        }

        public Builder header(String name, long value) {
            return header(name, Long.toString(value));
        }

        public ResponseHead build() {
            return new ResponseHead(status, fields);
        }
    }
}
