package fileserver.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.ProtocolException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReprDigestTest {
    private static final byte[] DIGEST = new byte[32];

    static {
        for (int i = 0; i < DIGEST.length; i++) {
            DIGEST[i] = (byte) (i * 7);
        }
    }

    // After the block above: the digest's bytes, not 32 zeros.
    private static final String BASE64 = Base64.getEncoder().encodeToString(DIGEST);

    private static Optional<byte[]> sha256(String... reprDigests) throws ProtocolException {
        return ReprDigest.sha256(new Headers(
                java.util.Arrays.stream(reprDigests).map(value -> new HeaderField("Repr-Digest", value)).toList()));
    }

    @Test
    void writesTheSha256AsAByteSequenceMember() {
        assertEquals("sha-256=:" + BASE64 + ":", ReprDigest.of(DIGEST));
        // sha256sum of "abc", and the same 32 bytes in base64.
        assertEquals("sha-256=:ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=:",
                ReprDigest.of(HexFormat.of().parseHex("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")));
    }

    @Test
    void readsWhatItWrites() throws ProtocolException {
        assertArrayEquals(DIGEST, sha256(ReprDigest.of(DIGEST)).orElseThrow());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 31, 33, 64})
    void writesOnlyA32ByteDigest(int length) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ReprDigest.of(new byte[length]));
        assertEquals("a SHA-256 is 32 bytes, not " + length, e.getMessage());
    }

    @Test
    void namesTheMemberThatIsNot32Bytes() {
        ProtocolException e = assertThrows(ProtocolException.class, () -> sha256("sha-256=:AAAA:"));
        assertEquals("the sha-256 member of Repr-Digest is not a byte sequence of 32 bytes", e.getMessage());
    }

    @Test
    void readsTheFieldWhateverTheCaseOfItsName() throws ProtocolException {
        Headers headers = new Headers(List.of(new HeaderField("repr-DIGEST", ReprDigest.of(DIGEST))));

        assertArrayEquals(DIGEST, ReprDigest.sha256(headers).orElseThrow());
    }

    @Test
    void readsTheSha256Member() throws ProtocolException {
        assertArrayEquals(DIGEST, sha256("sha-256=:" + Base64.getEncoder().encodeToString(DIGEST) + ":").orElseThrow());
    }

    @Test
    void findsTheSha256MemberAmongOthers() throws ProtocolException {
        assertArrayEquals(DIGEST, sha256("md5=:AAAA:,  sha-256=:" + Base64.getEncoder().encodeToString(DIGEST) + ": ,x=:yy==:")
                .orElseThrow());
    }

    @Test
    void isEmptyWithoutAField() throws ProtocolException {
        assertEquals(Optional.empty(), ReprDigest.sha256(new Headers(List.of(new HeaderField("Digest", "x")))));
    }

    @Test
    void isEmptyWithoutASha256Member() throws ProtocolException {
        assertEquals(Optional.empty(), sha256("sha-512=:AAAA:, md5=:AAAA:"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"sha-256=", "sha-256=:", "sha-256=::", "sha-256=:!!:", "sha-256=AAAA",
        "sha-256=:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==:", "sha-256=:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA:"})
    void refusesAMalformedSha256Member(String value) {
        assertThrows(ProtocolException.class, () -> sha256(value));
    }

    @Test
    void refusesADigestWithoutItsClosingColon() {
        assertThrows(ProtocolException.class, () -> sha256("sha-256=:" + BASE64));
        assertThrows(ProtocolException.class, () -> sha256("sha-256=" + BASE64 + ":"));
    }

    /** RFC 9651: the field lines are one dictionary, and of two members with one key the last counts. */
    @Test
    void theLastSha256MemberCountsAcrossFieldLinesAndWithinOne() throws ProtocolException {
        String other = Base64.getEncoder().encodeToString(new byte[32]);
        assertArrayEquals(DIGEST, sha256("sha-256=:" + other + ":", "sha-256=:" + BASE64 + ":").orElseThrow());
        assertArrayEquals(DIGEST, sha256("sha-256=:" + other + ":, sha-256=:" + BASE64 + ":").orElseThrow());
        assertArrayEquals(DIGEST, sha256("md5=:AAAA:", "", "sha-256=:" + BASE64 + ":").orElseThrow());
    }

    @ParameterizedTest
    @ValueSource(strings = {"sha-256=:%s:;q=1", "sha-256=:%s:;a;b=?0;c=\"x\";d=-1.5;e=tok/en:x",
        "unknown=(:AAAA: 1 \"two\" three);p, sha-256=:%s:", "sha-256=:%s:, other, x=?1, y=@1700000000",
        "sha-256=:%s:, z=%%\"caf%%c3%%a9\", w=()", "  sha-256=:%s:\t,\tsha-512=:AAAA:  "})
    void readsTheSha256MemberOfAnyWellFormedDictionary(String field) throws ProtocolException {
        assertArrayEquals(DIGEST, sha256(String.format(field, BASE64, BASE64)).orElseThrow());
    }

    /** A malformed dictionary is refused whole, even where the sha-256 member looks right. */
    @ParameterizedTest
    @ValueSource(strings = {"sha-256=:%s:,", "sha-256=:%s:, SHA-512=:AAAA:", "sha-256=:%s: x=1", "sha-256=:%s:, a=(1",
        "sha-256=:%s:, a=\"x", "sha-256=:%s:, a=1.2345", "sha-256=:%s:, a=?2", "sha-256=:%s:;", "sha-256=(:%s:)",
        "sha-256=:%s:, a=%%\"%%zz\"", "sha-256=:%s:, a=:AA=A:", "sha-256=:%s:, a=1234567890123456"})
    void refusesAMalformedDictionary(String field) {
        assertThrows(ProtocolException.class, () -> sha256(String.format(field, BASE64)));
    }
}
