package fileserver.client;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import fileserver.cli.ExitCode;
import fileserver.protocol.HttpResponse;
import fileserver.protocol.ResponseParser;
import fileserver.snapshot.Sha256;
import java.net.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VerificationTest {
    private static final byte[] FILE = "the whole file".getBytes(StandardCharsets.US_ASCII);

    private static Verification fedInTwoParts(Optional<byte[]> announced) {
        Verification verification = new Verification(announced, Sha256.newDigest());
        verification.update(FILE, 4);
        byte[] rest = Arrays.copyOfRange(FILE, 4, FILE.length);
        verification.update(rest, rest.length);
        return verification;
    }

    @Test
    void aCopyWithTheAnnouncedDigestIsVerifiedBySha256() throws DownloadFailure {
        assertEquals("sha-256", fedInTwoParts(Optional.of(Sha256.newDigest().digest(FILE))).check(FILE.length));
    }

    @Test
    void withoutADigestOnlyTheLengthWasChecked() throws DownloadFailure {
        assertEquals("length", fedInTwoParts(Optional.empty()).check(FILE.length));
    }

    @Test
    void aCopyWithAnotherDigestFails() {
        byte[] other = Sha256.newDigest().digest("another file".getBytes(StandardCharsets.US_ASCII));
        DownloadFailure e = assertThrows(DownloadFailure.class, () -> fedInTwoParts(Optional.of(other)).check(14));
        assertEquals(ExitCode.TRANSFER_FAILED, e.exitCode());
        assertEquals("SHA-256 mismatch: the 14 bytes received differ from what the server announced", e.getMessage());
    }

    private static HttpResponse partial(String contentRange) throws ProtocolException {
        return ResponseParser.parse(List.of("HTTP/1.1 206 Partial Content", "Content-Range: " + contentRange));
    }

    @Test
    void theRestOfTheFileFromTheOffsetIsTheRest() {
        assertDoesNotThrow(() -> Verification.checkIsTheRest(partial("bytes 500-9999/10000"), 500, 9500));
    }

    @ParameterizedTest(name = "{0}, Content-Length {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            bytes 500-599/10000  | 100  | the server sent the wrong range (bytes 500-599/10000) for the rest of the file from byte 500
            bytes 400-9999/10000 | 9600 | the server sent the wrong range (bytes 400-9999/10000) for the rest of the file from byte 500
            bytes 500-9999/10000 | 100  | the server's Content-Range (bytes 500-9999/10000) does not match its Content-Length (100)
            bytes 500-9999/*     | 9500 | the server sent an invalid Content-Range ("bytes 500-9999/*": not of the form bytes FIRST-LAST/LENGTH)
            """)
    void anythingElseIsNotTheRest(String contentRange, long length, String message) {
        DownloadFailure e = assertThrows(DownloadFailure.class,
                () -> Verification.checkIsTheRest(partial(contentRange), 500, length));
        assertEquals(ExitCode.TRANSFER_FAILED, e.exitCode());
        assertEquals(message, e.getMessage());
    }
}
