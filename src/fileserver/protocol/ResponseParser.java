package fileserver.protocol;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Reads and validates an HTTP/1.x response head (RFC 9112 sections 4 and 5); the mirror
 * of {@link RequestParser}, for the client and for tests that play one.
 */
public final class ResponseParser {
    private static final byte[] HTTP_PREFIX = "HTTP/".getBytes(StandardCharsets.US_ASCII);
    /** How much of a reply that is not HTTP the exception shows. */
    private static final int SHOWN_BYTES = 24;

    private ResponseParser() {
    }

    /**
     * Reads one response head from {@code in}, leaving the body unread.
     *
     * @param in a stream that supports {@link InputStream#mark mark}, such as a
     *           {@link java.io.BufferedInputStream}
     * @throws ProtocolException for a reply that does not start with {@code HTTP/} (its
     *                           message quotes the first bytes, e.g. {@code it starts with
     *                           "SSH-2.0-OpenSSH_9.6\x0d\x0a"}), a malformed status line, or
     *                           any other malformed head (see {@link HeadReader})
     */
    public static HttpResponse read(InputStream in, int maxHeadBytes) throws IOException {
        checkStartsLikeHttp(in);
        return parse(HeadReader.read(in, maxHeadBytes));
    }

    /**
     * Reads the final response's head, skipping any interim (1xx) responses before it: a
     * client must parse them even when it expected none (RFC 9110 section 15.2), since a
     * server may send {@code 100 Continue} or {@code 103 Early Hints} unasked. An interim
     * response has no body, so the next head follows its blank line. {@code 101 Switching
     * Protocols} ends HTTP on the connection, so it is returned as final, for the caller to
     * refuse unless it asked for an upgrade.
     *
     * @param maxInterimBytes the most bytes the interim heads may take together, so that a
     *                        server cannot keep a client reading them forever
     * @throws ProtocolException also when the interim heads take more than {@code maxInterimBytes}
     */
    public static HttpResponse readFinal(InputStream in, int maxHeadBytes, int maxInterimBytes) throws IOException {
        CountingStream counted = new CountingStream(in);
        while (true) {
            HttpResponse response = read(counted, maxHeadBytes);
            if (response.code() / 100 != 1 || response.code() == 101) {
                return response;
            }
            if (counted.count > maxInterimBytes) {
                throw new ProtocolException("more than " + maxInterimBytes + " bytes of interim (1xx) responses");
            }
        }
    }

    /** Parses the lines of a response head, as returned by {@link HeadReader#read}. */
    public static HttpResponse parse(List<String> lines) throws ProtocolException {
        return new HttpResponse(StatusLine.parse(lines.get(0)), HeaderParser.parse(lines));
    }

    /**
     * Fails at once if the first bytes are not {@code HTTP/}: a server of another protocol
     * (SSH, SMTP, a TLS-only port) often sends a banner and then waits, and should be named
     * for what it is, not for a timeout or a close. Consumes nothing.
     */
    private static void checkStartsLikeHttp(InputStream in) throws IOException {
        if (!in.markSupported()) {
            throw new IllegalArgumentException("the stream must support mark, as a BufferedInputStream does");
        }
        in.mark(HTTP_PREFIX.length + SHOWN_BYTES);
        for (int i = 0; i < HTTP_PREFIX.length; i++) {
            int b = in.read();
            if (b < 0) {
                break; // HeadReader reports the close
            }
            if (b != HTTP_PREFIX[i]) {
                in.reset();
                // What has arrived is shown; reading only what is available never blocks.
                byte[] start = in.readNBytes(Math.max(i + 1, Math.min(SHOWN_BYTES, in.available())));
                throw new ProtocolException("it starts with \""
                        + PrintableText.quoted(new String(start, StandardCharsets.ISO_8859_1)) + "\"");
            }
        }
        in.reset();
    }

    /** Counts the bytes read through it; a {@code reset} takes back those read since the {@code mark}. */
    private static final class CountingStream extends FilterInputStream {
        private long count;
        private long countAtMark;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            count += b < 0 ? 0 : 1;
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            count += Math.max(0, n);
            return n;
        }

        @Override
        public synchronized void mark(int readLimit) {
            super.mark(readLimit);
            countAtMark = count;
        }

        @Override
        public synchronized void reset() throws IOException {
            super.reset();
            count = countAtMark;
        }
    }
}
