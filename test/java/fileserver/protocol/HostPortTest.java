package fileserver.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HostPortTest {

    /** An address literal, parsed without DNS, and how it is written with port 5091. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            127.0.0.1                               | 127.0.0.1:5091
            ::1                                     | [::1]:5091
            0:0:0:0:0:0:0:1                         | [::1]:5091
            ::                                      | [::]:5091
            2001:0DB8:0000:0000:0001:0000:0000:0001 | [2001:db8::1:0:0:1]:5091
            2001:db8:0:1:0:0:0:0                    | [2001:db8:0:1::]:5091
            2001:db8:1:2:3:4:0:5                    | [2001:db8:1:2:3:4:0:5]:5091
            fe80:0:0:0:0:0:0:0                      | [fe80::]:5091
            ::ffff:192.0.2.1                        | 192.0.2.1:5091
            """)
    void writesAnAddressWithIpv6CompressedAndInBrackets(String literal, String expected) throws UnknownHostException {
        InetAddress address = InetAddress.getByName(literal.indexOf(':') >= 0 ? "[" + literal + "]" : literal);

        assertEquals(expected, HostPort.of(address, 5091));
    }

    /** A host as typed on a command line, and how it is written with port 5050. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            example.org             | example.org:5050
            localhost               | localhost:5050
            192.0.2.7               | 192.0.2.7:5050
            ::1                     | [::1]:5050
            [::1]                   | [::1]:5050
            0:0:0:0:0:0:0:1         | [::1]:5050
            2001:db8:0:0:0:0:0:2    | [2001:db8::2]:5050
            not:an:address          | [not:an:address]:5050
            """)
    void writesAHostNameAsItIsAndAnIpv6LiteralCompressedInBrackets(String host, String expected) {
        assertEquals(expected, HostPort.of(host, 5050));
    }
}
