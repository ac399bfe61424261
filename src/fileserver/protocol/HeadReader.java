package fileserver.protocol;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ProtocolException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the head of an HTTP/1.1 message (start line and header lines, up to the blank
 * line) from a stream, one byte at a time so that nothing after the head is consumed;
 * callers pass a {@link java.io.BufferedInputStream} to keep that cheap.
 *
 * <p>Lines end in CRLF or, leniently (RFC 9112 section 2.2), a bare LF. A bare CR, a NUL
 * byte or a head longer than the limit is rejected, because each is either garbage or an
 * attempt to make two parsers disagree about where a line ends.
 */
public final class HeadReader {
    private HeadReader() {
    }

    /**
     * Reads one head.
     *
     * @param in       the stream, positioned at the start of a message
     * @param maxBytes the most bytes the head may take, line ends included
     * @return the lines of the head, without line ends, start line first; empty lines
     *         before the start line are skipped as RFC 9112 section 2.2 allows
     * @throws NoMessageException     if the stream ends before the first byte
     * @throws EOFException           if the stream ends inside the head
     * @throws StartLineTooLongException if the start line has not ended within {@code maxBytes}
     * @throws HeadTooLargeException  if the rest of the head is longer than {@code maxBytes}
     * @throws ProtocolException      for a NUL byte or a bare CR
     */
    public static List<String> read(InputStream in, int maxBytes) throws IOException {
        return read(in, maxBytes, line -> { });
    }

    /**
     * Checks a start line as soon as it has arrived, so that a message that is already
     * hopeless (an HTTP/0.9 request, the HTTP/2 preface) is refused at once instead of
     * after the rest of a head that may never come.
     */
    @FunctionalInterface
    public interface StartLineCheck {
        void check(String startLine) throws ProtocolException;
    }

    /**
     * Reads one head like {@link #read(InputStream, int)}, passing the start line to
     * {@code check} the moment it is complete.
     *
     * @throws ProtocolException also when {@code check} throws it
     */
    public static List<String> read(InputStream in, int maxBytes, StartLineCheck check) throws IOException {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder(128);
        boolean afterCr = false;
        int total = 0;
        while (true) {
            int b = in.read();
            if (b < 0) {
                if (total == 0) {
                    throw new NoMessageException();
                }
                throw new EOFException("connection closed inside the message head after " + total + " bytes");
            }
            if (++total > maxBytes) {
                if (lines.isEmpty() && line.length() > 0) {
                    throw new StartLineTooLongException(maxBytes);
                }
                throw new HeadTooLargeException(maxBytes);
            }
            if (b == '\n') {
                afterCr = false;
                if (line.length() > 0) {
                    if (lines.isEmpty()) {
                        check.check(line.toString());
                    }
                    lines.add(line.toString());
                    line.setLength(0);
                } else if (!lines.isEmpty()) {
                    return lines;
                }
                continue;
            }
            if (afterCr) {
                throw new ProtocolException("bare CR in message head");
            }
            if (b == '\r') {
                afterCr = true;
            } else if (b == 0) {
                throw new ProtocolException("NUL byte in message head");
            } else {
                // ISO-8859-1: one char per byte, so no byte sequence can fail to decode.
                line.append((char) b);
            }
        }
    }
}
