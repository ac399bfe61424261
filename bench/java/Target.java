import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * Where every connection goes and the request each one sends: a plain GET that closes
 * the connection afterwards, so the end of a download is its Content-Length or the close.
 */
record Target(InetSocketAddress address, byte[] request) {

    static Target of(Options options) {
        // An IPv6 literal needs brackets in the Host header.
        String host = options.host().indexOf(':') >= 0 ? "[" + options.host() + "]" : options.host();
        byte[] request = ("GET " + options.path() + " HTTP/1.1\r\n"
                + "Host: " + host + ":" + options.port() + "\r\n"
                + "User-Agent: bench-loadgenerator/1\r\n"
                + "Accept-Encoding: identity\r\n"
                + "Connection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
        return new Target(new InetSocketAddress(options.host(), options.port()), request);
    }
}
