package fileserver.testing;

import fileserver.protocol.Headers;
import fileserver.protocol.HttpResponse;
import fileserver.protocol.ResponseParser;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * A raw TCP peer of the server under test: sends exactly the bytes it is given, however
 * wrong, reads what comes back, and keeps its own port so that the server's log line
 * about it can be found. The static methods make one whole exchange and close.
 */
public final class Peer implements AutoCloseable {
    private static final int MAX_HEAD_BYTES = 64 * 1024;

    private final Socket socket;
    private final InputStream in;

    private Peer(Socket socket) throws IOException {
        this.socket = socket;
        // Small: a peer that reads only the head leaves the body in the kernel's buffers.
        this.in = new BufferedInputStream(socket.getInputStream(), 1024);
    }

    /** Connects to 127.0.0.1:{@code port}, with a read timeout that makes a hang a failure. */
    public static Peer connect(int port) throws IOException {
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
    public static Peer connect(int port, int receiveBuffer) throws IOException {
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

    /** A GET request for {@code target} with the usual headers plus {@code extraHeaders} (lines without CRLF). */
    public static Response get(int port, String target, String... extraHeaders) throws IOException {
        return request(port, "GET", target, extraHeaders);
    }

    /** Sends a well-formed request, reads the whole reply and parses it. */
    public static Response request(int port, String method, String target, String... extraHeaders)
            throws IOException {
        StringBuilder request = new StringBuilder()
                .append(method).append(' ').append(target).append(" HTTP/1.1\r\n")
                .append("Host: 127.0.0.1:").append(port).append("\r\n");
        for (String header : extraHeaders) {
            request.append(header).append("\r\n");
        }
        request.append("Connection: close\r\n\r\n");
        return exchange(port, request.toString().getBytes(StandardCharsets.ISO_8859_1)).response();
    }

    /** Sends {@code request} as it is, reads until the server closes, closes, and returns both. */
    public static Exchange exchange(int port, byte[] request) throws IOException {
        try (Peer peer = connect(port)) {
            peer.send(request);
            return new Exchange(peer.localPort(), peer.readAll());
        }
    }

    public Socket socket() {
        return socket;
    }

    /** The client-side port, which the server logs as {@code 127.0.0.1:PORT}. */
    public int localPort() {
        return socket.getLocalPort();
    }

    public void send(byte[] bytes) throws IOException {
        socket.getOutputStream().write(bytes);
    }

    public void send(String latin1) throws IOException {
        send(latin1.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Sends FIN: "that was my whole request". */
    public void halfClose() throws IOException {
        socket.shutdownOutput();
    }

    /** What the server sends, from wherever {@link #readHead} left off. */
    public InputStream in() {
        return in;
    }

    /** Reads the head of the server's reply, leaving its body in {@link #in()}. */
    public HttpResponse readHead() throws IOException {
        return ResponseParser.read(in, MAX_HEAD_BYTES);
    }

    /** Everything the server sends until it closes its side. */
    public byte[] readAll() throws IOException {
        return in.readAllBytes();
    }

    /** Reads the whole reply and parses it; see {@link Response#parse}. */
    public Response readResponse() throws IOException {
        return Response.parse(readAll());
    }

    /**
     * Starts sending {@code bytes} one at a time, {@code pace} apart, on a thread of its
     * own: a slow client, as in a slowloris attack. It stops when all are sent, when the
     * server closes, or when the returned trickle is closed.
     */
    public Trickle trickle(byte[] bytes, Duration pace) {
        Thread thread = new Thread(() -> {
            try {
                for (byte b : bytes) {
                    send(new byte[] {b});
                    Thread.sleep(pace.toMillis()); // the pace of the client under test, not a synchronisation
                }
            } catch (IOException | InterruptedException e) {
                // The server closed on us or the test is over: stop trickling.
            }
        }, "trickle-" + localPort());
        thread.start();
        return new Trickle(thread);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** A trickle in progress; {@link #close} stops it and waits for its thread. */
    public static final class Trickle implements AutoCloseable {
        private final Thread thread;

        private Trickle(Thread thread) {
            this.thread = thread;
        }

        /** True while bytes are still to be sent. */
        public boolean isAlive() {
            return thread.isAlive();
        }

        @Override
        public void close() {
            thread.interrupt();
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** What a peer sent and got back: its port and the raw reply (empty if the server only closed). */
    public record Exchange(int peerPort, byte[] raw) {
        public Response response() throws IOException {
            return Response.parse(raw);
        }
    }

    /** A whole HTTP/1.1 reply: status, headers and every body byte up to the server's close. */
    public record Response(int status, Headers headers, byte[] body) {
        /**
         * Parses {@code raw} as one HTTP/1.1 response that ends where the bytes end.
         *
         * @throws IOException if it is not one (no status line, a bad header, a short head)
         */
        public static Response parse(byte[] raw) throws IOException {
            InputStream in = new ByteArrayInputStream(raw);
            HttpResponse head = ResponseParser.read(in, MAX_HEAD_BYTES);
            if (!head.status().version().equals("HTTP/1.1")) {
                throw new IOException("not HTTP/1.1: " + head.status().version() + " " + head.status());
            }
            return new Response(head.code(), head.headers(), in.readAllBytes());
        }

        /** The value of the first field named {@code name}, or null if there is none. */
        public String header(String name) {
            return headers.first(name).orElse(null);
        }

        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** Matches the server's log lines about the peer that used local port {@code port}. */
    public static Pattern logLineOf(int port) {
        return Pattern.compile(" 127\\.0\\.0\\.1:" + port + " id=");
    }
}
