package fileserver.client;

import fileserver.cli.ExitCode;
import fileserver.protocol.HeaderField;
import fileserver.protocol.HttpResponse;
import fileserver.protocol.NoMessageException;
import fileserver.protocol.PrintableText;
import fileserver.protocol.ReprDigest;
import fileserver.protocol.ResponseParser;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ProtocolException;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Reads the server's reply head and decides, before a byte of the body is written, what
 * it means for the file: where the body goes in it, how long the body is, and whether the
 * body is the file's bytes at all. Each refusal is one {@link DownloadFailure}.
 */
final class ResponseCheck {
    private static final int MAX_HEAD_BYTES = 64 * 1024;
    /** All interim (1xx) heads before the answer together: generous, yet not endless. */
    private static final int MAX_INTERIM_BYTES = 64 * 1024;

    private ResponseCheck() {
    }

    /** The final response's head, after any interim (1xx) ones. */
    static HttpResponse readHead(InputStream in) throws DownloadFailure, IOException {
        try {
            return ResponseParser.readFinal(in, MAX_HEAD_BYTES, MAX_INTERIM_BYTES);
        } catch (NoMessageException e) {
            throw DownloadFailure.fatal(ExitCode.TRANSFER_FAILED, "the server closed the connection without replying");
        } catch (EOFException e) {
            throw DownloadFailure.fatal(ExitCode.TRANSFER_FAILED,
                    "the server closed the connection in the middle of its reply's head");
        } catch (ProtocolException e) {
            throw DownloadFailure.fatal(ExitCode.TRANSFER_FAILED, "the server's reply is not HTTP (" + e.getMessage() + ")");
        } catch (TooSlowException e) {
            throw DownloadFailure.fatal(ExitCode.TRANSFER_FAILED, e.getMessage() + " in sending its reply's head");
        }
    }

    /** The SHA-256 the server announced in {@code Repr-Digest}, or empty if it announced none. */
    static Optional<byte[]> announcedSha256(HttpResponse response) throws DownloadFailure {
        try {
            return ReprDigest.sha256(response.headers());
        } catch (ProtocolException e) {
            throw DownloadFailure.fatal(ExitCode.TRANSFER_FAILED, "the server sent a malformed Repr-Digest");
        }
    }

    /**
     * Where the body starts in the file: 0 for a whole file, the partial length for a 206
     * that continues it, or -1 to start over without a range.
     */
    static long offsetFor(HttpResponse response, ResumeState.Partial partial) throws DownloadFailure {
        int code = response.code();
        if (code == 200) {
            return 0;
        }
        if (code == 206 && partial.bytes() > 0) {
            // The rest of the version the partial file is part of, or else of some other
            // version (or one it does not name): joining that would splice two files, so
            // start over, as after a 416.
            return isVersion(response, partial.validator()) ? partial.bytes() : -1;
        }
        if (code == 416 && partial.bytes() > 0) {
            // The partial file is not part of what the server serves now.
            return -1;
        }
        if (code == 503) {
            throw DownloadFailure.retryable(ExitCode.HTTP_ERROR, "the server is busy (503)",
                    Math.min(60, response.retryAfterSeconds().orElse(0)) * 1000);
        }
        if (code == 101) {
            throw DownloadFailure.fatal(ExitCode.TRANSFER_FAILED,
                    "the server switched to another protocol (" + response.status() + "), which this client did not ask for");
        }
        throw DownloadFailure.fatal(ExitCode.HTTP_ERROR, "the server answered " + response.status());
    }

    /** True if the response names exactly the strong entity tag {@code validator}, once. */
    private static boolean isVersion(HttpResponse response, String validator) {
        return response.headers().count("ETag") == 1
                && response.headers().first("ETag").orElseThrow().equals(validator);
    }

    /**
     * The body's length, once it is sure the body is the file's bytes as they are: framed
     * by {@code Content-Length} alone, and with no content coding, which the client asked
     * not to get ({@code Accept-Encoding: identity}) and does not decode. Saved as it came,
     * a gzip body would be a wrong file, and the digest of the gzip bytes would call it verified.
     */
    static long bodyLength(HttpResponse response) throws DownloadFailure {
        if (response.headers().first("Transfer-Encoding").isPresent()) {
            throw DownloadFailure.fatal(ExitCode.TRANSFER_FAILED,
                    "the server used Transfer-Encoding, which this client does not support");
        }
        for (HeaderField field : response.headers().fields()) {
            if (field.name().equalsIgnoreCase("Content-Encoding") && !isIdentity(field.value())) {
                throw DownloadFailure.fatal(ExitCode.TRANSFER_FAILED, "the server sent the file with Content-Encoding: "
                        + PrintableText.forLog(field.value()) + ", which this client did not ask for and does not decode");
            }
        }
        OptionalLong length;
        try {
            length = response.contentLength();
        } catch (ProtocolException e) {
            throw DownloadFailure.fatal(ExitCode.TRANSFER_FAILED, "the server sent an invalid Content-Length");
        }
        if (length.isEmpty()) {
            throw DownloadFailure.fatal(ExitCode.TRANSFER_FAILED,
                    "the server sent no Content-Length, so the copy cannot be verified");
        }
        return length.getAsLong();
    }

    /** True if a Content-Encoding list names no coding but {@code identity}. */
    private static boolean isIdentity(String codings) {
        for (String coding : codings.split(",")) {
            if (!coding.isBlank() && !coding.strip().equalsIgnoreCase("identity")) {
                return false;
            }
        }
        return true;
    }
}
