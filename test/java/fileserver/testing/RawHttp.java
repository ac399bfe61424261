package fileserver.testing;

import fileserver.protocol.HeadReader;
import fileserver.protocol.HeaderParser;
import fileserver.protocol.Headers;
import fileserver.protocol.StatusLine;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Sends raw bytes to a server and reads the whole reply, for tests that need exact control. */
public final class RawHttp {
    private RawHttp() {
    }

    /** A reply: status, headers and every body byte up to the server's close. */
    public record Reply(int status, Headers headers, byte[] body) {
        public String header(String name) {
            return headers.first(name).orElse(null);
        }

        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** A GET request for {@code target} with the usual headers plus {@code extraHeaders} (CRLF-terminated lines). */
    public static Reply get(int port, String target, String... extraHeaders) throws IOException {
        return request(port, "GET", target, extraHeaders);
    }

    public static Reply request(int port, String method, String target, String... extraHeaders) throws IOException {
        StringBuilder request = new StringBuilder()
                .append(method).append(' ').append(target).append(" HTTP/1.1\r\n")
                .append("Host: 127.0.0.1:").append(port).append("\r\n");
        for (String header : extraHeaders) {
            request.append(header).append("\r\n");
        }
        request.append("Connection: close\r\n\r\n");
        return send(port, request.toString().getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Sends {@code request} as it is and reads the reply to the end of the stream. */
    public static Reply send(int port, byte[] request) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(request);
            InputStream in = new BufferedInputStream(socket.getInputStream());
            List<String> head = HeadReader.read(in, 64 * 1024);
            StatusLine status = StatusLine.parse(head.get(0));
            return new Reply(status.code(), HeaderParser.parse(head), in.readAllBytes());
        }
    }
}
