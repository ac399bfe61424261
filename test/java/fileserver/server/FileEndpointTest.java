package fileserver.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fileserver.protocol.ByteRange;
import fileserver.protocol.HeaderField;
import fileserver.protocol.Headers;
import fileserver.protocol.HttpDates;
import fileserver.protocol.HttpRequest;
import fileserver.protocol.Status;
import fileserver.snapshot.FileSnapshot;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every decision FileEndpoint makes, as tables of named behaviours: which requests get the
 * file and which get 400, 404, 405 or 421; which Range and If-Range fields get 206, 416 or
 * the whole file; what HEAD gets. What each status looks like on the wire is
 * FileServerTest's job, once per status.
 */
class FileEndpointTest {
    private static final Instant MODIFIED = Instant.parse("2024-05-06T07:08:09.500Z");
    private static final FileSnapshot FILE =
            new FileSnapshot("bio.txt", "0123456789".getBytes(StandardCharsets.US_ASCII), MODIFIED);
    private static final InetSocketAddress LOCAL = new InetSocketAddress(InetAddress.getLoopbackAddress(), 5050);
    /** The fields of every reply that carries the file or a part of it, in order, before its Content-Length. */
    private static final List<String> FILE_FIELDS = List.of("Date", "Server", "Connection", "Content-Type",
            "Accept-Ranges", "ETag", "Repr-Digest", "Last-Modified");

    /** A request with header fields given as "Name: value". */
    private static HttpRequest request(String method, String target, String... fields) {
        List<HeaderField> list = new ArrayList<>();
        for (String field : fields) {
            String[] parts = field.split(": ", 2);
            list.add(new HeaderField(parts[0], parts[1]));
        }
        return new HttpRequest(method, target, "HTTP/1.1", new Headers(list));
    }

    private static Reply get(String target, String... fields) {
        return FileEndpoint.respond(request("GET", target, fields), FILE, LOCAL);
    }

    private static String field(Reply reply, String name) {
        return new Headers(reply.head().fields()).first(name).orElse(null);
    }

    private static List<String> names(Reply reply) {
        return reply.head().fields().stream().map(HeaderField::name).toList();
    }

    @Test
    void servesTheWholeFileWithItsValidatorsAndDigest() {
        Reply reply = get("/bio.txt");

        assertEquals(Status.OK, reply.head().status());
        assertEquals(plus(FILE_FIELDS, "Content-Length"), names(reply));
        assertTrue(HttpDates.parse(field(reply, "Date")).isPresent(), field(reply, "Date"));
        assertEquals("fileserver", field(reply, "Server"));
        assertEquals("close", field(reply, "Connection"));
        assertEquals("text/plain; charset=utf-8", field(reply, "Content-Type"));
        assertEquals("bytes", field(reply, "Accept-Ranges"));
        assertEquals(FILE.etag(), field(reply, "ETag"));
        assertEquals(FILE.reprDigest(), field(reply, "Repr-Digest"));
        assertEquals("Mon, 06 May 2024 07:08:09 GMT", field(reply, "Last-Modified"));
        assertEquals("10", field(reply, "Content-Length"));
        assertEquals(new Reply.FileRange(FILE, new ByteRange(0, 9)), reply.body());
    }

