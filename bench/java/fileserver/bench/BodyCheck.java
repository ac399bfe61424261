package fileserver.bench;

import fileserver.snapshot.Sha256;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * Checks one downloaded body as its bytes arrive, the way {@code --verify} says, so no
 * copy is ever held: a running SHA-256, a comparison with the file in memory, or a count.
 */
final class BodyCheck {
    private final Expected expected;
    private final Verify verify;
    private final MessageDigest digest;
    private long received;

    BodyCheck(Expected expected, Verify verify) {
        this.expected = expected;
        this.verify = verify;
        this.digest = verify == Verify.SHA256 ? Sha256.newDigest() : null;
    }

    /** Takes the next {@code length} body bytes from {@code bytes[offset..]}. */
    void update(byte[] bytes, int offset, int length) throws Failure {
        if (received + length > expected.length()) {
            throw new Failure(FailureKind.BAD_BODY, "more bytes than Content-Length");
        }
        switch (verify) {
            case SHA256 -> digest.update(bytes, offset, length);
            case BYTES -> {
                int from = (int) received;
                if (Arrays.mismatch(bytes, offset, offset + length, expected.bytes(), from, from + length) >= 0) {
                    throw new Failure(FailureKind.BAD_BODY, "content differs");
                }
            }
            case LENGTH -> {
                // counting is the check
            }
        }
        received += length;
    }

    /** Body bytes taken so far. */
    long received() {
        return received;
    }

    /** True once the whole body is in (at once for an empty file). */
    boolean complete() {
        return received == expected.length();
    }

    /** The last check, once the body is complete: the digest, which only a whole copy has. */
    void finish() throws Failure {
        if (digest != null && !MessageDigest.isEqual(digest.digest(), expected.sha256())) {
            throw new Failure(FailureKind.BAD_BODY, "SHA-256 differs");
        }
    }
}
