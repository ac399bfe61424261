package fileserver.server;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import fileserver.testing.Poll;
import fileserver.testing.RunningServer;
import fileserver.testing.TestFiles;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every transfer makes progress at once, however many there are: more clients than the
 * machine has cores, each reading as fast as the server writes, so no write ever blocks.
 * Platform threads get that from the kernel's time slices; virtual threads are not
 * time-sliced, and a transfer that never blocks would keep its carrier thread (one per
 * core) until its last byte, leaving the next client with nothing meanwhile.
 */
class FairnessTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} threads")
    @EnumSource(ThreadKind.class)
    void moreFastReadersThanCoresAllReceiveBytesAtOnce(ThreadKind kind) throws Exception {
        assumeTrue(kind.isAvailable(), kind.optionName() + " threads need Java 21+");
        int clients = Runtime.getRuntime().availableProcessors() + 2;
        // 1-byte writes: a transfer of 4 MiB takes half a minute, so the first ones are
        // still running when the test looks at the last one.
        Path file = TestFiles.write(dir, "bio.txt", TestFiles.randomBytes(4 * 1024 * 1024, 7));
        AtomicLongArray received = new AtomicLongArray(clients);
        List<Thread> readers = new ArrayList<>();
        List<Socket> sockets = new ArrayList<>();
        try (RunningServer server = RunningServer.serving(file, config -> config.threadKind(kind).chunkSize(1))) {
            for (int i = 0; i < clients; i++) {
                Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port());
                sockets.add(socket);
                socket.getOutputStream().write("GET /bio.txt HTTP/1.1\r\nHost: a\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                int index = i;
                Thread reader = new Thread(() -> readAll(socket, received, index), "fast-reader-" + i);
                readers.add(reader);
                reader.start();
            }

            Poll.until(() -> allAbove(received, 256 * 1024), Duration.ofSeconds(20),
                    () -> "bytes each client had received: " + received);
        } finally {
            for (Socket socket : sockets) {
                socket.close();
            }
            for (Thread reader : readers) {
                reader.join(10_000);
            }
        }
    }

    private static boolean allAbove(AtomicLongArray counts, long floor) {
        for (int i = 0; i < counts.length(); i++) {
            if (counts.get(i) <= floor) {
                return false;
            }
        }
        return true;
    }

    /** Reads as fast as bytes come, counting them, until the end or the socket is closed. */
    private static void readAll(Socket socket, AtomicLongArray received, int index) {
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = socket.getInputStream()) {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                received.addAndGet(index, n);
            }
        } catch (IOException e) {
            // closed by the test once it has seen what it needs
        }
    }
}
