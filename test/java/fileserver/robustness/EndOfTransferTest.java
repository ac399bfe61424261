package fileserver.robustness;

import static fileserver.robustness.ServerProbe.awaitIdle;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fileserver.testing.Peer;
import fileserver.testing.Poll;
import fileserver.testing.RunningServer;
import fileserver.testing.TestFiles;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18, findings 1 and 5: how a transfer ends, and what the log says about it. The
 * transfer line ({@code "GET ..." 200 N bytes}) is written only for a client that closed
 * after the last byte; any other end is "client went away", and no RST eats the tail of
 * the file of a client that sent more than its request.
 */
@Timeout(120)
class EndOfTransferTest {
    private static final int TEN_MIB = 10 * 1024 * 1024;

    @TempDir
    java.nio.file.Path dir;

    /**
     * The server used to read at most 64 KiB after the response and then close; the rest
     * still unread made the kernel send RST, and the RST discarded the tail of the file
     * (6,969,040 of 10,485,760 bytes arrived). Now it reads until the client closes.
     */
    @Test
    void aClientThatSendsMegabytesAfterItsRequestGetsEveryByte() throws Exception {
        byte[] content = TestFiles.randomBytes(TEN_MIB, 181);
        try (RunningServer server = RunningServer.serving(TestFiles.write(dir, "bio.txt", content))) {
            int port;
            AtomicLong junkSent = new AtomicLong();
            Thread writer;
            try (Peer peer = Peer.connect(server.port())) {
                port = peer.localPort();
                peer.send("GET /bio.txt HTTP/1.1\r\nHost: a\r\n\r\n");
                writer = new Thread(() -> sendJunk(peer, 16 * 1024 * 1024, junkSent), "junk-writer");
                writer.start();

                assertEquals(200, peer.readHead().code());
                byte[] body = peer.readAll();

                assertEquals(content.length, body.length, "bytes received");
                assertArrayEquals(content, body);
                writer.join(60_000);
                assertFalse(writer.isAlive(), "the junk writer is still blocked after " + junkSent + " bytes");
                assertEquals(16 * 1024 * 1024, junkSent.get(), "junk the server took");
            }
            String line = awaitLineAbout(server, port, Duration.ofSeconds(30));
            assertTrue(line.contains("\"GET /bio.txt HTTP/1.1\" 200 " + TEN_MIB + " bytes "), line);
        }
    }

    private static void sendJunk(Peer peer, int total, AtomicLong sent) {
        byte[] junk = new byte[64 * 1024];
        java.util.Arrays.fill(junk, (byte) 'x');
        try {
            while (sent.get() < total) {
                peer.send(junk);
                sent.addAndGet(junk.length);
            }
        } catch (IOException e) {
            // The server closed on us: the count says how far it got.
        }
    }

    /**
     * The whole file is with the client's kernel (its receive buffer holds it all) when it
     * closes having read half: the close sends RST, which the server reads while it waits
     * for the close. It used to take that reset for a close and log a complete transfer.
     *
     * <p>The client closes as curl or any C client does: close(2) with input unread sends
     * RST. Java's {@code Socket.close} shuts the output first (FIN), unless SO_LINGER is 0,
     * and a FIN cannot be told from a clean close (see ClosingHandshake).
     */
    @Test
    void aClientThatClosesWithHalfTheFileUnreadIsLoggedAsGoneAway() throws Exception {
        int size = 2 * 1024 * 1024;
        byte[] content = TestFiles.randomBytes(size, 182);
        try (RunningServer server = RunningServer.serving(TestFiles.write(dir, "bio.txt", content))) {
            int port;
            try (Peer peer = Peer.connect(server.port(), 4 * 1024 * 1024)) {
                port = peer.localPort();
                peer.send("GET /bio.txt HTTP/1.1\r\nHost: a\r\n\r\n");
                peer.readHead();
                InputStream in = peer.in();
                assertEquals(size / 2, in.readNBytes(size / 2).length);
                // Every byte sent is here once the rest of the file waits in the receive buffer.
                Poll.until(() -> available(in) == size / 2, Duration.ofSeconds(30),
                        () -> available(in) + " of " + size / 2 + " bytes arrived");
                peer.socket().setSoLinger(true, 0);
            } // closing with unread data: RST
            String line = awaitLineAbout(server, port, Duration.ofSeconds(30));
            assertTrue(line.contains(" client went away after " + size + " of " + size + " bytes ("), line);
            awaitIdle(server, Duration.ofSeconds(10));
        }
    }

    private static int available(InputStream in) {
        try {
            return in.available();
        } catch (IOException e) {
            return -1;
        }
    }

    /** Issue 18's own case: 5 MB of the 10 MiB file read, then closed (with RST, as above). */
    @Test
    void aClientThatReadsHalfOfTenMibAndClosesIsNotLoggedAsComplete() throws Exception {
        byte[] content = TestFiles.randomBytes(TEN_MIB, 183);
        try (RunningServer server = RunningServer.serving(TestFiles.write(dir, "bio.txt", content))) {
            int port;
            try (Peer peer = Peer.connect(server.port())) {
                port = peer.localPort();
                peer.send("GET /bio.txt HTTP/1.1\r\nHost: a\r\n\r\n");
                peer.readHead();
                assertEquals(5_000_000, peer.in().readNBytes(5_000_000).length);
                peer.socket().setSoLinger(true, 0);
            }
            String line = awaitLineAbout(server, port, Duration.ofSeconds(30));
            assertTrue(Pattern.compile(" client went away after \\d+ of " + TEN_MIB + " bytes \\(.+\\)$")
                    .matcher(line).find(), line);
            assertFalse(line.contains("\" 200 "), line);
        }
    }

    /** A client that has the whole file but never closes is not known to have it all. */
    @Test
    void aClientThatNeverClosesIsLoggedAsGoneAwayAfterTheIdleTimeout() throws Exception {
        byte[] content = TestFiles.randomBytes(64 * 1024, 184);
        try (RunningServer server = RunningServer.serving(TestFiles.write(dir, "bio.txt", content),
                b -> b.idleTimeout(Duration.ofSeconds(2)));
             Peer peer = Peer.connect(server.port())) {
            peer.send("GET /bio.txt HTTP/1.1\r\nHost: a\r\n\r\n");
            assertArrayEquals(content, peer.readResponse().body());

            String line = awaitLineAbout(server, peer.localPort(), Duration.ofSeconds(30));
            assertTrue(line.endsWith(" client went away after 65536 of 65536 bytes (did not close: no progress for 2 s after the last byte)"), line);
        }
    }

    /** The one line about peer {@code port}, once it is there. */
    private static String awaitLineAbout(RunningServer server, int port, Duration timeout) {
        server.awaitLogLine(line -> Peer.logLineOf(port).matcher(line).find(), timeout);
        var lines = ServerProbe.linesAbout(server, port);
        assertEquals(1, lines.size(), "log lines about peer " + port + ": " + lines);
        return lines.get(0);
    }
}
