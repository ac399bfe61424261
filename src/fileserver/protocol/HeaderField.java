package fileserver.protocol;

/** One header field line: its name as sent and its value with surrounding whitespace removed. */
public record HeaderField(String name, String value) {
}
