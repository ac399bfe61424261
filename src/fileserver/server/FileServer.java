package fileserver.server;

import fileserver.protocol.HostPort;
import fileserver.snapshot.SnapshotSource;
import fileserver.status.StatusSnapshot;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A TCP server that sends one file to every client that asks, each on its own worker
 * thread, as many at once as {@link ServerConfig#maxClients()} allows.
 *
 * <pre>
 *   accept thread ──► Dispatcher ──► WorkerPool (≤ maxClients busy, + 16 spare threads) ──► ConnectionHandler per client
 *                        │                  full? ──► OverloadResponder: 503 + Retry-After
 *                        └── every connection registered with the IdleWatchdog (cuts stalled transfers)
 *   all handlers send from the same immutable FileSnapshot, reloaded when the file changes
 *   /status, /status.json and /metrics: StatusEndpoint, from LiveStatus (ServerStats + the live connections)
 * </pre>
 *
 * <p>Use: {@code try (FileServer server = new FileServer(config, source, log)) { server.start(); ... }}.
 * The constructor starts no thread. {@link #start} binds before it returns, so
 * {@link #port} is valid right after it, and only then starts the server's threads: a
 * start that fails (port in use) leaves nothing running.
 * {@link #close} stops accepting, gives transfers in flight the configured grace period,
 * then cuts the rest.
 */
public final class FileServer implements AutoCloseable {
    private final ServerConfig config;
    private final SnapshotSource files;
    private final TransferLog log;
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final WorkerPool workers;
    private final IdleWatchdog watchdog;
    private final OverloadResponder overload;
    private final AcceptFailures acceptFailures;
    private final Dispatcher dispatcher;
    private final LiveStatus status;
    private final StatusEndpoint statusEndpoint;
    private ServerSocket serverSocket;
    private Thread acceptThread;
    private volatile int cutByShutdown;

    public FileServer(ServerConfig config, SnapshotSource files, TransferLog log) {
        ServerStats stats = new ServerStats();
        this.config = config;
        this.files = files;
        this.log = log.countingInto(stats);
        this.workers = new WorkerPool(config.maxClients(), config.threadKind(), config.threadStackSize());
        this.watchdog = new IdleWatchdog(config.idleTimeout());
        this.status = new LiveStatus(config, stats, watchdog, workers, files);
        this.statusEndpoint = new StatusEndpoint(config.statusAccess(), status::take);
        this.overload = new OverloadResponder(this.log);
        this.acceptFailures = new AcceptFailures(this.log);
        this.dispatcher = new Dispatcher(config.maxClients(), "dispatch", this::setUp,
                socket -> overload.reject(new Connection(socket)), (socket, e) -> this.log.bug(new Connection(socket), e));
    }

    /**
     * Binds the listening socket and starts accepting.
     *
     * @throws IOException           if the address cannot be bound (in use, not local, no permission)
     * @throws IllegalStateException if called twice
     */
    public void start() throws IOException {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("start() already called");
        }
        loadOwnClasses();
        ServerSocket socket = new ServerSocket();
        try {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(config.bindAddress(), config.port()), config.backlog());
        } catch (IOException e) {
            socket.close();
            throw e;
        }
        Optional<String> limitWarning = OpenFilesLimit.check(config.maxClients());
        // Threads only once the bind has worked: a failed start() leaves none running.
        serverSocket = socket;
        watchdog.start();
        dispatcher.start();
        acceptThread = new Thread(this::acceptLoop, "accept-" + port());
        acceptThread.start();
        status.started();
        log.started(config, url(), files.current());
        limitWarning.ifPresent(log::warning);
    }

    /** See {@link OwnClasses}: nothing this server runs may need a file opened later. */
    private void loadOwnClasses() {
        try {
            OwnClasses.loadAll(FileServer.class);
            if (config.threadKind() == ThreadKind.VIRTUAL) {
                OwnClasses.startVirtualThreadPoller();
            }
        } catch (IOException e) {
            log.warning("could not prepare for the open-files limit (what loads late may fail there): "
                    + e.getMessage());
        }
    }

    /** The port actually bound: the configured one, or the one the kernel chose for 0. */
    public int port() {
        return serverSocket.getLocalPort();
    }

    /** The URL clients use to download the file. */
    public String url() {
        return "http://" + HostPort.of(config.bindAddress(), port()) + "/" + files.current().fileName();
    }

    /** Connections currently open, whatever their state. */
    public int openConnections() {
        return watchdog.liveCount();
    }

    /** What the server reports at {@code /status.json} and {@code /metrics}, taken now. */
    public StatusSnapshot status() {
        return status.take();
    }

    /** Workers inside a connection right now, of at most {@link ServerConfig#maxClients()}. */
    public int busyWorkers() {
        return workers.busy();
    }

    private void acceptLoop() {
        while (!closed.get()) {
            Socket socket;
            try {
                // No time-out, except during a run of failures: then its end is noticed
                // (and logged) even if no connection comes.
                serverSocket.setSoTimeout(acceptFailures.acceptTimeoutMillis());
                socket = serverSocket.accept();
            } catch (SocketTimeoutException e) {
                acceptFailures.succeeded(); // quiet, during a run of failures
                continue;
            } catch (IOException e) {
                if (closed.get()) {
                    break; // close() closed the server socket: the normal end of the loop.
                }
                // Typically "Too many open files". The connection stays in the kernel's
                // queue and is taken on a later try; back off instead of spinning on it.
                acceptFailures.failed(e);
                continue;
            }
            acceptFailures.succeeded();
            dispatcher.dispatch(socket);
        }
        acceptFailures.stopping();
    }

    /** On the dispatcher's thread: a worker for the connection, or a 503 if every worker is busy. */
    private void setUp(Socket socket) {
        Connection connection = new Connection(socket);
        try {
            // Chunks go out as they are written; Nagle's algorithm would hold each small
            // write back until the previous one is acknowledged.
            socket.setTcpNoDelay(true);
        } catch (SocketException e) {
            connection.close();
            return;
        }
        watchdog.register(connection);
        boolean handed = false;
        try {
            handed = workers.tryExecute(slot ->
                    new ConnectionHandler(connection, config, files, log, watchdog, statusEndpoint, slot).run());
        } finally {
            if (!handed) {
                watchdog.unregister(connection); // a 503 is not watched; nor is a set-up that threw
            }
        }
        if (!handed) {
            overload.reject(connection);
        }
    }

    /**
     * How many connections {@link #close} cut, still receiving their request or sending
     * their response when the grace period ran out: 0 before it has run, and 0 if every
     * transfer finished in time. Each of them has its own log line saying so.
     */
    public int cutByShutdown() {
        return cutByShutdown;
    }

    /**
     * Stops the server: no new connections, transfers in flight get the grace period to
     * finish, then the remaining connections are cut (see {@link #cutByShutdown}). Safe to
     * call more than once.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            if (serverSocket != null) {
                serverSocket.close();
                acceptThread.join();
                dispatcher.close();
            }
            if (!workers.shutdown(config.shutdownGrace())) {
                cutByShutdown = watchdog.abortAll();
                // The cut workers fail at once; this waits for them to log what they cut.
                workers.shutdown(config.shutdownGrace());
            }
        } catch (IOException e) {
            log.warning("closing the listening socket failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            overload.close();
            watchdog.close();
        }
    }
}
