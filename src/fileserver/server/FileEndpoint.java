package fileserver.server;

import fileserver.protocol.Authority;
import fileserver.protocol.ByteRange;
import fileserver.protocol.Headers;
import fileserver.protocol.HttpDates;
import fileserver.protocol.HttpRequest;
import fileserver.protocol.RangeParser;
import fileserver.protocol.RangeSelection;
import fileserver.protocol.ReprDigest;
import fileserver.protocol.RequestTarget;
import fileserver.protocol.ResponseHead;
import fileserver.protocol.Status;
import fileserver.snapshot.FileSnapshot;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.time.Instant;
import java.util.Optional;

/**
 * Decides the response to a request for the one served file. Pure: no I/O, so every
 * decision is unit-testable. A straight run of guard clauses, each returning one reply.
 *
 * <p>For example, given a 10485760-byte bio.txt:
 * <pre>
 * GET /bio.txt HTTP/1.1            HTTP/1.1 206 Partial Content
 * Host: 127.0.0.1:5050             Content-Type: text/plain; charset=utf-8
 * Range: bytes=4200000-            Content-Length: 6285760
 *                                  Content-Range: bytes 4200000-10485759/10485760
 *                                  Accept-Ranges: bytes
 *                                  ETag: "..."   Repr-Digest: sha-256=:...:
 *                                  Last-Modified: ...   Connection: close
 * </pre>
 */
final class FileEndpoint {
    static final String ALLOWED_METHODS = "GET, HEAD";

    private FileEndpoint() {
    }

    /**
     * @param local the address and port the request arrived on: an absolute-form target
     *              ({@code http://host:port/...}) is served only if it names them
     */
    static Reply respond(HttpRequest request, FileSnapshot file, InetSocketAddress local) {
        String path;
        Optional<Authority> authority;
        try {
            path = RequestTarget.path(request.target());
            authority = RequestTarget.authority(request.target());
        } catch (ProtocolException e) {
            return error(Status.BAD_REQUEST, e.getMessage());
        }
        if (authority.isPresent() && !namesThisServer(authority.get(), local)) {
            return error(Status.MISDIRECTED_REQUEST, "this server answers only for its own address and port");
        }
        if (!request.method().equals("GET") && !request.isHead()) {
            return methodNotAllowed();
        }
        if (!path.equals("/") && !path.equals("/" + file.fileName())) {
            return error(Status.NOT_FOUND, "this server serves only /" + file.fileName());
        }
        RangeSelection selection = selectRange(request, file);
        if (selection instanceof RangeSelection.Unsatisfiable) {
            ResponseHead head = fileHeaders(ResponseHead.builder(Status.RANGE_NOT_SATISFIABLE), file)
                    .header("Content-Range", "bytes */" + file.size())
                    .header("Content-Length", 0)
                    .build();
            return new Reply(head, new Reply.Empty());
        }
        if (selection instanceof RangeSelection.Partial partial) {
            ByteRange range = partial.range();
            ResponseHead head = fileHeaders(ResponseHead.builder(Status.PARTIAL_CONTENT), file)
                    .header("Content-Range", range.contentRange(file.size()))
                    .header("Content-Length", range.length())
                    .build();
            return new Reply(head, new Reply.FileRange(file, range));
        }
        ResponseHead head = fileHeaders(ResponseHead.builder(Status.OK), file)
                .header("Content-Length", file.size())
                .build();
        Reply.Body body = file.size() == 0 ? new Reply.Empty() : new Reply.FileRange(file, ByteRange.whole(file.size()));
        return new Reply(head, body);
    }

    /** A plain-text error reply; the text is ours, never the client's. */
    static Reply error(Status status, String text) {
        Reply.Message body = message(status, text);
        return new Reply(errorHead(status, body).build(), body);
    }

    /** A document of ours, such as the status page: never cached, since it changes with every request. */
    static Reply document(String contentType, String text) {
        Reply.Message body = new Reply.Message(text);
        ResponseHead head = common(ResponseHead.builder(Status.OK))
                .header("Content-Type", contentType)
                .header("Content-Length", body.length())
                .header("Cache-Control", "no-store")
                .build();
        return new Reply(head, body);
    }