    /**
     * Method and target, and the status: the file (200) under its two names however
     * spelled, 400 for a target that cannot be decoded, 421 for another server, 405 for
     * any method but GET and HEAD (before the path is looked at), 404 for any other path.
     * Dot segments are never resolved: no path that escapes can name the file.
     */
    @ParameterizedTest(name = "{0}: {1} {2} -> {3}")
    @CsvSource(delimiter = '|', textBlock = """
            the file by its name                     | GET  | /bio.txt                              | 200
            the file at /                            | GET  | /                                     | 200
            a query is ignored                       | GET  | /bio.txt?x=1                          | 200
            a query that looks like a path           | GET  | /bio.txt?../../etc/passwd             | 200
            an escaped letter                        | GET  | /bi%6f.txt                            | 200
            an escaped letter, upper-case hex        | GET  | /bi%6F.txt                            | 200
            this address and port                    | GET  | http://127.0.0.1:5050/bio.txt         | 200
            localhost on a loopback address          | GET  | http://localhost:5050                 | 200
            scheme and host in upper case            | GET  | HTTP://LOCALHOST:5050/                | 200
            HEAD                                     | HEAD | /bio.txt                              | 200
            a malformed escape                       | GET  | /%zz                                  | 400
            an escaped NUL                           | GET  | /bio.txt%00                           | 400
            a fragment                               | GET  | /bio.txt#top                          | 400
            backslashes                              | GET  | \\..\\etc\\passwd                     | 400
            userinfo                                 | GET  | http://user@127.0.0.1:5050/bio.txt    | 400
            a port out of range                      | GET  | http://127.0.0.1:99999/bio.txt        | 400
            another port                             | GET  | http://127.0.0.1:5051/bio.txt         | 421
            https                                    | GET  | https://127.0.0.1:5050/bio.txt        | 421
            a host name                              | GET  | http://example.com:5050/              | 421
            another address                          | GET  | http://127.0.0.2:5050/                | 421
            another address family                   | GET  | http://[::1]:5050/                    | 421
            no port, so port 80                      | GET  | http://127.0.0.1/bio.txt              | 421
            POST                                     | POST | /bio.txt                              | 405
            an unknown method                        | BREW | /bio.txt                              | 405
            a method in lower case                   | get  | /                                     | 405
            another method on another path           | PUT  | /other.txt                            | 405
            another file                             | GET  | /other.txt                            | 404
            the name in upper case                   | GET  | /BIO.TXT                              | 404
            a parameter after the name               | GET  | /bio.txt;.jpg                         | 404
            a trailing slash                         | GET  | /bio.txt/                             | 404
            a dot segment before the name            | GET  | /./bio.txt                            | 404
            a dot-dot segment before the name        | GET  | /../bio.txt                           | 404
            a dot-dot segment after the name         | GET  | /bio.txt/../../etc/passwd             | 404
            dot-dot to /etc/passwd                   | GET  | /../etc/passwd                        | 404
            escaped dot-dot segments                 | GET  | /%2e%2e/%2e%2e/etc/passwd             | 404
            an escaped dot-dot alone                 | GET  | /%2e%2e/                              | 404
            an empty first segment                   | GET  | //bio.txt                             | 404
            an empty first segment to /etc/passwd    | GET  | //etc/passwd                          | 404
            the asterisk form                        | GET  | *                                     | 404
            """)
    void answersEachMethodAndTargetAsTheTableSays(String behaviour, String method, String target, int status) {
        Reply reply = FileEndpoint.respond(request(method, target), FILE, LOCAL);

        assertEquals(status, reply.head().status().code());
        if (status == 200) {
            assertEquals(new Reply.FileRange(FILE, ByteRange.whole(10)), reply.body());
        } else {
            String text = assertInstanceOf(Reply.Message.class, reply.body()).text();
            assertTrue(text.startsWith(reply.head().status() + ": "), text);
        }
    }

