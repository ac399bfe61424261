package fileserver.server;

import fileserver.cli.Defaults;
import fileserver.status.StatusAccess;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Everything that shapes a {@link FileServer}, with the defaults documented in README.md.
 *
 * @param bindAddress     the local address to listen on
 * @param port            the TCP port, or 0 for any free one
 * @param file            the one file served
 * @param chunkSize       bytes per socket write of the body (the assignment's 1000)
 * @param maxClients      transfers served at once; more get 503 until one ends
 *                        (default: {@link ThreadKind#defaultMaxClients()})
 * @param backlog         the listen queue: connections the kernel holds before accept
 * @param maxHeadBytes    the largest request head accepted (431 beyond)
 * @param requestTimeout  how long a client may take to send its whole request head (408)
 * @param idleTimeout     how long a transfer may go without sending a chunk before it is cut
 * @param shutdownGrace   how long transfers in flight may run on after a stop is requested
 * @param threadKind      platform or virtual worker threads
 * @param threadStackSize stack size hint for platform worker threads in bytes; 0 for the JVM default
 * @param statusAccess    who may see /status, /status.json and /metrics (default: loopback peers)
 */
public record ServerConfig(
        InetAddress bindAddress,
        int port,
        Path file,
        int chunkSize,
        int maxClients,
        int backlog,
        int maxHeadBytes,
        Duration requestTimeout,
        Duration idleTimeout,
        Duration shutdownGrace,
        ThreadKind threadKind,
        long threadStackSize,
        StatusAccess statusAccess) {

    /** The assignment's "1000 bytes of data at a time". */
    public static final int DEFAULT_CHUNK_SIZE = 1000;
    /** A request head is a few hundred bytes: a client that has sent none in this long holds a worker for nothing. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);
    /** How long a transfer may make no progress before it is cut; the client waits as long by default. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);
    /**
     * Platform worker threads the pool may hold beyond {@link #maxClients}: a finished task
     * releases its permit a moment before its thread is idle again, and these spare threads
     * let a new task start in that moment instead of being refused. Never more than
     * {@code maxClients} of them are inside a connection at once.
     */
    public static final int SPARE_WORKER_THREADS = 16;

    /** @throws IllegalArgumentException naming the first setting out of range, and its value */
    public ServerConfig {
        requireBetween("port", port, 0, 65535);
        requireAtLeast("chunkSize", chunkSize, 1);
        requireAtLeast("maxClients", maxClients, 1);
        requireAtLeast("backlog", backlog, 1);
        requireAtLeast("maxHeadBytes", maxHeadBytes, 64);
    }

    private static void requireBetween(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", not " + value);
        }
    }

    private static void requireAtLeast(String name, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(name + " must be at least " + min + ", not " + value);
        }
    }

    /** An IP address written out, which {@link InetAddress#getByName} reads without a lookup, so it cannot fail. */
    private static InetAddress addressLiteral(String address) {
        try {
            return InetAddress.getByName(address);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address: " + address, e);
        }
    }

    /** A builder holding the defaults, serving {@code file} on 127.0.0.1:5050. */
    public static Builder builder(Path file) {
        return new Builder(file);
    }

    /** Builds a {@link ServerConfig}; every setting starts at its documented default. */
    public static final class Builder {
        private InetAddress bindAddress = addressLiteral(Defaults.HOST);
        private int port = Defaults.PORT;
        private final Path file;
        private int chunkSize = DEFAULT_CHUNK_SIZE;
        private Integer maxClients; // null: the thread kind's default
        // The kernel caps the listen queue at net.core.somaxconn (4096 by default), so
        // asking for its largest value lets a raised somaxconn take effect unchanged.
        private int backlog = 65535;
        private int maxHeadBytes = 8192;
        private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
        private Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;
        private Duration shutdownGrace = Duration.ofSeconds(5);
        private ThreadKind threadKind = ThreadKind.preferred();
        // Workers need little stack; a small reservation keeps thousands of them cheap.
        private long threadStackSize = 256 * 1024;
        private StatusAccess statusAccess = StatusAccess.LOOPBACK;

        private Builder(Path file) {
            this.file = file;
        }

        // One line each: a setter stores its value and returns the builder, nothing more.
        public Builder bindAddress(InetAddress value) { bindAddress = value; return this; }
        public Builder port(int value) { port = value; return this; }
        public Builder chunkSize(int value) { chunkSize = value; return this; }
        public Builder maxClients(int value) { maxClients = value; return this; }
        public Builder backlog(int value) { backlog = value; return this; }
        public Builder requestTimeout(Duration value) { requestTimeout = value; return this; }
        public Builder idleTimeout(Duration value) { idleTimeout = value; return this; }
        public Builder shutdownGrace(Duration value) { shutdownGrace = value; return this; }
        public Builder threadKind(ThreadKind value) { threadKind = value; return this; }
        public Builder threadStackSize(long value) { threadStackSize = value; return this; }
        public Builder statusAccess(StatusAccess value) { statusAccess = value; return this; }

        public ServerConfig build() {
            int clients = maxClients != null ? maxClients : threadKind.defaultMaxClients();
            return new ServerConfig(bindAddress, port, file, chunkSize, clients, backlog, maxHeadBytes,
                    requestTimeout, idleTimeout, shutdownGrace, threadKind, threadStackSize, statusAccess);
        }
    }
}
