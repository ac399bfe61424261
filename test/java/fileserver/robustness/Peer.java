package fileserver.robustness;

import fileserver.protocol.HeadReader;
import fileserver.protocol.HeaderParser;
import fileserver.protocol.Headers;
import fileserver.protocol.StatusLine;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A raw TCP peer of the server under test: sends exactly the bytes it is given, however
 * wrong, and keeps its own port so that the server's log line about it can be found.
 */
final class Peer implements AutoCloseable {
    private final Socket socket;

    private Peer(Socket socket) {
        this.socket = socket;
    }

    /** Connects to 127.0.0.1:{@code port}, with a read timeout that makes a hang a failure. */
    static Peer connect(int port) throws IOException {
        return connect(port, 0);
    }

    /**
     * Connects with a receive buffer of {@code receiveBuffer} bytes (0: the default); a
     * small one makes a client that stops reading stall the server's writes sooner.
     *
     * <p>Only for a peer that never reads on. Once such a small window is full, the
     * sender falls back to zero-window probes whose interval doubles while nobody reads
     * ({@code ss -ti} shows {@code timer:(persist...)} and the backoff). A peer that
     * reads on later was seen waiting 30 to 80 s on loopback before data flowed again,
     * long enough for the server's idle timeout to cut it.
     */
    static Peer connect(int port, int receiveBuffer) throws IOException {
        Socket socket = new Socket();
        try {
            if (receiveBuffer > 0) {
                socket.setReceiveBufferSize(receiveBuffer); // before connect: it sets the window scale
            }
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 10_000);
            socket.setSoTimeout(30_000);
            return new Peer(socket);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    Socket socket() {
        return socket;
    }

    /** The client-side port, which the server logs as {@code 127.0.0.1:PORT}. */
    int localPort() {
        return socket.getLocalPort();
    }

    void send(byte[] bytes) throws IOException {
        socket.getOutputStream().write(bytes);
    }

    void send(String latin1) throws IOException {
        send(latin1.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Sends FIN: "that was my whole request". */
    void halfClose() throws IOException {
        socket.shutdownOutput();
    }

    InputStream in() throws IOException {
        return socket.getInputStream();
    }

    /** Everything the server sends until it closes its side. */
    byte[] readAll() throws IOException {
        return socket.getInputStream().readAllBytes();
    }

    /** Reads the whole reply and parses it; see {@link Response#parse}. */
    Response readResponse() throws IOException {
        return Response.parse(readAll());
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** Sends {@code request}, reads until the server closes, closes, and returns the parsed reply. */
    static Exchange exchange(int port, byte[] request) throws IOException {
        try (Peer peer = connect(port)) {
            peer.send(request);
            return new Exchange(peer.localPort(), peer.readAll());
        }
    }

    /** What a peer sent and got back: its port and the raw reply (empty if the server only closed). */
    record Exchange(int peerPort, byte[] raw) {
        Response response() throws IOException {
            return Response.parse(raw);
        }
    }

    /** A parsed HTTP/1.1 reply. */
    record Response(int status, Headers headers, byte[] body) {
        /**
         * Parses {@code raw} as one HTTP/1.1 response that ends where the bytes end.
         *
         * @throws IOException if it is not one (no status line, a bad header, a short head)
         */
        static Response parse(byte[] raw) throws IOException {
            InputStream in = new ByteArrayInputStream(raw);
            List<String> head = HeadReader.read(in, 64 * 1024);
            StatusLine status = StatusLine.parse(head.get(0));
            if (!status.version().equals("HTTP/1.1")) {
                throw new IOException("not HTTP/1.1: " + head.get(0));
            }
            return new Response(status.code(), HeaderParser.parse(head), in.readAllBytes());
        }

        String header(String name) {
            return headers.first(name).orElse(null);
        }
    }

    /** Matches the server's log lines about the peer that used local port {@code port}. */
    static Pattern logLineOf(int port) {
        return Pattern.compile(" 127\\.0\\.0\\.1:" + port + " id=");
    }
}