    /** What each refusal says, from the endpoint's own words, never the client's. */
    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            GET  | /%zz                          | 400 Bad Request: malformed percent escape
            GET  | http://127.0.0.1:5051/bio.txt | 421 Misdirected Request: this server answers only for its own address and port
            POST | /bio.txt                      | 405 Method Not Allowed: only GET and HEAD are supported
            GET  | /other.txt                    | 404 Not Found: this server serves only /bio.txt
            """)
    void eachRefusalSaysWhy(String method, String target, String text) {
        assertEquals(new Reply.Message(text + "\n"), FileEndpoint.respond(request(method, target), FILE, LOCAL).body());
    }

    @Test
    void refusesOtherMethodsWith405AndSaysWhichAreAllowed() {
        Reply reply = FileEndpoint.respond(request("POST", "/bio.txt"), FILE, LOCAL);

        assertEquals(Status.METHOD_NOT_ALLOWED, reply.head().status());
        assertEquals(List.of("Date", "Server", "Connection", "Content-Type", "Content-Length", "Allow"), names(reply));
        assertEquals("GET, HEAD", field(reply, "Allow"));
        assertEquals("text/plain; charset=utf-8", field(reply, "Content-Type"));
        assertEquals("56", field(reply, "Content-Length"));
    }

    /**
     * The fields of a GET of the 10-byte file ("; " between two), then the status,
     * Content-Range ("-": none) and the bytes sent ("-": none). A Range applies only while
     * If-Range, if any, is the file's current strong entity tag: a date never matches, not
     * even the file's own Last-Modified (issue 18, finding 6). Two Range or two If-Range
     * fields get the whole file, which no reading of them can make wrong.
     */
    @ParameterizedTest(name = "{0}: {1} -> {2}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            no Range                                | -                                      | 200 | -            | 0-9
            a closed range                          | Range: bytes=2-4                       | 206 | bytes 2-4/10 | 2-4
            an open range                           | Range: bytes=7-                        | 206 | bytes 7-9/10 | 7-9
            a suffix                                | Range: bytes=-3                        | 206 | bytes 7-9/10 | 7-9
            the first byte                          | Range: bytes=0-0                       | 206 | bytes 0-0/10 | 0-0
            the last byte                           | Range: bytes=9-                        | 206 | bytes 9-9/10 | 9-9
            an end past the file, cut to it         | Range: bytes=0-99999999999999999999999 | 206 | bytes 0-9/10 | 0-9
            a suffix longer than the file           | Range: bytes=-99999999999999999999999  | 206 | bytes 0-9/10 | 0-9
            a start at the end                      | Range: bytes=10-                       | 416 | bytes */10   | -
            a start past the end                    | Range: bytes=100000-200000             | 416 | bytes */10   | -
            a start of 23 digits                    | Range: bytes=99999999999999999999999-  | 416 | bytes */10   | -
            the last byte before the first          | Range: bytes=5-3                       | 416 | bytes */10   | -
            an empty suffix                         | Range: bytes=-0                        | 416 | bytes */10   | -
            no numbers                              | Range: bytes=-                         | 416 | bytes */10   | -
            not a number                            | Range: bytes=abc                       | 416 | bytes */10   | -
            two ranges                              | Range: bytes=0-1,5-6                   | 200 | -            | 0-9
            two overlapping ranges                  | Range: bytes=0-0,-1                    | 200 | -            | 0-9
            another unit                            | Range: items=0-5                       | 200 | -            | 0-9
            If-Range with the current entity tag    | Range: bytes=2-4; If-Range: ETAG       | 206 | bytes 2-4/10 | 2-4
            If-Range with another entity tag        | Range: bytes=2-4; If-Range: "0000"     | 200 | -            | 0-9
            If-Range with the tag made weak         | Range: bytes=2-4; If-Range: W/ETAG     | 200 | -            | 0-9
            If-Range with the Last-Modified date    | Range: bytes=2-4; If-Range: Mon, 06 May 2024 07:08:09 GMT | 200 | - | 0-9
            If-Range with a later date              | Range: bytes=2-4; If-Range: Mon, 06 May 2024 07:08:10 GMT | 200 | - | 0-9
            If-Range with an earlier date           | Range: bytes=2-4; If-Range: Mon, 06 May 2024 07:08:08 GMT | 200 | - | 0-9
            If-Range with the date in RFC 850 form  | Range: bytes=2-4; If-Range: Monday, 06-May-24 07:08:09 GMT | 200 | - | 0-9
            If-Range with the date in asctime form  | Range: bytes=2-4; If-Range: Mon May  6 07:08:09 2024 | 200 | - | 0-9
            If-Range that is no validator           | Range: bytes=2-4; If-Range: yesterday  | 200 | -            | 0-9
            If-Range without Range                  | If-Range: ETAG                         | 200 | -            | 0-9
            the same Range twice                    | Range: bytes=2-4; Range: bytes=2-4     | 200 | -            | 0-9
            two different Ranges                    | Range: bytes=2-4; Range: bytes=5-6     | 200 | -            | 0-9
            the same If-Range twice                 | Range: bytes=2-4; If-Range: ETAG; If-Range: ETAG | 200 | - | 0-9
            two different If-Ranges                 | Range: bytes=2-4; If-Range: ETAG; If-Range: "0000" | 200 | - | 0-9
            """)
    void answersEachRangeAsTheTableSays(String behaviour, String fields, int status, String contentRange,
                                        String bytes) {
        Reply reply = fields == null ? get("/bio.txt") : get("/bio.txt", fields.replace("ETAG", FILE.etag()).split("; "));

        assertEquals(status, reply.head().status().code());
        List<String> expected = contentRange == null ? FILE_FIELDS : plus(FILE_FIELDS, "Content-Range");
        assertEquals(plus(expected, "Content-Length"), names(reply));
        assertEquals(contentRange, field(reply, "Content-Range"));
        if (bytes == null) {
            assertEquals("0", field(reply, "Content-Length"));
            assertEquals(new Reply.Empty(), reply.body());
        } else {
            String[] ends = bytes.split("-");
            ByteRange range = new ByteRange(Long.parseLong(ends[0]), Long.parseLong(ends[1]));
            assertEquals(Long.toString(range.length()), field(reply, "Content-Length"));
            assertEquals(new Reply.FileRange(FILE, range), reply.body());
        }
    }

    /**
     * The splice of issue 18, finding 6: the file changed twice within one second, so its
     * new version has the Last-Modified of the old. A client holding the first 5 bytes of
     * the old version must get the whole new one, never its bytes from 5 on.
     */
    @Test
    void neverSplicesTwoVersionsThatShareTheirLastModifiedSecond() {
        FileSnapshot older = new FileSnapshot("bio.txt", "AAAAAAAAAA".getBytes(StandardCharsets.US_ASCII),
                MODIFIED.minusMillis(400));
        String lastModified = field(FileEndpoint.respond(request("GET", "/bio.txt"), older, LOCAL), "Last-Modified");
        assertEquals(lastModified, field(get("/bio.txt"), "Last-Modified"), "both versions show the same second");

        Reply reply = get("/bio.txt", "Range: bytes=5-", "If-Range: " + lastModified);

        assertEquals(Status.OK, reply.head().status());
        assertEquals(new Reply.FileRange(FILE, ByteRange.whole(10)), reply.body());
    }

    /** HEAD gets GET's head, whatever its Range; the body it names is not sent (ConnectionHandler). */
    @Test
    void answersHeadWithTheHeadOfGetAndIgnoresItsRange() {
        Reply head = FileEndpoint.respond(request("HEAD", "/bio.txt", "Range: bytes=0-1", "If-Range: " + FILE.etag()),
                FILE, LOCAL);
        Reply get = get("/bio.txt");

        assertEquals(Status.OK, head.head().status());
        assertEquals(names(get), names(head));
        for (String name : names(get)) {
            if (!name.equals("Date")) {
                assertEquals(field(get, name), field(head, name), name);
            }
        }
        assertEquals(get.body(), head.body());
    }

    @Test
    void sendsAnEmptyFileWithoutABody() {
        FileSnapshot empty = new FileSnapshot("empty.bin", new byte[0], MODIFIED);

        Reply reply = FileEndpoint.respond(request("GET", "/empty.bin"), empty, LOCAL);

        assertEquals(Status.OK, reply.head().status());
        assertEquals("0", field(reply, "Content-Length"));
        assertEquals("application/octet-stream", field(reply, "Content-Type"));
        assertEquals(new Reply.Empty(), reply.body());
    }

    @Test
    void takesLocalhostForItselfOnlyOnALoopbackAddress() throws UnknownHostException {
        InetSocketAddress public80 = new InetSocketAddress(InetAddress.getByAddress(new byte[] {(byte) 192, 0, 2, 1}), 80);

        assertEquals(Status.MISDIRECTED_REQUEST,
                FileEndpoint.respond(request("GET", "http://localhost/"), FILE, public80).head().status());
        assertEquals(Status.OK, FileEndpoint.respond(request("GET", "http://192.0.2.1/"), FILE, public80).head().status());
    }

    @Test
    void tellsBusyClientsWhenToComeBack() {
        Reply reply = FileEndpoint.overloaded();

        assertEquals(Status.SERVICE_UNAVAILABLE, reply.head().status());
        assertEquals("1", field(reply, "Retry-After"));
        assertEquals(new Reply.Message("503 Service Unavailable: all workers are busy, retry shortly\n"), reply.body());
        assertEquals(List.of("Date", "Server", "Connection", "Content-Type", "Content-Length", "Retry-After"), names(reply));
    }

    @Test
    void errorRepliesCarryTheirTextAndItsLength() {
        Reply reply = FileEndpoint.error(Status.REQUEST_TIMEOUT, "too slow \u00e9");

        assertEquals(Status.REQUEST_TIMEOUT, reply.head().status());
        assertEquals(new Reply.Message("408 Request Timeout: too slow \u00e9\n"), reply.body());
        assertEquals("33", field(reply, "Content-Length"));
        assertEquals("text/plain; charset=utf-8", field(reply, "Content-Type"));
    }

    private static List<String> plus(List<String> names, String name) {
        List<String> all = new ArrayList<>(names);
        all.add(name);
        return all;
    }
}
