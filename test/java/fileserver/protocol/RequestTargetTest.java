package fileserver.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.ProtocolException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RequestTargetTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            /bio.txt                          | /bio.txt
            /                                 | /
            /bio.txt?x=1                      | /bio.txt
            /?                                | /
            /bi%6f.txt                        | /bio.txt
            /%2e%2e/etc/passwd                | /../etc/passwd
            //etc/passwd                      | //etc/passwd
            http://example.com/bio.txt        | /bio.txt
            HTTP://example.com                | /
            https://example.com?x             | /
            *                                 | *
            /caf%C3%A9                        | /café
            """)
    void decodesThePathForComparison(String target, String path) throws ProtocolException {
        assertEquals(path, RequestTarget.path(target));
    }

    @ParameterizedTest
    @ValueSource(strings = {"bio.txt", "ftp://x/bio.txt", "/bio.txt#top", "/%", "/%2", "/%zz", "/%00", "/%C3"})
    void rejectsWhatCannotBeDecodedUnambiguously(String target) {
        assertThrows(ProtocolException.class, () -> RequestTarget.path(target));
    }
}