    /** The 503 sent when every worker is busy; Retry-After tells clients when to come back. */
    static Reply overloaded() {
        Reply.Message body = message(Status.SERVICE_UNAVAILABLE, "all workers are busy, retry shortly");
        return new Reply(errorHead(Status.SERVICE_UNAVAILABLE, body).header("Retry-After", 1).build(), body);
    }

    private static Reply methodNotAllowed() {
        Reply.Message body = message(Status.METHOD_NOT_ALLOWED, "only GET and HEAD are supported");
        return new Reply(errorHead(Status.METHOD_NOT_ALLOWED, body).header("Allow", ALLOWED_METHODS).build(), body);
    }

    private static Reply.Message message(Status status, String text) {
        return new Reply.Message(status + ": " + text + "\n");
    }

    private static ResponseHead.Builder errorHead(Status status, Reply.Message body) {
        return common(ResponseHead.builder(status))
                .header("Content-Type", "text/plain; charset=utf-8")
                .header("Content-Length", body.length());
    }

    /**
     * RFC 9110 section 14.2 and 13.1.5: a Range applies to GET only, and only while the
     * If-Range validator, if any, still matches the current file; otherwise the whole file
     * is sent, which is how a resuming client learns that the file changed. Only an entity
     * tag can match (see {@link #validatorMatches}).
     */
    private static RangeSelection selectRange(HttpRequest request, FileSnapshot file) {
        Headers headers = request.headers();
        Optional<String> range = headers.first("Range");
        // Two Range or two If-Range fields would combine (RFC 9110 section 5.3) into a
        // value of neither's syntax, and a proxy might keep the other one: the whole file
        // is the answer no reading of them can make wrong.
        if (range.isEmpty() || request.isHead() || headers.count("Range") > 1 || headers.count("If-Range") > 1) {
            return new RangeSelection.Whole();
        }
        Optional<String> ifRange = headers.first("If-Range");
        if (ifRange.isPresent() && !validatorMatches(ifRange.get(), file)) {
            return new RangeSelection.Whole();
        }
        return RangeParser.select(range.get(), file.size());
    }

    /**
     * True if an absolute-form target names this server: http, the port the request came
     * in on, and either the address it came in on or {@code localhost} on a loopback
     * address. Host names are not looked up, so any other name counts as another host.
     */
    private static boolean namesThisServer(Authority authority, InetSocketAddress local) {
        if (!authority.scheme().equals("http") || authority.port() != local.getPort()) {
            return false;
        }
        if (authority.host().equals("localhost")) {
            return local.getAddress().isLoopbackAddress();
        }
        return authority.address().map(address -> address.equals(local.getAddress())).orElse(false);
    }

    /**
     * True only for the file's own entity tag: If-Range needs a strong match (RFC 9110
     * section 13.1.5), so a weak tag never matches. Nor does a date, ever. Section 13.1.5
     * would accept a Last-Modified date as strong under the conditions of section 8.8.2.2,
     * but a date has a resolution of one second: a file replaced twice within that second
     * keeps its Last-Modified, and a range of the new version would be spliced onto a copy
     * of the old. Sending the whole file instead costs a resuming client a restart at worst.
     */
    private static boolean validatorMatches(String validator, FileSnapshot file) {
        return validator.startsWith("\"") && validator.equals(file.etag());
    }

    private static ResponseHead.Builder fileHeaders(ResponseHead.Builder head, FileSnapshot file) {
        return common(head)
                .header("Content-Type", contentType(file.fileName()))
                .header("Accept-Ranges", "bytes")
                .header("ETag", file.etag())
                .header(ReprDigest.FIELD, file.reprDigest())
                .header("Last-Modified", HttpDates.format(file.lastModified()));
    }

    private static ResponseHead.Builder common(ResponseHead.Builder head) {
        return head.header("Date", HttpDates.format(Instant.now()))
                .header("Server", "fileserver")
                .header("Connection", "close");
    }

    private static String contentType(String fileName) {
        return fileName.endsWith(".txt") ? "text/plain; charset=utf-8" : "application/octet-stream";
    }
}
