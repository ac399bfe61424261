package fileserver.robustness;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * Random requests for the fuzz test: pure noise, valid requests assembled from good and
 * bad parts, and such requests with bytes flipped, inserted, deleted and repeated. All
 * randomness comes from the {@link Random} passed in, so a seed reproduces a request.
 */
final class RequestGenerator {
    private static final String[] METHODS = {"GET", "GET", "GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS",
        "get", "G(T", "", "PRI", "CONNECT", "TRACE", "BREW"};
    private static final String[] TARGETS = {"/bio.txt", "/bio.txt", "/", "/bio.txt?x=1", "/../etc/passwd",
        "/%2e%2e/", "//etc/passwd", "/bi%6F.txt", "/%", "/%zz", "/%00", "/%C3", "*", "http://127.0.0.1/bio.txt",
        "http://example.com/bio.txt", "bio.txt", "/bio.txt#x", "/caf\u00e9", "/" + "a".repeat(300), ""};
    private static final String[] VERSIONS = {"HTTP/1.1", "HTTP/1.1", "HTTP/1.0", "HTTP/0.9", "HTTP/2.0",
        "HTTP/1.2", "http/1.1", "HTTP/1.x", "HTTP/1.1 ", "", "HTTP/11"};
    private static final String[] RANGES = {"bytes=0-", "bytes=5-9", "bytes=-10", "bytes=-0", "bytes=5-3",
        "bytes=abc", "bytes=19999-", "bytes=20000-", "bytes=0-1,5-6", "items=0-5", "bytes=99999999999999999999-",
        "bytes=-99999999999999999999", "bytes=", "bytes", "=", "bytes=1-2-3", "bytes= 1 - 2"};
    private static final String[] OTHER_HEADERS = {"Accept: */*", "Connection: close", "Connection: keep-alive",
        "If-Range: \"00000000000000000000000000000000\"", "If-Range: Sun, 06 Nov 1994 08:49:37 GMT",
        "If-Range: Mon, 06 Nov 1994 08:49:37 GMT", "If-Range: W/\"x\"", "If-Range: garbage",
        "Transfer-Encoding: chunked", "Content-Length: 5", "Content-Length: -1", "Expect: 100-continue",
        "X-Client-Id: fuzz", "X-Client-Id: \u0085\u00ff", "Host: b", " folded", "NoColon", ": empty name",
        "Bad Name: x", "X: \u0001", "Upgrade: h2c"};
    private static final byte[] SPECIAL = {0, '\r', '\n', ' ', ':', '%', '/', '=', '-', ',', (byte) 0x85, (byte) 0xff,
        0x16, 0x03, '\t', '"'};

    private RequestGenerator() {
    }

    static byte[] next(Random random) {
        return switch (random.nextInt(10)) {
            case 0 -> noise(random);
            case 1, 2, 3 -> assemble(random).getBytes(StandardCharsets.ISO_8859_1);
            default -> mutate(assemble(random).getBytes(StandardCharsets.ISO_8859_1), random);
        };
    }

    private static byte[] noise(Random random) {
        byte[] bytes = new byte[random.nextInt(random.nextBoolean() ? 64 : 12_000)];
        random.nextBytes(bytes);
        if (random.nextBoolean()) {
            // Printable noise has no NUL to give it away quickly.
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = (byte) (0x21 + (bytes[i] & 0x3f));
            }
        }
        return bytes;
    }

    private static String assemble(Random random) {
        String eol = random.nextInt(8) == 0 ? "\n" : "\r\n";
        StringBuilder request = new StringBuilder(256)
                .append(pick(METHODS, random, "GET")).append(' ')
                .append(pick(TARGETS, random, "/bio.txt")).append(' ')
                .append(pick(VERSIONS, random, "HTTP/1.1")).append(eol);
        if (random.nextInt(10) != 0) {
            request.append("Host: 127.0.0.1").append(eol);
        }
        if (random.nextInt(3) == 0) {
            request.append("Range: ").append(pick(RANGES, random, "bytes=0-")).append(eol);
        }
        for (int i = random.nextInt(4); i > 0; i--) {
            request.append(OTHER_HEADERS[random.nextInt(OTHER_HEADERS.length)]).append(eol);
        }
        if (random.nextInt(30) == 0) {
            request.append("X-Pad: ").append("p".repeat(9000)).append(eol);
        }
        return request.append(eol).toString();
    }

    /** Three times in four the "good" value, else any value of the list. */
    private static String pick(String[] values, Random random, String good) {
        return random.nextInt(4) != 0 ? good : values[random.nextInt(values.length)];
    }

    private static byte[] mutate(byte[] request, Random random) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(request.length + 16);
        out.writeBytes(request);
        for (int i = 1 + random.nextInt(3); i > 0; i--) {
            byte[] bytes = out.toByteArray();
            out.reset();
            int at = bytes.length == 0 ? 0 : random.nextInt(bytes.length);
            switch (random.nextInt(5)) {
                case 0 -> { // flip a byte
                    if (bytes.length > 0) {
                        bytes[at] ^= (byte) (1 << random.nextInt(8));
                    }
                    out.writeBytes(bytes);
                }
                case 1 -> { // insert a special byte
                    out.write(bytes, 0, at);
                    out.write(SPECIAL[random.nextInt(SPECIAL.length)]);
                    out.write(bytes, at, bytes.length - at);
                }
                case 2 -> { // delete a stretch
                    int length = Math.min(bytes.length - at, 1 + random.nextInt(8));
                    out.write(bytes, 0, at);
                    out.write(bytes, at + length, bytes.length - at - length);
                }
                case 3 -> { // repeat a stretch
                    int length = Math.min(bytes.length - at, 1 + random.nextInt(40));
                    out.write(bytes, 0, at + length);
                    out.write(bytes, at, bytes.length - at);
                }
                default -> out.write(bytes, 0, at); // cut the request short
            }
        }
        return out.toByteArray();
    }
}
