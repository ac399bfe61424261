package fileserver.server;

import fileserver.cli.Arguments;
import fileserver.cli.UsageException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/** The server's command line: its usage text and its translation into a {@link ServerConfig}. */
public final class ServerCommand {
    public static final String USAGE = """
            Usage: java -cp build/classes Server [options]

            Serves one file over HTTP/1.1 to any number of clients in parallel,
            each on its own thread, in writes of --chunk bytes.

            Options:
              --port N             TCP port to listen on (default 5050; 0 = any free port)
              --bind ADDRESS       local address to listen on (default 127.0.0.1;
                                   0.0.0.0 opens the server to the network)
              --file PATH          the file to serve (default ./bio.txt)
              --chunk BYTES        bytes per socket write (default 1000)
              --max-clients N      transfers at once; more get 503 + Retry-After
                                   (default 10000 on virtual threads, 3000 on platform
                                   threads, to bound memory)
              --request-timeout S  seconds a client has to send its request (default 10)
              --idle-timeout S     seconds a transfer may go without progress (no write
                                   returned, nothing acknowledged) before it is cut,
                                   sending or waiting for the client to close; other
                                   replies wait at most 2 s for the close (default 30).
                                   A client that reads at least 180 KB per S seconds
                                   (6 KB/s at the default) is never cut
              --threads KIND       auto (default: virtual on Java 21+, else platform),
                                   platform, or virtual (needs Java 21+)
              --help               print this text and exit

            Serves the file at / and /<file name>. Stop it with Ctrl-C or SIGTERM:
            transfers in flight get a few seconds to finish, then it exits with 0.
            """;

    private static final Set<String> VALUE_OPTIONS = Set.of("--port", "--bind", "--file", "--chunk",
            "--max-clients", "--request-timeout", "--idle-timeout", "--threads");

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
        String bind = arguments.string("--bind", "127.0.0.1");
        InetAddress address;
        try {
            address = InetAddress.getByName(bind);
        } catch (UnknownHostException e) {
            throw new UsageException("--bind: no such address '" + bind + "'");
        }
        ThreadKind threads = threadKind(arguments.string("--threads", "auto"));
        return ServerConfig.builder(Path.of(arguments.string("--file", "bio.txt")))
                .bindAddress(address)
                .port(arguments.integer("--port", ServerConfig.DEFAULT_PORT, 0, 65535))
                .chunkSize(arguments.integer("--chunk", ServerConfig.DEFAULT_CHUNK_SIZE, 1, 1 << 20))
                .maxClients(arguments.integer("--max-clients", threads.defaultMaxClients(), 1, 100_000))
                .requestTimeout(Duration.ofSeconds(arguments.integer("--request-timeout", 10, 1, 3600)))
                .idleTimeout(Duration.ofSeconds(arguments.integer("--idle-timeout", 30, 1, 3600)))
                .threadKind(threads)
                .build();
    }

    private static ThreadKind threadKind(String name) throws UsageException {
        if (name.equals("auto")) {
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
        throw new UsageException("--threads must be auto, platform or virtual, not '" + name + "'");
    }
}
