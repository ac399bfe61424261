package fileserver.protocol;

import java.net.ProtocolException;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The SHA-256 of a {@code Repr-Digest} field (RFC 9530 section 3) in its wire form,
 * {@code sha-256=:BASE64:}: written by the server ({@link #of}), read by the client
 * ({@link #sha256}). The field is a structured-field Dictionary (RFC 9651): all its field
 * lines make one dictionary, and of two {@code sha-256} members the last counts, as it
 * does for every other RFC 9651 parser a server or proxy may have checked the field with.
 */
public final class ReprDigest {
    /** The field's name. */
    public static final String FIELD = "Repr-Digest";
    private static final String SHA256_KEY = "sha-256";
    private static final int SHA256_BYTES = 32;

    private ReprDigest() {
    }

    /**
     * The field value that announces {@code sha256}: {@code sha-256=:<base64>:}.
     *
     * @throws IllegalArgumentException if {@code sha256} is not 32 bytes long
     */
    public static String of(byte[] sha256) {
        if (sha256.length != SHA256_BYTES) {
            throw new IllegalArgumentException("a SHA-256 is " + SHA256_BYTES + " bytes, not " + sha256.length);
        }
        return SHA256_KEY + "=:" + Base64.getEncoder().encodeToString(sha256) + ":";
    }

    /**
     * The SHA-256 digest that {@code headers} announce, or empty if they announce none.
     * Members of other algorithms are ignored, whatever their form, as long as the
     * dictionary is well formed.
     *
     * @throws ProtocolException if the field is malformed, or its {@code sha-256} member is
     *                           not 32 bytes: silently skipping the check would be worse
     */
    public static Optional<byte[]> sha256(Headers headers) throws ProtocolException {
        String combined = headers.fields().stream()
                .filter(field -> field.name().equalsIgnoreCase(FIELD))
                .map(HeaderField::value)
                .filter(value -> !value.isEmpty())
                .collect(Collectors.joining(", "));
        Map<String, StructuredDictionary.Member> members = StructuredDictionary.parse(combined);
        StructuredDictionary.Member sha256 = members.get(SHA256_KEY);
        if (sha256 == null) {
            return Optional.empty();
        }
        if (sha256.value() instanceof byte[] digest && digest.length == SHA256_BYTES) {
            return Optional.of(digest);
        }
        throw new ProtocolException("the " + SHA256_KEY + " member of " + FIELD + " is not a byte sequence of "
                + SHA256_BYTES + " bytes");
    }
}
