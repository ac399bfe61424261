package fileserver.robustness;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fileserver.testing.Peer;
import fileserver.testing.Poll;
import fileserver.testing.RunningServer;
import fileserver.testing.TestFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * What the robustness tests measure about a server in this JVM: its threads by name
 * ({@code worker-}, {@code overload-}), this
 * process's open file descriptors, and whether it still serves a correct copy.
 */
final class ServerProbe {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private ServerProbe() {
    }

    /** Live threads whose names start with {@code prefix}. */
    static int threadsNamed(String prefix) {
        int count = 0;
        for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (info != null && info.getThreadName().startsWith(prefix)) {
                count++;
            }
        }
        return count;
    }

    /** File descriptors this process holds open: sockets count, so a socket leak shows here. */
    static int openFileDescriptors() {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return (int) fds.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Connection handshakes dropped at a listening socket in this network namespace since
     * boot ({@code ListenDrops} in /proc/net/netstat, which includes {@code ListenOverflows},
     * the drops because the listen queue was full).
     */
    static long listenQueueDrops() {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/net/netstat"));
            for (int i = 0; i + 1 < lines.size(); i++) {
                if (lines.get(i).startsWith("TcpExt:") && lines.get(i + 1).startsWith("TcpExt:")) {
                    List<String> names = List.of(lines.get(i).split(" "));
                    return Long.parseLong(lines.get(i + 1).split(" ")[names.indexOf("ListenDrops")]);
                }
            }
            throw new IllegalStateException("no TcpExt counters in /proc/net/netstat");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until the server holds no connection and no worker is inside one. */
    static void awaitIdle(RunningServer server, Duration timeout) {
        Poll.until(() -> server.server().openConnections() == 0 && server.server().busyWorkers() == 0, timeout,
                () -> server.server().openConnections() + " connections open, " + server.server().busyWorkers()
                        + " workers busy");
    }

    /** Waits until the process holds at most {@code baseline + slack} file descriptors. */
    static void awaitDescriptorsBackTo(int baseline, int slack, Duration timeout) {
        Poll.until(() -> openFileDescriptors() <= baseline + slack, timeout,
                () -> openFileDescriptors() + " file descriptors open, " + baseline + " before");
    }

    /** Downloads the file as a normal client would and checks every byte and the digest. */
    static void assertServesCorrectly(RunningServer server, byte[] content) throws IOException {
        Peer.Response reply = Peer.get(server.port(), "/bio.txt");
        assertEquals(200, reply.status(), "a normal download afterwards");
        assertArrayEquals(content, reply.body(), "a normal download afterwards");
        assertEquals(reprDigest(content), reply.header("Repr-Digest"));
    }

    static String reprDigest(byte[] content) {
        return "sha-256=:" + Base64.getEncoder().encodeToString(HexFormat.of().parseHex(TestFiles.sha256Hex(content)))
                + ":";
    }

    /** The log lines about the peer that used local port {@code port}. */
    static List<String> linesAbout(RunningServer server, int port) {
        return server.logLines().stream().filter(line -> Peer.logLineOf(port).matcher(line).find()).toList();
    }

    /** Waits for the server's one line about peer {@code port} and returns it; fails on two. */
    static String awaitOnlyLineAbout(RunningServer server, int port) {
        server.awaitLogLine(line -> Peer.logLineOf(port).matcher(line).find(), Duration.ofSeconds(10));
        List<String> lines = linesAbout(server, port);
        assertEquals(1, lines.size(), "log lines about peer " + port + ": " + lines);
        String line = lines.get(0);
        assertTrue(line.chars().allMatch(c -> c >= 0x20 && c < 0x7f), "log line not sanitised: " + line);
        return line;
    }
}
