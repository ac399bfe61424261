package fileserver.testing;

import fileserver.protocol.HeadReader;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A scripted HTTP server on 127.0.0.1 for testing the client against servers that lie,
 * refuse or misbehave: it reads each request's head, then lets a {@link Script} write the
 * reply. The n-th connection gets the n-th script, and the last script every connection
 * after that. Always used in try-with-resources.
 */
public final class FakeServer implements AutoCloseable {
    private final ServerSocket listener;
    private final List<Long> requestNanos = new CopyOnWriteArrayList<>();
    private final List<List<String>> requests = new CopyOnWriteArrayList<>();
    private final Thread thread;

    /** What a fake server sends after it has read the request. */
    @FunctionalInterface
    public interface Script {
        /** Writes the reply; returns true to keep the connection open until the client closes it. */
        boolean reply(OutputStream out) throws IOException;
    }

    /** A script that writes and then closes. */
    @FunctionalInterface
    public interface Reply extends Script {
        void write(OutputStream out) throws IOException;

        @Override
        default boolean reply(OutputStream out) throws IOException {
            write(out);
            return false;
        }
    }

    public FakeServer(Script... scripts) throws IOException {
        this(InetAddress.getLoopbackAddress(), scripts);
    }

    /** A fake server on {@code address}, such as {@code ::1}, instead of 127.0.0.1. */
    public FakeServer(InetAddress address, Script... scripts) throws IOException {
        if (scripts.length == 0) {
            throw new IllegalArgumentException("no script");
        }
        listener = new ServerSocket(0, 50, address);
        thread = new Thread(() -> serve(List.of(scripts)), "fake-server");
        thread.start();
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** When each request so far was read, by {@link System#nanoTime()}, in order. */
    public List<Long> requestNanos() {
        return List.copyOf(requestNanos);
    }

    /** The head of each request so far, line by line, in order. */
    public List<List<String>> requests() {
        return List.copyOf(requests);
    }

    private void serve(List<Script> scripts) {
        for (int n = 0; !listener.isClosed(); n++) {
            try (Socket socket = listener.accept()) {
                socket.setSoTimeout(10_000);
                // The whole request is read, so that closing sends FIN, not RST.
                List<String> head = HeadReader.read(socket.getInputStream(), 64 * 1024);
                requestNanos.add(System.nanoTime());
                requests.add(head);
                if (scripts.get(Math.min(n, scripts.size() - 1)).reply(socket.getOutputStream())) {
                    socket.getInputStream().readAllBytes();
                }
            } catch (SocketException e) {
                if (listener.isClosed()) {
                    return; // closed by close()
                }
            } catch (IOException e) {
                // a client that sent no request, or went away: next
            }
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
