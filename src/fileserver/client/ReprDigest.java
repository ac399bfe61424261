package fileserver.client;

import fileserver.cli.ExitCode;
import fileserver.protocol.HeaderField;
import fileserver.protocol.Headers;
import fileserver.protocol.StructuredDictionary;
import java.net.ProtocolException;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Reads the SHA-256 member of a {@code Repr-Digest} field (RFC 9530 section 3), which is
 * a structured-field Dictionary (RFC 9651): all its field lines make one dictionary, and of
 * two {@code sha-256} members the last counts, as it does for every other RFC 9651 parser
 * a server or proxy may have checked the field with.
 */
final class ReprDigest {
    private static final int SHA256_BYTES = 32;

    private ReprDigest() {
    }

    /**
     * The SHA-256 digest the server announced for the whole file, or empty if it sent none;
     * a malformed field, or a {@code sha-256} member that is not 32 bytes, is an error,
     * since silently skipping the check is worse. Members of other algorithms are ignored,
     * whatever their form, as long as the dictionary is well formed.
     */
    static Optional<byte[]> sha256(Headers headers) throws DownloadFailure {
        String combined = headers.fields().stream()
                .filter(field -> field.name().equalsIgnoreCase("Repr-Digest"))
                .map(HeaderField::value)
                .filter(value -> !value.isEmpty())
                .collect(Collectors.joining(", "));
        Map<String, StructuredDictionary.Member> members;
        try {
            members = StructuredDictionary.parse(combined);
        } catch (ProtocolException e) {
            throw malformed();
        }
        StructuredDictionary.Member sha256 = members.get("sha-256");
        if (sha256 == null) {
            return Optional.empty();
        }
        if (sha256.value() instanceof byte[] digest && digest.length == SHA256_BYTES) {
            return Optional.of(digest);
        }
        throw malformed();
    }

    private static DownloadFailure malformed() {
        return DownloadFailure.fatal(ExitCode.TRANSFER_FAILED, "the server sent a malformed Repr-Digest");
    }
}
