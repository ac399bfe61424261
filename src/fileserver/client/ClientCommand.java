package fileserver.client;

import fileserver.cli.Arguments;
import fileserver.cli.Defaults;
import fileserver.cli.UsageException;
import fileserver.protocol.Syntax;
import java.nio.file.Path;
import java.util.Set;

/** The client's command line: its usage text and its translation into a {@link ClientConfig}. */
public final class ClientCommand {
    private static final int MAX_ID_LENGTH = 64;
    private static final String DEFAULT_DIR = ".";
    private static final String DEFAULT_PATH = "/" + Defaults.FILE_NAME;
    private static final int DEFAULT_RETRIES = 5;

    /**
     * The usage text, its defaults filled in from where they are kept, so that it cannot
     * disagree with them. Made only when asked for: formatting it loads the JDK's format
     * and regex machinery, which would cost every client's start-up.
     */
    public static String usage() {
        return """
            Usage: java -cp build/classes Client <id> [options]

            Downloads the server's file into received_bio_<id>.txt, checks its length
            and SHA-256, prints one line and exits 0 only if the copy is verified.

              <id>             1 to %d characters of A-Z a-z 0-9 _ -

            Options:
              --host HOST      server host (default %s)
              --port N         server port (default %d)
              --dir DIR        directory to write into (default %s)
              --path PATH      request path (default %s)
              --resume         continue a partial received_bio_<id>.txt where it ended
              --retries N      retries when the server is unreachable or busy (default %d)
              --speed-limit BYTES, --speed-time SECONDS
                               give up when fewer than BYTES per second arrived, on
                               average, over the last SECONDS (defaults %d and %d): a
                               server that stops sending or only trickles, in the reply's
                               head or its body
              --help           print this text and exit

            Exit codes: 0 verified, 1 transfer failed, 2 usage, 3 local file error,
            4 unknown host, 5 server unreachable, 6 server answered with an error.
            """.formatted(MAX_ID_LENGTH, Defaults.HOST, Defaults.PORT, DEFAULT_DIR, DEFAULT_PATH, DEFAULT_RETRIES,
                SpeedLimit.DEFAULT.bytesPerSecond(), SpeedLimit.DEFAULT.seconds());
    }

    private static final Set<String> VALUE_OPTIONS = Set.of("--host", "--port", "--dir", "--path", "--retries",
            "--speed-limit", "--speed-time");
    private static final Set<String> FLAG_OPTIONS = Set.of("--resume");

    private ClientCommand() {
    }

    /**
     * Builds the configuration that {@code args} describe.
     *
     * @throws UsageException naming the first problem found
     */
    public static ClientConfig parse(String[] args) throws UsageException {
        Arguments arguments = Arguments.parse(args, VALUE_OPTIONS, FLAG_OPTIONS);
        if (arguments.positionals().isEmpty()) {
            throw new UsageException("missing the client id");
        }
        if (arguments.positionals().size() > 1) {
            throw new UsageException("unexpected argument '" + arguments.positionals().get(1) + "'");
        }
        String id = arguments.positionals().get(0);
        checkId(id);
        String path = arguments.string("--path", DEFAULT_PATH);
        if (!path.startsWith("/") || !Syntax.isVisibleAscii(path)) {
            throw new UsageException("--path must start with / and contain no spaces or control characters");
        }
        String host = arguments.string("--host", Defaults.HOST);
        if (!Syntax.isVisibleAscii(host)) {
            throw new UsageException("--host must be a host name or address");
        }
        return new ClientConfig(id, host,
                arguments.integer("--port", Defaults.PORT, 1, 65535),
                Path.of(arguments.string("--dir", DEFAULT_DIR)),
                path,
                arguments.has("--resume"),
                arguments.integer("--retries", DEFAULT_RETRIES, 0, 100),
                new SpeedLimit(arguments.integer("--speed-limit", SpeedLimit.DEFAULT.bytesPerSecond(), 1, 1_000_000_000),
                        arguments.integer("--speed-time", SpeedLimit.DEFAULT.seconds(), 1, 3600)));
    }

    /**
     * The id becomes part of a file name, so it is held to a safe alphabet: nothing that
     * could name another directory ({@code ../x}), hide a file or confuse a shell glob.
     */
    static void checkId(String id) throws UsageException {
        if (id.isEmpty() || id.length() > MAX_ID_LENGTH) {
            throw new UsageException("client id must be 1 to " + MAX_ID_LENGTH + " characters long");
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '_' || c == '-';
            if (!ok) {
                throw new UsageException("client id may contain only A-Z a-z 0-9 _ - (got '" + id + "')");
            }
        }
    }
}
