package fileserver.server;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How many bytes each TCP connection has sent that its peer has not acknowledged yet, as
 * Linux reports them: the {@code tx_queue} column of {@code /proc/net/tcp} and
 * {@code /proc/net/tcp6} ({@code write_seq - snd_una}).
 *
 * <p>Why the idle watchdog needs it: a write blocked on a full send buffer returns only
 * once about a third of the buffer is free again, and Linux grows that buffer to
 * megabytes, so a client reading slowly but steadily can go longer than the idle timeout
 * between returned writes and be cut as stalled. Its acknowledgements keep coming all the
 * while: when the count of unacknowledged bytes changes, the client is reading. Capping
 * the send buffer instead would make writes return often enough, but a small buffer
 * slows every transfer to a fast client as well. Java offers no socket option for it (no {@code TCP_INFO}), so
 * the watchdog reads the tables, and only while some connection's writes are quiet.
 *
 * <p>Where the tables cannot be read (not Linux, or no file descriptor to spare at the
 * open-files limit), {@link #read} is empty and the watchdog judges by returned writes alone.
 */
final class UnackedBytes {
    private static final List<Path> TABLES = List.of(Path.of("/proc/net/tcp"), Path.of("/proc/net/tcp6"));
    private static final boolean LITTLE_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;
    /** An IPv4 address as an IPv6 socket sees it: {@code ::ffff:a.b.c.d} (RFC 4291 section 2.5.5.2). */
    private static final byte[] V4_MAPPED_PREFIX = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff};

    private UnackedBytes() {
    }

    /** Every connection's unacknowledged bytes, by {@link #keys}; empty if the tables cannot be read. */
    static Map<String, Long> read() {
        Map<String, Long> unacked = new HashMap<>();
        for (Path table : TABLES) {
            try {
                parse(new String(Files.readAllBytes(table), StandardCharsets.ISO_8859_1), unacked);
            } catch (IOException e) {
                // No such table here, or no descriptor to read it with: judge without it.
            }
        }
        return unacked;
    }

    /**
     * Adds the connections of one table to {@code into}. A table is a header line, then one
     * line a socket: {@code "0: 0100007F:13BA 0100007F:D1E2 01 00000A28:00000000 ..."}, the
     * local address, the remote one, the state, then {@code tx_queue:rx_queue} in hex.
     */
    static void parse(String table, Map<String, Long> into) {
        String[] lines = table.split("\n");
        for (int i = 1; i < lines.length; i++) {
            String[] fields = lines[i].trim().split(" +");
            if (fields.length < 5) {
                continue;
            }
            String local = fields[1];
            String queues = fields[4];
            int colon = queues.indexOf(':');
            if (colon < 0) {
                continue;
            }
            try {
                long unacked = Long.parseLong(queues.substring(0, colon), 16);
                into.put(fields[2] + "/" + local.substring(local.indexOf(':') + 1), unacked);
            } catch (NumberFormatException e) {
                // Not a line of the format above: skipped.
            }
        }
    }

    /**
     * The keys under which {@link #read} finds the connection from {@code remote} to local
     * port {@code localPort}: its remote address and port and its local port as the tables
     * write them. An IPv4 peer has two, since a socket bound to an IPv6 address lists it in
     * {@code tcp6} as {@code ::ffff:a.b.c.d}.
     */
    static List<String> keys(InetAddress remote, int remotePort, int localPort) {
        String ports = String.format(Locale.ROOT, ":%04X/%04X", remotePort, localPort);
        byte[] address = remote.getAddress();
        if (!(remote instanceof Inet4Address)) {
            return List.of(hex(address) + ports);
        }
        byte[] mapped = new byte[16];
        System.arraycopy(V4_MAPPED_PREFIX, 0, mapped, 0, V4_MAPPED_PREFIX.length);
        System.arraycopy(address, 0, mapped, V4_MAPPED_PREFIX.length, 4);
        return List.of(hex(address) + ports, hex(mapped) + ports);
    }

    /**
     * An address as the kernel prints it: each 32-bit word as a number in the machine's
     * byte order, so on x86 127.0.0.1 reads {@code 0100007F}.
     */
    private static String hex(byte[] address) {
        StringBuilder text = new StringBuilder(address.length * 2);
        for (int word = 0; word < address.length; word += 4) {
            for (int i = 0; i < 4; i++) {
                int b = address[word + (LITTLE_ENDIAN ? 3 - i : i)] & 0xff;
                text.append(Character.toUpperCase(Character.forDigit(b >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
            }
        }
        return text.toString();
    }
}
