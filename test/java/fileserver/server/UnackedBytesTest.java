package fileserver.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fileserver.testing.Poll;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The kernel's count of unacknowledged bytes per connection, as the idle watchdog reads it. */
class UnackedBytesTest {
    private static final String TCP = """
              sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
               0: 0100007F:13BA 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1 0
               1: 0100007F:13BA 0100007F:D1E2 01 0001F400:00000000 01:00000014 00000000     0        0 2 4 0
            """;
    private static final String TCP6 = """
              sl  local_address                         remote_address                        st tx_queue rx_queue
               0: 00000000000000000000000000000000:13BA 0000000000000000FFFF00000100007F:D1E3 01 00000010:00000000
            """;

    @Test
    void readsTheUnacknowledgedBytesOfEachConnectionByRemoteAndLocalPort() {
        Map<String, Long> unacked = new HashMap<>();
        UnackedBytes.parse(TCP, unacked);
        UnackedBytes.parse(TCP6, unacked);

        assertEquals(Map.of(
                "00000000:0000/13BA", 0L,
                "0100007F:D1E2/13BA", 0x1F400L,
                "0000000000000000FFFF00000100007F:D1E3/13BA", 0x10L), unacked);
    }

    @Test
    void anIpv4PeerHasAKeyInEachTable() {
        List<String> keys = UnackedBytes.keys(InetAddress.getLoopbackAddress(), 0xD1E2, 0x13BA);

        assertEquals(List.of("0100007F:D1E2/13BA", "0000000000000000FFFF00000100007F:D1E2/13BA"), keys);
    }

    @Test
    void anIpv6PeerHasOne() throws Exception {
        List<String> keys = UnackedBytes.keys(InetAddress.getByName("::1"), 80, 5050);

        assertEquals(List.of("00000000000000000000000001000000:0050/13BA"), keys);
    }

    /**
     * A real connection whose client reads nothing: once the client's window is full, the
     * bytes written and not acknowledged stay in the table under the connection's key.
     */
    @Test
    void findsALiveConnectionsUnacknowledgedBytes() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Socket client = new Socket()) {
            client.setReceiveBufferSize(4096);
            client.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), listener.getLocalPort()));
            Socket served = listener.accept();
            served.setSendBufferSize(64 * 1024);
            OutputStream out = served.getOutputStream();
            Thread writer = new Thread(() -> {
                try {
                    out.write(new byte[4 * 1024 * 1024]); // blocks for good: the client never reads
                } catch (Exception e) {
                    // the socket closed at the end of the test
                }
            });
            writer.start();
            try {
                List<String> keys = UnackedBytes.keys(served.getInetAddress(), served.getPort(), served.getLocalPort());

                Poll.until(() -> unacked(keys) > 0, Duration.ofSeconds(10), () -> "no unacknowledged bytes under "
                        + keys + " in " + UnackedBytes.read());

                assertTrue(unacked(keys) <= 4 * 1024 * 1024);
            } finally {
                served.close(); // ends the blocked write
                writer.join(10_000);
            }
        }
    }

    private static long unacked(List<String> keys) {
        Map<String, Long> table = UnackedBytes.read();
        return keys.stream().filter(table::containsKey).mapToLong(table::get).max().orElse(-1);
    }
}
