package fileserver.bench;

import fileserver.cli.Arguments;
import fileserver.cli.UsageException;
import java.nio.file.Path;
import java.util.Set;

/**
 * The load generator's command line, checked: {@link LoadGenerator}'s usage text says
 * what each option means.
 *
 * @param threads selector threads, never more than {@code connections}
 * @param maxConnecting connections half-open at once, over all threads (ignored when {@code unpaced})
 * @param unpaced open all connections at once, with no cap on half-open ones: a flash crowd
 * @param retries how often one download may retry after a 503 (0: a 503 is a failure)
 * @param serverPid the server's PID to sample, or -1 for none
 * @param label a name for the run, or "" for none
 * @param csv the file to append a row of results to, or null for none
 */
record Options(String host, int port, String path, int connections, Path expect, Verify verify, int threads,
               int maxConnecting, boolean unpaced, boolean barrier, int retries, long timeoutSeconds, long serverPid,
               String label, Path csv) {

    private static final Set<String> VALUE_OPTIONS = Set.of("--host", "--port", "--path", "--connections", "--expect",
            "--verify", "--threads", "--max-connecting", "--retries", "--timeout", "--server-pid", "--label", "--csv");
    private static final Set<String> FLAG_OPTIONS = Set.of("--barrier", "--unpaced");

    /** Reads {@code args}; a {@link UsageException} names the option and the value at fault. */
    static Options parse(String[] args) throws UsageException {
        Arguments given = Arguments.parse(args, VALUE_OPTIONS, FLAG_OPTIONS);
        if (!given.positionals().isEmpty()) {
            throw new UsageException("unexpected argument '" + given.positionals().get(0) + "'");
        }
        int port = given.integer("--port", -1, 1, 65535);
        if (port < 0) {
            throw new UsageException("--port is required");
        }
        String expect = given.string("--expect", null);
        if (expect == null) {
            throw new UsageException("--expect FILE is required");
        }
        boolean unpaced = given.has("--unpaced");
        if (unpaced && given.string("--max-connecting", null) != null) {
            throw new UsageException("--unpaced means no --max-connecting: give one or the other");
        }
        Path file = Path.of(expect);
        String csv = given.string("--csv", null);
        int connections = given.integer("--connections", 100, 1, 100_000);
        return new Options(given.string("--host", "127.0.0.1"), port, given.string("--path", "/" + file.getFileName()),
                connections, file, Verify.parse(given.string("--verify", "sha256")),
                Math.min(given.integer("--threads", 1, 1, 64), connections),
                given.integer("--max-connecting", 1000, 1, 100_000), unpaced, given.has("--barrier"),
                given.integer("--retries", 0, 0, 1000), given.integer("--timeout", 300, 1, 86_400),
                given.integer("--server-pid", -1, 1, Integer.MAX_VALUE), given.string("--label", ""),
                csv == null ? null : Path.of(csv));
    }
}
