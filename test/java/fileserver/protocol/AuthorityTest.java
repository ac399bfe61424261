package fileserver.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ProtocolException;
import java.net.UnknownHostException;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AuthorityTest {

    @ParameterizedTest(name = "{0}://{1} -> {2} port {3}")
    @CsvSource(delimiter = '|', textBlock = """
            http  | 127.0.0.1:5050   | 127.0.0.1   | 5050
            http  | Example.COM      | example.com | 80
            https | example.com      | example.com | 443
            http  | example.com:     | example.com | 80
            https | example.com:     | example.com | 443
            http  | h:0              | h           | 0
            http  | h:65535          | h           | 65535
            http  | h:08080          | h           | 8080
            http  | [::1]:5050       | ::1         | 5050
            http  | [::1]            | ::1         | 80
            http  | [::1]:           | ::1         | 80
            http  | [FE80::1]:1      | fe80::1     | 1
            """)
    void parsesHostAndPortWithTheSchemesDefault(String scheme, String text, String host, int port)
            throws ProtocolException {
        assertEquals(new Authority(scheme, host, port), Authority.parse(scheme, text));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            user@h:80   | userinfo in request target
            @h          | userinfo in request target
            [::1        | unclosed IPv6 address in request target
            [::1]80     | junk after IPv6 address in request target
            []:80       | no host in absolute request target
            :80         | no host in absolute request target
            h:65536     | invalid port in request target
            h:99999     | invalid port in request target
            h:000080    | invalid port in request target
            h:-1        | invalid port in request target
            h:+80       | invalid port in request target
            h:x         | invalid port in request target
            """)
    void rejectsUserinfoAnEmptyHostAndBadPorts(String text, String message) {
        ProtocolException e = assertThrows(ProtocolException.class, () -> Authority.parse("http", text));
        assertEquals(message, e.getMessage());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            127.0.0.1       | 127.0.0.1
            0.0.0.0         | 0.0.0.0
            255.255.255.255 | 255.255.255.255
            010.001.000.009 | 10.1.0.9
            ::1             | 0:0:0:0:0:0:0:1
            fe80::1         | fe80:0:0:0:0:0:0:1
            """)
    void readsAddressLiterals(String host, String address) throws UnknownHostException {
        assertEquals(Optional.of(InetAddress.getByName(address)), new Authority("http", host, 80).address());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"localhost", "example.com", "1.2.3", "1.2.3.4.5", "256.0.0.1", "1.2.3.256", "1.2.3.", "1..3.4",
        "1.2.3.x", "0001.2.3.4", "1.2.3.-4", "::g", "1:2:3:4:5:6:7:8:9"})
    void treatsAnythingElseAsANameItDoesNotLookUp(String host) {
        assertEquals(Optional.empty(), new Authority("http", host, 80).address());
    }

    @ParameterizedTest(name = "Host: \"{0}\"")
    @ValueSource(strings = {
        "", "a", "127.0.0.1", "127.0.0.1:5050", "files.example:80", "h:", "h:0", "h:99999", "A-Z.a_z~0",
        "%41b", "!$&'()*+,;=", "h9", "[fe80::1]", "[::1]", "[::1]:5050", "[::1]:", "[FE80::1]:1", "[::ffff:127.0.0.1]:80",
    })
    void acceptsAsAHostFieldAnEmptyValueOrAHostWithAnOptionalPort(String value) {
        assertTrue(Authority.isValidHostField(value), value);
    }

    @ParameterizedTest(name = "Host: \"{0}\"")
    @ValueSource(strings = {
        "::1:5050", ":5050", ":", "a b", "a/b", "a?b", "a#b", "a@b", "a:http", "a:80:80", "a:-1", "a\"b",
        "[::1", "[]", "[:]:80", "[::1]80", "[::1]:x", "[::g]", "[1.2.3.4]", "[::1] ", "h\t", "\u00e9", "[fe80::1%lo]", "[v1.x]", "h[", "h]",
    })
    void rejectsAsAHostFieldAnythingElse(String value) {
        assertFalse(Authority.isValidHostField(value), value);
    }
}
