package fileserver.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import org.junit.jupiter.params.provider.ValueSource;

class FileEndpointTest {
    private static final Instant MODIFIED = Instant.parse("2024-05-06T07:08:09.500Z");
    private static final FileSnapshot FILE =
            new FileSnapshot("bio.txt", "0123456789".getBytes(StandardCharsets.US_ASCII), MODIFIED);
    private static final InetSocketAddress LOCAL = new InetSocketAddress(InetAddress.getLoopbackAddress(), 5050);

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
        assertEquals(List.of("Date", "Server", "Connection", "Content-Type", "Accept-Ranges", "ETag", "Repr-Digest",
                "Last-Modified", "Content-Length"), names(reply));
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

    @ParameterizedTest
    @ValueSource(strings = {"/", "/bio.txt?x=1", "/bi%6f.txt", "http://127.0.0.1:5050/bio.txt", "http://localhost:5050",
        "HTTP://LOCALHOST:5050/"})
    void servesTheFileUnderEachOfItsNames(String target) {
        assertEquals(Status.OK, get(target).head().status());
    }

    @Test
    void answersHeadLikeGetAndIgnoresItsRange() {
        Reply reply = FileEndpoint.respond(request("HEAD", "/", "Range: bytes=0-1"), FILE, LOCAL);

        assertEquals(Status.OK, reply.head().status());
        assertEquals("10", field(reply, "Content-Length"));
    }

    @Test
    void sendsOneRangeWith206() {
        Reply reply = get("/bio.txt", "Range: bytes=2-4");

        assertEquals(Status.PARTIAL_CONTENT, reply.head().status());
        assertEquals(List.of("Date", "Server", "Connection", "Content-Type", "Accept-Ranges", "ETag", "Repr-Digest",
                "Last-Modified", "Content-Range", "Content-Length"), names(reply));
        assertEquals("bytes 2-4/10", field(reply, "Content-Range"));
        assertEquals("3", field(reply, "Content-Length"));
        assertEquals(new Reply.FileRange(FILE, new ByteRange(2, 4)), reply.body());
    }

    @Test
    void answersARangeBeyondTheEndWith416AndNoBody() {
        Reply reply = get("/bio.txt", "Range: bytes=10-");

        assertEquals(Status.RANGE_NOT_SATISFIABLE, reply.head().status());
        assertEquals(List.of("Date", "Server", "Connection", "Content-Type", "Accept-Ranges", "ETag", "Repr-Digest",
                "Last-Modified", "Content-Range", "Content-Length"), names(reply));
        assertEquals("bytes */10", field(reply, "Content-Range"));
        assertEquals("0", field(reply, "Content-Length"));
        assertEquals(new Reply.Empty(), reply.body());
    }

    /**
     * If-Range value, and whether the range still applies (206) or the whole file is sent
     * (200). Only the current strong entity tag matches; a date never does, not even the
     * file's own Last-Modified (issue 18, finding 6).
     */
    @ParameterizedTest(name = "If-Range: {0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            ETAG                               | 206
            "0000"                             | 200
            W/ETAG                             | 200
            Mon, 06 May 2024 07:08:09 GMT      | 200
            Mon, 06 May 2024 07:08:10 GMT      | 200
            Mon, 06 May 2024 07:08:08 GMT      | 200
            yesterday                          | 200
            """)
    void appliesTheRangeOnlyWhileIfRangeStillMatches(String validator, int status) {
        String value = validator.replace("ETAG", FILE.etag());

        assertEquals(status, get("/bio.txt", "Range: bytes=2-4", "If-Range: " + value).head().status().code());
    }

    /** Two Range or two If-Range fields: whichever one a proxy kept, the whole file is never wrong. */
    @ParameterizedTest(name = "{0} -> the whole file")
    @ValueSource(strings = {
        "Range: bytes=2-4; Range: bytes=2-4",
        "Range: bytes=2-4; Range: bytes=5-6",
        "Range: bytes=2-4; If-Range: ETAG; If-Range: ETAG",
        "Range: bytes=2-4; If-Range: ETAG; If-Range: \"0000\"",
    })
    void aRepeatedRangeOrIfRangeGetsTheWholeFile(String fields) {
        Reply reply = get("/bio.txt", fields.replace("ETAG", FILE.etag()).split("; "));

        assertEquals(Status.OK, reply.head().status());
        assertEquals(new Reply.FileRange(FILE, ByteRange.whole(10)), reply.body());
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
    void refusesOtherMethodsWith405AndSaysWhichAreAllowed() {
        Reply reply = FileEndpoint.respond(request("POST", "/bio.txt"), FILE, LOCAL);

        assertEquals(Status.METHOD_NOT_ALLOWED, reply.head().status());
        assertEquals("GET, HEAD", field(reply, "Allow"));
        assertEquals(new Reply.Message("405 Method Not Allowed: only GET and HEAD are supported\n"), reply.body());
        assertEquals(List.of("Date", "Server", "Connection", "Content-Type", "Content-Length", "Allow"), names(reply));
        assertEquals("text/plain; charset=utf-8", field(reply, "Content-Type"));
        assertEquals("56", field(reply, "Content-Length"));
    }

    @Test
    void refusesMethodsCaseSensitively() {
        assertEquals(Status.METHOD_NOT_ALLOWED, FileEndpoint.respond(request("get", "/"), FILE, LOCAL).head().status());
    }

    @Test
    void answers404ForAnyOtherPath() {
        Reply reply = get("/other.txt");

        assertEquals(Status.NOT_FOUND, reply.head().status());
        assertEquals(new Reply.Message("404 Not Found: this server serves only /bio.txt\n"), reply.body());
    }

    @Test
    void answers400ForATargetItCannotDecode() {
        Reply reply = get("/%zz");

        assertEquals(Status.BAD_REQUEST, reply.head().status());
        assertEquals(new Reply.Message("400 Bad Request: malformed percent escape\n"), reply.body());
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:5051/bio.txt", "https://127.0.0.1:5050/bio.txt", "http://example.com:5050/",
        "http://127.0.0.2:5050/", "http://[::1]:5050/", "http://127.0.0.1/bio.txt"})
    void answers421ForAnAbsoluteTargetNamingAnotherServer(String target) {
        Reply reply = get(target);

        assertEquals(Status.MISDIRECTED_REQUEST, reply.head().status());
        assertEquals(new Reply.Message("421 Misdirected Request: this server answers only for its own address and port\n"),
                reply.body());
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
}
