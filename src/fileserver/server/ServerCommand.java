package fileserver.server;

import fileserver.cli.Arguments;
import fileserver.cli.Defaults;
import fileserver.cli.UsageException;
import fileserver.status.StatusAccess;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/** The server's command line: its usage text and its translation into a {@link ServerConfig}. */
public final class ServerCommand {
    /** The {@code --threads} value that lets the running JDK choose: {@link ThreadKind#preferred()}. */
    static final String AUTO_THREADS = "auto";

    /** The usage text, its defaults filled in from where they are kept, so that it cannot disagree with them. */
    public static final String USAGE = """
            Usage: java -cp build/classes Server [options]

            Serves one file over HTTP/1.1 to any number of clients in parallel,
            each on its own thread, in writes of --chunk bytes.

            Options:
              --port N             TCP port to listen on (default %d; 0 = any free port)
              --bind ADDRESS       local address to listen on (default %s;
                                   0.0.0.0 opens the server to the network)
              --file PATH          the file to serve (default ./%s)
              --chunk BYTES        bytes per socket write (default %d)
              --max-clients N      transfers at once; more get 503 + Retry-After
                                   (default %d on virtual threads, %d on platform
                                   threads, to bound memory)
              --request-timeout S  seconds a client has to send its request (default %d)
              --idle-timeout S     seconds a transfer may go without progress (no write
                                   returned, nothing acknowledged) before it is cut,
                                   sending or waiting for the client to close; other
                                   replies wait at most %d s for the close (default %d).
                                   A client that reads at least %d KB per S seconds
                                   (%d KB/s at the default) is never cut
              --threads KIND       %s (default: virtual on Java 21+, else platform),
                                   platform, or virtual (needs Java 21+)
              --status-from WHO    who may see /status, /status.json and /metrics:
                                   loopback (the default), off, or a comma-separated
                                   list of loopback, addresses and CIDR blocks, such as
                                   loopback,10.0.0.0/8; to everyone else they are 404
              --help               print this text and exit

            Serves the file at / and /<file name>. Stop it with Ctrl-C or SIGTERM:
            transfers in flight get a few seconds to finish, then it exits with 0.
            Watch it live at http://HOST:PORT/status (a page in the browser) and
            /metrics (for Prometheus): they are not transfers, so they get no log
            line and take no worker from a client.
            """.formatted(Defaults.PORT, Defaults.HOST, Defaults.FILE_NAME, ServerConfig.DEFAULT_CHUNK_SIZE,
            ThreadKind.VIRTUAL.defaultMaxClients(), ThreadKind.PLATFORM.defaultMaxClients(),
            ServerConfig.DEFAULT_REQUEST_TIMEOUT.toSeconds(), ClosingHandshake.AFTER_SHORT_REPLY.toSeconds(),
            ServerConfig.DEFAULT_IDLE_TIMEOUT.toSeconds(), IdleWatchdog.NEVER_CUT_KB_PER_TIMEOUT,
            IdleWatchdog.NEVER_CUT_KB_PER_TIMEOUT / ServerConfig.DEFAULT_IDLE_TIMEOUT.toSeconds(), AUTO_THREADS);

    private static final Set<String> VALUE_OPTIONS = Set.of("--port", "--bind", "--file", "--chunk",
            "--max-clients", "--request-timeout", "--idle-timeout", "--threads", "--status-from");

    private ServerCommand() {
    }

    /**
     * Builds the configuration that {@code args} describe.
     *
     * @throws UsageException naming the first problem: an unknown option, a value out of
     *                        range, an address that does not resolve, a stray argument
     */
    public static ServerConfig parse(String[] args) throws UsageException {
        Arguments arguments = Arguments.parse(args, VALUE_OPTIONS, Set.of());
        if (!arguments.positionals().isEmpty()) {
            throw new UsageException("unexpected argument '" + arguments.positionals().get(0) + "'");
        }
        String bind = arguments.string("--bind", Defaults.HOST);
        InetAddress address;
        try {
            address = InetAddress.getByName(bind);
        } catch (UnknownHostException e) {
            throw new UsageException("--bind: no such address '" + bind + "'");
        }
        ThreadKind threads = threadKind(arguments.string("--threads", AUTO_THREADS));
        return ServerConfig.builder(Path.of(arguments.string("--file", Defaults.FILE_NAME)))
                .bindAddress(address)
                .port(arguments.integer("--port", Defaults.PORT, 0, 65535))
                .chunkSize(arguments.integer("--chunk", ServerConfig.DEFAULT_CHUNK_SIZE, 1, 1 << 20))
                .maxClients(arguments.integer("--max-clients", threads.defaultMaxClients(), 1, 100_000))
                .requestTimeout(seconds(arguments, "--request-timeout", ServerConfig.DEFAULT_REQUEST_TIMEOUT))
                .idleTimeout(seconds(arguments, "--idle-timeout", ServerConfig.DEFAULT_IDLE_TIMEOUT))
                .threadKind(threads)
                .statusAccess(statusAccess(arguments.string("--status-from", StatusAccess.LOOPBACK.toString())))
                .build();
    }

    /** A time-out option in whole seconds, from 1 to an hour. */
    private static Duration seconds(Arguments arguments, String name, Duration fallback) throws UsageException {
        return Duration.ofSeconds(arguments.integer(name, (int) fallback.toSeconds(), 1, 3600));
    }

    private static StatusAccess statusAccess(String value) throws UsageException {
        try {
            return StatusAccess.parse(value);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--status-from: " + e.getMessage());
        }
    }

    private static ThreadKind threadKind(String name) throws UsageException {
        if (name.equals(AUTO_THREADS)) {
            return ThreadKind.preferred();
        }
        for (ThreadKind kind : ThreadKind.values()) {
            if (kind.optionName().equals(name)) {
                if (!kind.isAvailable()) {
                    throw new UsageException("--threads " + name + " needs Java 21 or newer; this is Java "
                            + Runtime.version().feature());
                }
                return kind;
            }
        }
        throw new UsageException("--threads must be " + AUTO_THREADS + ", platform or virtual, not '" + name + "'");
    }
}
