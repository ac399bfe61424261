package fileserver.server;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fileserver.testing.Poll;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The 503 side line on its own, fed accepted connections directly. */
class OverloadResponderTest {
    private static final int LIMIT = 200;
    private static final String REQUEST = "GET / HTTP/1.1\r\nHost: x\r\n\r\n";

    private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
    private final TransferLog log = new TransferLog(new PrintStream(logBytes, true, StandardCharsets.UTF_8));
    private final List<Socket> sockets = new ArrayList<>();
    private ServerSocket listener;
    private OverloadResponder responder;

    @BeforeEach
    void listen() throws IOException {
        listener = new ServerSocket(0, LIMIT + 50, InetAddress.getLoopbackAddress());
        responder = new OverloadResponder(log, LIMIT);
    }

    @AfterEach
    void closeEverything() throws IOException {
        responder.close();
        for (Socket socket : sockets) {
            socket.close();
        }
        listener.close();
    }

    @Test
    void aClientThatSentItsRequestAndNeverClosesStillReadsThe503AndThenAnOrderlyEnd() throws IOException {
        Socket client = connect();
        client.getOutputStream().write(REQUEST.getBytes(StandardCharsets.US_ASCII));
        Connection connection = accept();
        // The request is in the server's receive buffer before the 503 is sent, and is never
        // read by anyone but the responder: unread at the close, it would turn FIN into RST.
        Poll.until(() -> available(connection) == REQUEST.length(), Duration.ofSeconds(10),
                () -> "the request did not arrive");

        responder.reject(connection);

        // Read only after the linger is over, when the server has closed its end.
        Poll.until(() -> connection.socket().isClosed(), Duration.ofSeconds(10), () -> "the connection was never closed");
        String response = new String(client.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        assertTrue(response.startsWith("HTTP/1.1 503 Service Unavailable\r\n"), response);
        assertTrue(response.contains("\r\nRetry-After: 1\r\n"), response);
        // Had the server closed with the request unread, its kernel would have sent RST,
        // and this write would fail at once; after an orderly FIN it is accepted.
        assertDoesNotThrow(() -> client.getOutputStream().write('x'), "the server reset the connection");
        String peer = "127.0.0.1:" + client.getLocalPort() + " ";
        assertEquals(List.of(peer + "503 over capacity, told to retry"), linesAbout(peer));
    }

    @Test
    void each503IsDatedWhenItIsSent() throws IOException {
        // A second boundary after the responder was made: a 503 it made once, at its start,
        // would carry the earlier second.
        long made = Instant.now().getEpochSecond();
        Poll.until(() -> Instant.now().getEpochSecond() > made, Duration.ofSeconds(5), () -> "the clock stood still");
        Socket client = connect();
        Connection connection = accept();

        responder.reject(connection);

        String response = new String(client.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        String date = response.lines().filter(line -> line.startsWith("Date: ")).findFirst().orElseThrow();
        Instant sent = DateTimeFormatter.RFC_1123_DATE_TIME.parse(date.substring(6), Instant::from);
        assertTrue(sent.getEpochSecond() > made, date + " is not after the responder was made, " + Instant.ofEpochSecond(made));
    }

    @Test
    void noThreadWaitsForAClient() throws IOException {
        // Far more silent clients than the responder has threads, each still open: had each
        // 503 waited even a second for its client, the last would come after 50 s, not
        // within the 10 s that all of them get here.
        List<Socket> clients = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            clients.add(connect());
            responder.reject(accept());
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        for (Socket client : clients) {
            client.setSoTimeout((int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            byte[] head = new byte[12];
            int read = client.getInputStream().readNBytes(head, 0, head.length);
            assertEquals("HTTP/1.1 503", new String(head, 0, read, StandardCharsets.US_ASCII));
        }
    }

    @Test
    void a503ThatCannotBeWrittenIsLoggedAsTheClientGone() throws IOException {
        Socket client = connect();
        Connection connection = accept();
        client.setSoLinger(true, 0);
        client.close(); // RST, delivered at once on loopback: the server's write of the 503 will fail

        responder.reject(connection);

        String peer = "127.0.0.1:" + client.getLocalPort() + " ";
        Poll.until(() -> !linesAbout(peer).isEmpty(), Duration.ofSeconds(10), () -> "no log line about " + peer);
        String line = linesAbout(peer).get(0);
        assertTrue(line.matches(".* 503 over capacity, but the client went away \\(.+\\)$"), line);
    }

    @Test
    void beyondItsLimitAConnectionIsClosedUnansweredAndCounted() throws IOException {
        for (int i = 0; i < LIMIT; i++) {
            connect();
            responder.reject(accept());
        }
        Socket client = connect();
        Connection oneTooMany = accept();

        responder.reject(oneTooMany);

        assertTrue(oneTooMany.socket().isClosed(), "the connection beyond the limit is still open");
        assertEquals(-1, client.getInputStream().read(), "the client sees the connection closed, unanswered");
        String peer = "127.0.0.1:" + client.getLocalPort() + " ";
        assertEquals(List.of(peer + "dropped unanswered: over capacity and " + LIMIT
                + " held for 503s already (1 dropped so far)"), linesAbout(peer));
        assertEquals(1, responder.dropped());
    }

    @Test
    void closingClosesEveryConnectionHeld() throws IOException {
        Socket client = connect();
        Connection lingering = accept();
        responder.reject(lingering);
        client.getInputStream().readNBytes(12); // the 503 is out; the connection lingers

        responder.close();

        assertTrue(lingering.socket().isClosed(), "the lingering connection's socket is still open");
    }

    /** Bytes readable without blocking, or -1 if the connection cannot say. */
    private static int available(Connection connection) {
        try {
            return connection.socket().getInputStream().available();
        } catch (IOException e) {
            return -1;
        }
    }

    private Socket connect() throws IOException {
        Socket client = new Socket();
        sockets.add(client);
        client.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), listener.getLocalPort()), 10_000);
        client.setSoTimeout(10_000);
        return client;
    }

    private Connection accept() throws IOException {
        Socket socket = listener.accept();
        sockets.add(socket);
        return new Connection(socket);
    }

    /** The log lines after the time stamp, of those that mention {@code peer}. */
    private List<String> linesAbout(String peer) {
        synchronized (logBytes) {
            return logBytes.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains(peer))
                    .map(l -> l.substring(l.indexOf(' ') + 1)).toList();
        }
    }
}
