/**
 * The parts of an HTTP/1.x response head the load generator acts on. For example
 * <pre>
 * HTTP/1.1 200 OK
 * Content-Length: 1048576
 * </pre>
 * parses to {@code ResponseHead(200, 1048576)}. Other header lines are ignored.
 *
 * @param status        the status code
 * @param contentLength the Content-Length, or -1 if there is none
 */
record ResponseHead(int status, long contentLength) {

    /** Parses {@code head}, the status line and header lines up to and including the blank line. */
    static ResponseHead parse(String head) throws Failure {
        String[] lines = head.split("\r\n");
        String[] statusLine = lines[0].split(" ", 3);
        if (statusLine.length < 2 || !statusLine[0].startsWith("HTTP/1.") || !statusLine[1].matches("[0-9]{3}")) {
            throw new Failure(FailureKind.OTHER, "not an HTTP response");
        }
        long contentLength = -1;
        for (int i = 1; i < lines.length; i++) {
            String value = value(lines[i], "Content-Length");
            if (value != null) {
                try {
                    contentLength = Long.parseLong(value);
                } catch (NumberFormatException e) {
                    throw new Failure(FailureKind.OTHER, "bad Content-Length");
                }
            }
        }
        return new ResponseHead(Integer.parseInt(statusLine[1]), contentLength);
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
