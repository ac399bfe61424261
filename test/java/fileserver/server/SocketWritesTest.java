package fileserver.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import fileserver.testing.RunningServer;
import fileserver.testing.TestFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The assignment's rule, "1000 bytes of data at a time", watched at the real socket: the
 * JDK's Flight Recorder records a {@code jdk.SocketWrite} event for every call our code
 * makes on a socket's stream, with the bytes it handed over. The server's writes for one
 * connection must be the response head on its own, then the body in writes of exactly
 * 1000 bytes, the last one the remainder. A buffer between the handler and the socket, a
 * head merged into the first chunk, or another chunk size all fail here, where
 * {@link ChunkWriterTest}, which records writes to a stand-in stream, cannot see them.
 *
 * <p>The reader is slow and has a small receive buffer, so the server's writes meet a
 * full socket buffer (back-pressure) instead of all fitting in the kernel at once. What
 * the kernel then does with each write, {@code test/socket_writes.sh} checks with strace.
 */
class SocketWritesTest {
    private static final int CHUNK = 1000;
    private static final int MIB = 1024 * 1024;

    @TempDir
    Path dir;

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (ThreadKind kind : ThreadKind.values()) {
            for (int size : new int[] {0, 1, 999, 1000, 1001, 10 * MIB}) {
                cases.add(Arguments.of(kind, size));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} threads, {1} bytes")
    @MethodSource("cases")
    void theHeadThenOneWriteOfExactlyAThousandBytesPerChunkReachTheSocket(ThreadKind kind, int size)
            throws Exception {
        assumeTrue(kind.isAvailable(), kind.optionName() + " threads need Java 21+; this is Java "
                + Runtime.version().feature());
        byte[] content = TestFiles.randomBytes(size, size);
        Path file = TestFiles.write(dir, "bio.txt", content);
        Path recordingFile = dir.resolve("writes.jfr");

        Download download;
        try (Recording recording = new Recording()) {
            recording.enable("jdk.SocketWrite").withThreshold(Duration.ZERO).withoutStackTrace();
            recording.start();
            try (RunningServer server = RunningServer.serving(file, config -> config.threadKind(kind))) {
                download = slowDownload(server.port());
                // The server logs the transfer once its last write has returned.
                server.awaitLogLine(line -> line.contains("id=" + download.clientPort()), Duration.ofSeconds(30));
            }
            recording.stop();
            recording.dump(recordingFile);
        }

        assertArrayEquals(content, download.body(), "the body the reader received");
        List<RecordedEvent> writes = serverWritesTo(download.clientPort(), recordingFile);
        List<Long> sizes = writes.stream().map(event -> event.getLong("bytesWritten")).toList();
        assertEquals(runs(expectedWrites(download.headLength(), size)), runs(sizes),
                "the chunk rule (the head, then 1000 bytes per write) at the socket, writes as size x count");
        if (size >= MIB) {
            assertTrue(writes.stream().anyMatch(event -> event.getDuration().toMillis() >= 1),
                    "no write waited for the slow reader, so the test saw no back-pressure");
        }
    }

    private static List<Long> expectedWrites(int headLength, int size) {
        List<Long> expected = new ArrayList<>();
        expected.add((long) headLength);
        for (int sent = 0; sent < size; sent += CHUNK) {
            expected.add((long) Math.min(CHUNK, size - sent));
        }
        return expected;
    }

    /** Write sizes as runs of equal sizes, "341, 1000 x 10485, 760", short enough to read in a failure. */
    private static String runs(List<Long> sizes) {
        List<String> runs = new ArrayList<>();
        for (int i = 0; i < sizes.size(); ) {
            int j = i;
            while (j < sizes.size() && sizes.get(j).equals(sizes.get(i))) {
                j++;
            }
            runs.add(j - i == 1 ? String.valueOf(sizes.get(i)) : sizes.get(i) + " x " + (j - i));
            i = j;
        }
        return String.join(", ", runs);
    }

    /**
     * The server's writes on one connection, those whose peer is the client's port, in the
     * order they were made (a recording file groups events by buffer, not by time).
     */
    private static List<RecordedEvent> serverWritesTo(int clientPort, Path recordingFile) throws IOException {
        return RecordingFile.readAllEvents(recordingFile).stream()
                .filter(event -> event.getEventType().getName().equals("jdk.SocketWrite"))
                .filter(event -> event.getInt("port") == clientPort)
                .sorted(Comparator.comparing(RecordedEvent::getStartTime))
                .toList();
    }

    /** What the reader received, split into head and body, and the port it read from. */
    private record Download(int clientPort, int headLength, byte[] body) {
    }

    /**
     * A client that reads 16 KiB at a time, pausing a millisecond after each read, through
     * a 32 KiB receive buffer: slower than the server can write, but never silent for long
     * (a long silence on a small window meets the kernel's zero-window probe backoff).
     */
    private static Download slowDownload(int port) throws IOException, InterruptedException {
        try (Socket socket = new Socket()) {
            socket.setReceiveBufferSize(32 * 1024);
            socket.setSoTimeout(30_000);
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            int clientPort = socket.getLocalPort();
            String request = "GET /bio.txt HTTP/1.1\r\nHost: localhost\r\nX-Client-Id: " + clientPort
                    + "\r\nConnection: close\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[16 * 1024];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                received.write(buffer, 0, n);
                Thread.sleep(1);
            }
            byte[] bytes = received.toByteArray();
            int headLength = headLength(bytes);
            return new Download(clientPort, headLength, Arrays.copyOfRange(bytes, headLength, bytes.length));
        }
    }

    private static int headLength(byte[] response) {
        for (int i = 3; i < response.length; i++) {
            if (response[i - 3] == '\r' && response[i - 2] == '\n' && response[i - 1] == '\r' && response[i] == '\n') {
                return i + 1;
            }
        }
        throw new AssertionError("no end of the response head in " + response.length + " bytes");
    }
}
