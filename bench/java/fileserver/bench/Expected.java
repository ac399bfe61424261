package fileserver.bench;

import fileserver.snapshot.Sha256;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What every downloaded copy must equal: the served file's length, its SHA-256 and, for
 * {@code --verify bytes}, its bytes (null otherwise, so a SHA-256 run holds no copy).
 */
record Expected(long length, byte[] sha256, byte[] bytes) {

    /**
     * Reads {@code file} and hashes it a few times: the repeats get SHA-256 compiled before
     * the clock starts, so the first downloads are not checked by the interpreter.
     */
    static Expected read(Path file, Verify verify) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        byte[] sha256 = null;
        for (int i = 0; i < 3; i++) {
            sha256 = Sha256.newDigest().digest(bytes);
        }
        return new Expected(bytes.length, sha256, verify == Verify.BYTES ? bytes : null);
    }
}
