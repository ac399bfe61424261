package fileserver.status;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Who may see {@code /status}, {@code /status.json} and {@code /metrics}: the value of
 * {@code --status-from}. Everyone else gets 404, as if the paths did not exist, so a
 * server opened to the network does not show its clients' addresses and ids to them.
 *
 * <p>The value is {@code off}, or a comma-separated list of {@code loopback} (127.0.0.0/8
 * and ::1, the default), addresses and CIDR blocks, such as {@code loopback,10.0.0.0/8}.
 * Addresses are literals only: a host name would make the rule depend on a lookup.
 */
public final class StatusAccess {
    /** The default: only this machine's own loopback peers. */
    public static final StatusAccess LOOPBACK = new StatusAccess("loopback", List.of(Block.LOOPBACK_V4, Block.LOOPBACK_V6));
    /** Nobody: the paths do not exist. */
    public static final StatusAccess OFF = new StatusAccess("off", List.of());

    private final String text;
    private final List<Block> blocks;

    private StatusAccess(String text, List<Block> blocks) {
        this.text = text;
        this.blocks = List.copyOf(blocks);
    }

    /**
     * Reads a {@code --status-from} value.
     *
     * @throws IllegalArgumentException naming the part that is neither {@code loopback},
     *                                  an address literal nor a CIDR block
     */
    public static StatusAccess parse(String text) {
        if (text.equals(OFF.text)) {
            return OFF;
        }
        if (text.equals(LOOPBACK.text)) {
            return LOOPBACK;
        }
        List<Block> blocks = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            if (part.equals("loopback")) {
                blocks.addAll(LOOPBACK.blocks);
            } else {
                blocks.add(Block.parse(part));
            }
        }
        return new StatusAccess(text, blocks);
    }

    /** True if {@code peer} may see the status paths. */
    public boolean allows(InetAddress peer) {
        for (Block block : blocks) {
            if (block.contains(peer)) {
                return true;
            }
        }
        return false;
    }

    /** True unless nobody may see them. */
    public boolean enabled() {
        return !blocks.isEmpty();
    }

    /** The option's value, as given. */
    @Override
    public String toString() {
        return text;
    }

    /** An address block: the first {@code prefixLength} bits of {@code network}. */
    private record Block(byte[] network, int prefixLength) {
        static final Block LOOPBACK_V4 = new Block(new byte[] {127, 0, 0, 0}, 8);
        static final Block LOOPBACK_V6 = new Block(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}, 128);

        static Block parse(String text) {
            int slash = text.indexOf('/');
            String address = slash < 0 ? text : text.substring(0, slash);
            byte[] network = literal(address, text);
            int bits = network.length * 8;
            int prefix = bits;
            if (slash >= 0) {
                String length = text.substring(slash + 1);
                if (!length.matches("[0-9]{1,3}") || Integer.parseInt(length) > bits) {
                    throw new IllegalArgumentException("'" + text + "' has a prefix length that is not 0 to " + bits);
                }
                prefix = Integer.parseInt(length);
            }
            return new Block(network, prefix);
        }

        /** The bytes of an IPv4 or IPv6 literal; never a lookup. */
        private static byte[] literal(String address, String whole) {
            byte[] ipv4 = ipv4(address);
            if (ipv4 != null) {
                return ipv4;
            }
            // With a colon, InetAddress reads an IPv6 literal or fails; it looks up only what has none.
            if (address.contains(":") && address.matches("[0-9A-Fa-f:.]+")) {
                try {
                    return InetAddress.getByName(address).getAddress();
                } catch (UnknownHostException e) {
                    throw new IllegalArgumentException("'" + whole + "' is not loopback, an IP address or a CIDR block", e);
                }
            }
            throw new IllegalArgumentException("'" + whole + "' is not loopback, an IP address or a CIDR block");
        }

        /** The bytes of four decimal numbers of 0 to 255 separated by dots, or null if it is not that. */
        private static byte[] ipv4(String address) {
            String[] parts = address.split("\\.", -1);
            if (parts.length != 4) {
                return null;
            }
            byte[] bytes = new byte[4];
            for (int i = 0; i < 4; i++) {
                if (!parts[i].matches("[0-9]{1,3}") || Integer.parseInt(parts[i]) > 255) {
                    return null;
                }
                bytes[i] = (byte) Integer.parseInt(parts[i]);
            }
            return bytes;
        }

        boolean contains(InetAddress peer) {
            byte[] address = peer.getAddress();
            if (address.length != network.length) {
                return false;
            }
            int whole = prefixLength / 8;
            for (int i = 0; i < whole; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefixLength % 8;
            if (rest == 0) {
                return true;
            }
            int mask = 0xff << (8 - rest) & 0xff;
            return (address[whole] & mask) == (network[whole] & mask);
        }
    }
}
