package fileserver.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import fileserver.testing.RunningServer;
import fileserver.testing.TestFiles;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A server on the IPv6 loopback writes its URL and its peers as [::1]:port, never 0:0:0:0:0:0:0:1:port. */
class Ipv6AddressTest {
    private static InetAddress ipv6Loopback;

    @TempDir
    Path dir;

    @BeforeAll
    static void requireIpv6Loopback() throws IOException {
        ipv6Loopback = InetAddress.getByName("::1");
        boolean available;
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(ipv6Loopback, 0));
            available = true;
        } catch (IOException e) {
            available = false;
        }
        assumeTrue(available, "this machine has no IPv6 loopback");
    }

    @Test
    void theUrlOfAServerOnIpv6LoopbackIsCompressedInBrackets() throws IOException {
        Path file = TestFiles.write(dir, "bio.txt", new byte[10]);
        try (RunningServer server = RunningServer.serving(file, b -> b.bindAddress(ipv6Loopback))) {
            assertEquals("http://[::1]:" + server.port() + "/bio.txt", server.server().url());
            server.awaitLogLine(l -> l.contains(" listening on http://[::1]:" + server.port() + "/bio.txt "),
                    Duration.ofSeconds(10));
        }
    }

    @Test
    void logLinesNameAnIpv6PeerCompressedInBrackets() throws IOException {
        Path file = TestFiles.write(dir, "bio.txt", new byte[10]);
        try (RunningServer server = RunningServer.serving(file, b -> b.bindAddress(ipv6Loopback));
             Socket client = new Socket(ipv6Loopback, server.port())) {
            client.setSoTimeout(10_000);
            client.getOutputStream().write(("GET /bio.txt HTTP/1.1\r\nHost: [::1]:" + server.port()
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            try (InputStream in = client.getInputStream()) {
                in.readAllBytes();
            }

            String peer = "[::1]:" + client.getLocalPort() + " ";
            String line = server.awaitLogLine(l -> l.contains("\"GET /bio.txt HTTP/1.1\""), Duration.ofSeconds(10));
            assertTrue(line.contains(" " + peer), line);
        }
    }
}
