package fileserver.robustness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fileserver.protocol.Authority;
import fileserver.protocol.RequestTarget;
import java.net.InetAddress;
import java.net.ProtocolException;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The authority of an absolute-form target, which decides between serving the file and
 * 421 (FileEndpointTest has the decisions, FileServerTest the 421 on the wire). Names are
 * never looked up.
 */
class AbsoluteTargetTest {

    /** Target, then scheme, host, port and the address literal ("-" for a name). */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            http://127.0.0.1:5050/bio.txt      | http  | 127.0.0.1    | 5050 | 127.0.0.1
            HTTP://LocalHost/bio.txt           | http  | localhost    | 80   | -
            https://example.com?x              | https | example.com  | 443  | -
            http://example.com:/bio.txt        | http  | example.com  | 80   | -
            http://[::1]:8080/bio.txt          | http  | ::1          | 8080 | ::1
            http://[::ffff:127.0.0.1]:1/       | http  | ::ffff:127.0.0.1 | 1 | 127.0.0.1
            http://999.1.1.1:80/               | http  | 999.1.1.1    | 80   | -
            http://1.2.3/                      | http  | 1.2.3        | 80   | -
            http://no-such-host.invalid/       | http  | no-such-host.invalid | 80 | -
            """)
    void readsTheAuthorityWithoutLookingUpNames(String target, String scheme, String host, int port, String address)
            throws Exception {
        Authority authority = RequestTarget.authority(target).orElseThrow();

        assertEquals(scheme, authority.scheme());
        assertEquals(host, authority.host());
        assertEquals(port, authority.port());
        Optional<InetAddress> expected = address.equals("-") ? Optional.empty() : Optional.of(InetAddress.getByName(address));
        assertEquals(expected, authority.address());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/bio.txt", "/", "*", "//example.com/bio.txt"})
    void originAndAsteriskFormsHaveNone(String target) throws ProtocolException {
        assertTrue(RequestTarget.authority(target).isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://user@host/", "http://user:pw@127.0.0.1/", "http:///bio.txt", "http://:80/",
        "http://host:99999/", "http://host:8o/", "http://[::1/", "http://[::1]x/", "ftp://host/", "bio.txt"})
    void rejectsMalformedAuthorities(String target) {
        assertThrows(ProtocolException.class, () -> RequestTarget.authority(target));
    }
}
