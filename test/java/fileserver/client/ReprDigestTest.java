package fileserver.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import fileserver.cli.ExitCode;
import fileserver.protocol.HeaderField;
import fileserver.protocol.Headers;
import java.util.Base64;
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

    private static Optional<byte[]> sha256(String... reprDigests) throws DownloadFailure {
        return ReprDigest.sha256(new Headers(
                java.util.Arrays.stream(reprDigests).map(value -> new HeaderField("Repr-Digest", value)).toList()));
    }

    @Test
    void readsTheSha256Member() throws DownloadFailure {
        assertArrayEquals(DIGEST, sha256("sha-256=:" + Base64.getEncoder().encodeToString(DIGEST) + ":").orElseThrow());
    }

    @Test
    void findsTheSha256MemberAmongOthers() throws DownloadFailure {
        assertArrayEquals(DIGEST, sha256("md5=:AAAA:,  sha-256=:" + Base64.getEncoder().encodeToString(DIGEST) + ": ,x=:yy==:")
                .orElseThrow());
    }

    @Test
    void isEmptyWithoutAField() throws DownloadFailure {
        assertEquals(Optional.empty(), ReprDigest.sha256(new Headers(List.of(new HeaderField("Digest", "x")))));
    }

    @Test
    void isEmptyWithoutASha256Member() throws DownloadFailure {
        assertEquals(Optional.empty(), sha256("sha-512=:AAAA:, md5=:AAAA:"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"sha-256=", "sha-256=:", "sha-256=::", "sha-256=:!!:", "sha-256=AAAA",
        "sha-256=:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==:", "sha-256=:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA:"})
    void refusesAMalformedSha256Member(String value) {
        DownloadFailure e = assertThrows(DownloadFailure.class, () -> sha256(value));
        assertEquals("the server sent a malformed Repr-Digest", e.getMessage());
        assertEquals(ExitCode.TRANSFER_FAILED, e.exitCode());
    }

    @Test
    void refusesADigestWithoutItsClosingColon() {
        assertThrows(DownloadFailure.class, () -> sha256("sha-256=:" + BASE64));
        assertThrows(DownloadFailure.class, () -> sha256("sha-256=" + BASE64 + ":"));
    }

    /** RFC 9651: the field lines are one dictionary, and of two members with one key the last counts. */
    @Test
    void theLastSha256MemberCountsAcrossFieldLinesAndWithinOne() throws DownloadFailure {
        String other = Base64.getEncoder().encodeToString(new byte[32]);
        assertArrayEquals(DIGEST, sha256("sha-256=:" + other + ":", "sha-256=:" + BASE64 + ":").orElseThrow());
        assertArrayEquals(DIGEST, sha256("sha-256=:" + other + ":, sha-256=:" + BASE64 + ":").orElseThrow());
        assertArrayEquals(DIGEST, sha256("md5=:AAAA:", "", "sha-256=:" + BASE64 + ":").orElseThrow());
    }

    @ParameterizedTest
    @ValueSource(strings = {"sha-256=:%s:;q=1", "sha-256=:%s:;a;b=?0;c=\"x\";d=-1.5;e=tok/en:x",
        "unknown=(:AAAA: 1 \"two\" three);p, sha-256=:%s:", "sha-256=:%s:, other, x=?1, y=@1700000000",
        "sha-256=:%s:, z=%%\"caf%%c3%%a9\", w=()", "  sha-256=:%s:\t,\tsha-512=:AAAA:  "})
    void readsTheSha256MemberOfAnyWellFormedDictionary(String field) throws DownloadFailure {
        assertArrayEquals(DIGEST, sha256(String.format(field, BASE64, BASE64)).orElseThrow());
    }

    /** A malformed dictionary is refused whole, even where the sha-256 member looks right. */
    @ParameterizedTest
    @ValueSource(strings = {"sha-256=:%s:,", "sha-256=:%s:, SHA-512=:AAAA:", "sha-256=:%s: x=1", "sha-256=:%s:, a=(1",
        "sha-256=:%s:, a=\"x", "sha-256=:%s:, a=1.2345", "sha-256=:%s:, a=?2", "sha-256=:%s:;", "sha-256=(:%s:)",
        "sha-256=:%s:, a=%%\"%%zz\"", "sha-256=:%s:, a=:AA=A:", "sha-256=:%s:, a=1234567890123456"})
    void refusesAMalformedDictionary(String field) {
        DownloadFailure e = assertThrows(DownloadFailure.class, () -> sha256(String.format(field, BASE64)));
        assertEquals("the server sent a malformed Repr-Digest", e.getMessage());
    }
}
