package fileserver.client;

import fileserver.cli.ExitCode;
import fileserver.protocol.Headers;
import java.util.Base64;
import java.util.Optional;

/** Reads the SHA-256 member of a {@code Repr-Digest} field (RFC 9530 section 3). */
final class ReprDigest {
    private static final int SHA256_BYTES = 32;

    private ReprDigest() {
    }

    /**
     * The SHA-256 digest the server announced for the whole file, or empty if it sent
     * none; a malformed one is an error, since silently skipping the check is worse.
     */
    static Optional<byte[]> sha256(Headers headers) throws DownloadFailure {
        Optional<String> field = headers.first("Repr-Digest");
        if (field.isEmpty()) {
            return Optional.empty();
        }
        // A list of "algorithm=:base64:" members (a structured-field dictionary).
        for (String member : field.get().split(",")) {
            String trimmed = member.strip();
            if (trimmed.startsWith("sha-256=")) {
                return Optional.of(decode(trimmed.substring("sha-256=".length())));
            }
        }
        return Optional.empty();
    }

    private static byte[] decode(String value) throws DownloadFailure {
        if (value.length() > 2 && value.startsWith(":") && value.endsWith(":")) {
            try {
                byte[] digest = Base64.getDecoder().decode(value.substring(1, value.length() - 1));
                if (digest.length == SHA256_BYTES) {
                    return digest;
                }
            } catch (IllegalArgumentException e) {
                // not base64: reported below
            }
        }
        throw DownloadFailure.fatal(ExitCode.TRANSFER_FAILED, "the server sent a malformed Repr-Digest");
    }
}
