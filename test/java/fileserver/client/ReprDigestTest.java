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
    private static final String BASE64 = Base64.getEncoder().encodeToString(DIGEST);

    static {
        for (int i = 0; i < DIGEST.length; i++) {
            DIGEST[i] = (byte) (i * 7);
        }
    }

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
        assertArrayEquals(DIGEST, sha256("md5=:AAAA:,  sha-256=:" + Base64.getEncoder().encodeToString(DIGEST) + ": ,x=:y:")
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
}
