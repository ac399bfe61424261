/**
 * The parts of an HTTP/1.x response head the load generator acts on. For example
 * <pre>
 * HTTP/1.1 503 Service Unavailable
 * Content-Length: 20
 * Retry-After: 1
 * </pre>
 * parses to {@code ResponseHead(503, 20, 1)}. Other header lines are ignored.
 *
 * @param status            the status code
 * @param contentLength     the Content-Length, or -1 if there is none
 * @param retryAfterSeconds the Retry-After in seconds, or -1 if there is none or it is
 *                          an HTTP date (our server sends seconds; a date gets the default wait)
 */
record ResponseHead(int status, long contentLength, long retryAfterSeconds) {

    /** Parses {@code head}, the status line and header lines up to and including the blank line. */
    static ResponseHead parse(String head) throws Failure {
        String[] lines = head.split("\r\n");
        String[] statusLine = lines[0].split(" ", 3);
        if (statusLine.length < 2 || !statusLine[0].startsWith("HTTP/1.") || !statusLine[1].matches("[0-9]{3}")) {
            throw new Failure(FailureKind.OTHER, "not an HTTP response");
        }
        long contentLength = -1;
        long retryAfter = -1;
        for (int i = 1; i < lines.length; i++) {
            String value = value(lines[i], "Content-Length");
            if (value != null) {
                try {
                    contentLength = Long.parseLong(value);
                } catch (NumberFormatException e) {
                    throw new Failure(FailureKind.OTHER, "bad Content-Length");
                }
            }
            value = value(lines[i], "Retry-After");
            if (value != null && value.matches("[0-9]{1,9}")) {
                retryAfter = Long.parseLong(value);
            }
        }
        return new ResponseHead(Integer.parseInt(statusLine[1]), contentLength, retryAfter);
    }

    /** The value of {@code line} if it is the header {@code name} (any case), else null. */
    private static String value(String line, String name) {
        int colon = line.indexOf(':');
        if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
            return line.substring(colon + 1).trim();
        }
        return null;
    }
}
