package fileserver.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import fileserver.snapshot.SnapshotSource;
import fileserver.testing.TestFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which threads a FileServer has running before start(), and after a start() that failed. */
class FileServerLifecycleTest {
    @TempDir
    Path dir;

    @Test
    void constructingAServerStartsNoThread() throws IOException {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        FileServer server = newServer(0);

        assertEquals(List.of(), newServerThreads(before));
        server.close();
    }

    @Test
    void aStartThatCannotBindLeavesNoThreadRunning() throws IOException {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            Set<Thread> before = Thread.getAllStackTraces().keySet();
            FileServer server = newServer(taken.getLocalPort());

            assertThrows(IOException.class, server::start);

            // Not closed first: a failed start() alone must leave nothing behind.
            assertEquals(List.of(), newServerThreads(before));
            server.close();
        }
    }

    private FileServer newServer(int port) throws IOException {
        Path file = TestFiles.write(dir, "bio.txt", new byte[100]);
        ServerConfig config = ServerConfig.builder(file).bindAddress(InetAddress.getLoopbackAddress()).port(port)
                .threadKind(ThreadKind.PLATFORM).build();
        return new FileServer(config, new SnapshotSource(file),
                new TransferLog(new PrintStream(OutputStream.nullOutputStream())));
    }

    /** The names of the live server threads that were not in {@code before}. */
    private static List<String> newServerThreads(Set<Thread> before) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> !before.contains(thread) && thread.isAlive())
                .map(Thread::getName)
                .filter(name -> name.equals("idle-watchdog") || name.startsWith("overload-")
                        || name.startsWith("accept-") || name.startsWith("worker-"))
                .sorted()
                .toList();
    }
}
