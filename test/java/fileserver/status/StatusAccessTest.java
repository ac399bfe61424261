package fileserver.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class StatusAccessTest {

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new AssertionError(literal, e);
        }
    }

    @ParameterizedTest(name = "loopback allows {0}: {1}")
    @CsvSource({"127.0.0.1, true", "127.255.255.254, true", "127.1.2.3, true", "::1, true", "10.0.0.1, false",
        "128.0.0.1, false", "126.255.255.255, false", "::2, false", "::, false", "::ffff:7f00:1, true"})
    void theDefaultAllowsOnlyLoopbackPeers(String peer, boolean allowed) {
        assertEquals(allowed, StatusAccess.LOOPBACK.allows(address(peer)));
        assertEquals(allowed, StatusAccess.parse("loopback").allows(address(peer)));
    }

    @Test
    void theDefaultIsEnabledAndSaysWhatItIs() {
        assertTrue(StatusAccess.LOOPBACK.enabled());
        assertEquals("loopback", StatusAccess.LOOPBACK.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "::1", "10.0.0.1", "0.0.0.0"})
    void offAllowsNobody(String peer) {
        StatusAccess off = StatusAccess.parse("off");
        assertSame(StatusAccess.OFF, off);
        assertFalse(off.enabled());
        assertFalse(off.allows(address(peer)));
        assertEquals("off", off.toString());
    }

    @ParameterizedTest(name = "{0} allows {1}: {2}")
    @CsvSource({
        "0.0.0.0/0, 203.0.113.9, true",
        "0.0.0.0/0, 127.0.0.1, true",
        "10.0.0.0/8, 10.255.255.255, true",
        "10.0.0.0/8, 10.0.0.1, true",
        "10.0.0.0/8, 11.0.0.0, false",
        "10.0.0.0/8, 9.255.255.255, false",
        "10.0.0.0/8, 127.0.0.1, false",
        "172.16.0.0/12, 172.16.0.0, true",
        "172.16.0.0/12, 172.31.255.255, true",
        "172.16.0.0/12, 172.32.0.0, false",
        "172.16.0.0/12, 172.15.255.255, false",
        "192.168.1.7/32, 192.168.1.7, true",
        "192.168.1.7/32, 192.168.1.6, false",
        "192.168.1.7/32, 192.168.1.8, false",
        "192.168.1.7, 192.168.1.7, true",
        "192.168.1.7, 192.168.1.70, false",
        "192.168.1.0/25, 192.168.1.127, true",
        "192.168.1.0/25, 192.168.1.128, false",
        "2001:db8:1:2::/64, 2001:db8:1:2:ffff:ffff:ffff:ffff, true",
        "2001:db8:1:2::/64, 2001:db8:1:3::, false",
        "2001:db8::/33, 2001:db8:7fff::1, true",
        "2001:db8::/33, 2001:db8:8000::1, false",
        "::/0, 2001:db8::1, true",
        "::/0, 10.0.0.1, false",
        "0.0.0.0/0, ::1, false",
        "0.0.0.0/0, 2001:db8::1, false",
        "255.255.255.255, 255.255.255.255, true",
        "fe80::1, fe80::1, true",
        "fe80::1, fe80::2, false",
    })
    void aBlockAllowsExactlyItsAddressesOfItsOwnFamily(String rule, String peer, boolean allowed) {
        StatusAccess access = StatusAccess.parse(rule);
        assertTrue(access.enabled());
        assertEquals(allowed, access.allows(address(peer)));
        assertEquals(rule, access.toString());
    }

    @ParameterizedTest(name = "loopback,10.0.0.0/8 allows {0}: {1}")
    @CsvSource({"127.0.0.1, true", "::1, true", "10.1.2.3, true", "192.168.0.1, false", "::2, false"})
    void aListAllowsWhatAnyOfItsPartsAllows(String peer, boolean allowed) {
        assertEquals(allowed, StatusAccess.parse("loopback,10.0.0.0/8").allows(address(peer)));
    }

    @ParameterizedTest(name = "\"{0}\" names \"{1}\"")
    @CsvSource(delimiter = '|', textBlock = """
            ''                | ''
            ,                 | ''
            foo               | 'foo'
            example.com       | 'example.com'
            localhost         | 'localhost'
            10.0.0.0/33       | '10.0.0.0/33'
            10.0.0.0/-1       | '10.0.0.0/-1'
            10.0.0.0/         | '10.0.0.0/'
            10.0.0.0/8/8      | '10.0.0.0/8/8'
            10.0.0/8          | '10.0.0/8'
            10.0.0.256        | '10.0.0.256'
            1.2.3.4.5         | '1.2.3.4.5'
            1.2.3.999         | '1.2.3.999'
            1..3.4            | '1..3.4'
            1.2.3.4.          | '1.2.3.4.'
            ::ffff:10.0.0.256 | '::ffff:10.0.0.256'
            1:2               | '1:2'
            ::1/129           | '::1/129'
            ::1/1x            | '::1/1x'
            loopback,10.0.0.x | '10.0.0.x'
            loopback,         | ''
            Off               | 'Off'
            """)
    void rejectsWhatIsNeitherLoopbackNorAnAddressNorABlockNamingThePart(String value, String part) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StatusAccess.parse(value));
        assertTrue(e.getMessage().startsWith("'" + part + "' "), e.getMessage());
    }
}
