package fileserver.client;

import fileserver.cli.ExitCode;
import fileserver.protocol.ContentRange;
import fileserver.protocol.HttpResponse;
import java.net.ProtocolException;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * What makes a copy the file, beyond its length: for a resumed download, a body that is
 * exactly the rest of the file ({@link #checkIsTheRest}); and, fed every byte of the file
 * as it is written, a SHA-256 equal to the one the server announced in {@code Repr-Digest}
 * (RFC 9530). When the server announced none, the length is all there is to check, and
 * the transfer has checked it.
 */
final class Verification {
    private final Optional<byte[]> announced;
    private final MessageDigest digest;

    /**
     * @param announced the SHA-256 the server sent in {@code Repr-Digest}, if it sent one
     * @param soFar     a SHA-256 digest already fed with the bytes the file held before
     *                  this transfer (none, unless it resumes)
     */
    Verification(Optional<byte[]> announced, MessageDigest soFar) {
        this.announced = announced;
        this.digest = soFar;
    }

    /**
     * For a {@code 206}: the body must be exactly the rest of the file, from the first byte
     * this client lacks to the last byte of a representation whose complete length the
     * range states, and as long as {@code Content-Length} says. A server that sends less
     * (or another file's length) would otherwise leave a copy that passes the length check
     * but is not the file.
     */
    static void checkIsTheRest(HttpResponse response, long offset, long length) throws DownloadFailure {
        ContentRange range;
        try {
            range = response.contentRange();
        } catch (ProtocolException e) {
            throw DownloadFailure.fatal(ExitCode.TRANSFER_FAILED,
                    "the server sent an invalid Content-Range (" + e.getMessage() + ")");
        }
        if (range.range().first() != offset || range.range().last() != range.completeLength() - 1) {
            throw DownloadFailure.fatal(ExitCode.TRANSFER_FAILED, "the server sent the wrong range (" + range
                    + ") for the rest of the file from byte " + offset);
        }
        if (range.range().length() != length) {
            throw DownloadFailure.fatal(ExitCode.TRANSFER_FAILED, "the server's Content-Range (" + range
                    + ") does not match its Content-Length (" + length + ")");
        }
    }

    /** Feeds the next {@code length} bytes of the file. */
    void update(byte[] bytes, int length) {
        digest.update(bytes, 0, length);
    }

    /**
     * Checks the copy of {@code total} bytes, once every byte has been fed.
     *
     * @return what was checked: {@code "sha-256"}, or {@code "length"} without a digest
     * @throws DownloadFailure if the digest differs from the announced one
     */
    String check(long total) throws DownloadFailure {
        if (announced.isEmpty()) {
            return "length";
        }
        if (!MessageDigest.isEqual(announced.get(), digest.digest())) {
            throw DownloadFailure.fatal(ExitCode.TRANSFER_FAILED,
                    "SHA-256 mismatch: the " + total + " bytes received differ from what the server announced");
        }
        return "sha-256";
    }
}
