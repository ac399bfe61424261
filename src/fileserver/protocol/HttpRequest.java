package fileserver.protocol;

/**
 * A parsed request head.
 *
 * @param method  the method token, case preserved (methods are case-sensitive)
 * @param target  the request target exactly as sent
 * @param version {@code HTTP/1.1} or {@code HTTP/1.0}
 * @param headers the header fields
 */
public record HttpRequest(String method, String target, String version, Headers headers) {

    public boolean isHead() {
        return method.equals("HEAD");
    }

    /**
     * The client's self-chosen id from {@code X-Client-Id}, or "-" when there is none or
     * it is empty, so that the log always has a word to show.
     */
    public String clientId() {
        return headers.first("X-Client-Id").filter(id -> !id.isEmpty()).orElse("-");
    }
}
