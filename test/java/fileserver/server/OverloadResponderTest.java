package fileserver.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The 503 side line on its own, fed accepted connections directly. Its two threads are
 * kept busy by two silent clients (each 503 then waits up to a second for the client to
 * close), so that a third connection waits in the queue.
 */
class OverloadResponderTest {
    private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
    private final TransferLog log = new TransferLog(new PrintStream(logBytes, true, StandardCharsets.UTF_8));
    private final List<Socket> sockets = new ArrayList<>();
    private ServerSocket listener;
    private OverloadResponder responder;

    @BeforeEach
    void listen() throws IOException {
        listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        responder = new OverloadResponder(log);
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
    void a503ThatCannotBeWrittenIsLoggedAsTheClientGoneNotAsAQueueFullDrop() throws IOException {
        occupyBothThreads();
        Socket client = connect();
        Connection connection = accept();
        client.setSoLinger(true, 0);
        client.close(); // RST: the server's write of the 503 will fail

        responder.reject(connection);

        String peer = "127.0.0.1:" + client.getLocalPort() + " ";
        Poll.until(() -> logLines().stream().anyMatch(l -> l.contains(peer)), Duration.ofSeconds(10),
                () -> "no log line about " + peer + " in " + logLines());
        String line = logLines().stream().filter(l -> l.contains(peer)).findFirst().orElseThrow();
        assertTrue(line.matches(".* 503 over capacity, but the client went away \\(.+\\)$"), line);
        assertFalse(line.contains("queue full"), line);
    }

    @Test
    void beyondItsQueueAConnectionIsClosedAtOnceAndLoggedAsDropped() throws IOException {
        occupyBothThreads();
        for (int i = 0; i < OverloadResponder.QUEUE; i++) {
            connect();
            responder.reject(accept());
        }
        Socket client = connect();
        Connection oneTooMany = accept();

        responder.reject(oneTooMany);

        assertTrue(oneTooMany.socket().isClosed(), "the connection beyond the queue is still open");
        assertEquals(-1, client.getInputStream().read(), "the client sees the connection closed, unanswered");
        String peer = "127.0.0.1:" + client.getLocalPort() + " ";
        List<String> lines = logLines().stream().filter(l -> l.contains(peer)).toList();
        assertEquals(1, lines.size(), logLines().toString());
        assertTrue(lines.get(0).endsWith(peer + "dropped: over capacity and overload queue full"), lines.get(0));
    }

    @Test
    void closingClosesTheConnectionsStillQueued() throws IOException {
        occupyBothThreads();
        Socket client = connect();
        Connection queued = accept();
        responder.reject(queued);

        responder.close();

        assertTrue(queued.socket().isClosed(), "the queued connection's socket is still open");
        assertEquals(-1, client.getInputStream().read(), "the client sees the connection closed");
    }

    /** Two connections whose 503 is sent and whose clients then neither send nor close. */
    private void occupyBothThreads() throws IOException {
        for (int i = 0; i < 2; i++) {
            connect();
            responder.reject(accept());
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

    private List<String> logLines() {
        synchronized (logBytes) {
            return logBytes.toString(StandardCharsets.UTF_8).lines().toList();
        }
    }
}
