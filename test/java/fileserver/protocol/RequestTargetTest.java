package fileserver.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.ProtocolException;
import java.util.Optional;
import org.junit.jupiter.api.Test;
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
            /café                             | /café
            /%30%41%7e%7E                     | /0A~~
            /a%2Fb%3f                         | /a/b?
            http://h:1/x?y/z                  | /x
            http://h:1?y/z                    | /
            http://h:1/                       | /
            """)
    void decodesThePathForComparison(String target, String path) throws ProtocolException {
        assertEquals(path, RequestTarget.path(target));
    }

    @ParameterizedTest
    @ValueSource(strings = {"bio.txt", "ftp://x/bio.txt", "/bio.txt#top", "/%", "/%2", "/%zz", "/%00", "/%C3"})
    void rejectsWhatCannotBeDecodedUnambiguously(String target) {
        assertThrows(ProtocolException.class, () -> RequestTarget.path(target));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            '#top'    | fragment in request target
            /x#top    | fragment in request target
            bio.txt   | request target is neither a path nor an http URI
            ftp://x/y | request target is neither a path nor an http URI
            /%        | truncated percent escape
            /%4       | truncated percent escape
            /x%41%4   | truncated percent escape
            /%g1      | malformed percent escape
            /%1g      | malformed percent escape
            /%00      | percent-encoded NUL in request target
            /%C3      | percent escapes are not valid UTF-8
            /%FF      | percent escapes are not valid UTF-8
            """)
    void namesWhyATargetIsRejected(String target, String message) {
        ProtocolException e = assertThrows(ProtocolException.class, () -> RequestTarget.path(target));
        assertEquals(message, e.getMessage());
    }

    @Test
    void decodesEscapesWhoseDigitsAreZero() throws ProtocolException {
        assertEquals("/\t \u0001", RequestTarget.path("/%09%20%01"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/bio.txt", "/", "*", "/http://h:1/x"})
    void originAndAsteriskFormsNameNoAuthority(String target) throws ProtocolException {
        assertEquals(Optional.empty(), RequestTarget.authority(target));
    }

    @ParameterizedTest(name = "{0} -> {1}://{2}:{3}")
    @CsvSource(delimiter = '|', textBlock = """
            http://127.0.0.1:5050/bio.txt | http  | 127.0.0.1 | 5050
            HTTP://Example.com            | http  | example.com | 80
            https://h/x                   | https | h         | 443
            Https://h:8443?x              | https | h         | 8443
            http://h:1?x/y                | http  | h         | 1
            http://[::1]:5050/            | http  | ::1       | 5050
            """)
    void readsTheAuthorityOfTheAbsoluteForm(String target, String scheme, String host, int port)
            throws ProtocolException {
        assertEquals(Optional.of(new Authority(scheme, host, port)), RequestTarget.authority(target));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            bio.txt        | request target is neither a path nor an http URI
            ftp://h/x      | request target is neither a path nor an http URI
            http:/h/x      | request target is neither a path nor an http URI
            http://u@h/x   | userinfo in request target
            http:///x      | no host in absolute request target
            http://h:x/    | invalid port in request target
            """)
    void rejectsAMalformedAuthority(String target, String message) {
        ProtocolException e = assertThrows(ProtocolException.class, () -> RequestTarget.authority(target));
        assertEquals(message, e.getMessage());
    }
}
