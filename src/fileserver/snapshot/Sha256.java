package fileserver.snapshot;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * SHA-256, the one digest in this project: of a snapshot's content for its
 * {@code Repr-Digest} and entity tag, and of a client's copy to check it against them.
 */
public final class Sha256 {
    private Sha256() {
    }

    /** A new SHA-256 digest, ready to be fed. */
    public static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must support SHA-256", e);
        }
    }
}
