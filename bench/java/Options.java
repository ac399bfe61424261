import java.nio.file.Path;

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

    /** True if {@code args} ask for the usage text. */
    static boolean wantsHelp(String[] args) {
        for (String arg : args) {
            if (arg.equals("--help") || arg.equals("-h")) {
                return true;
            }
        }
        return false;
    }

    /** Reads {@code args}; an {@link IllegalArgumentException} names the option and the value at fault. */
    static Options parse(String[] args) {
        String host = "127.0.0.1";
        String path = null;
        String label = "";
        int port = -1;
        int connections = 100;
        int threads = 1;
        int maxConnecting = 1000;
        boolean maxConnectingGiven = false;
        boolean unpaced = false;
        int retries = 0;
        long timeout = 300;
        long serverPid = -1;
        Path expect = null;
        Path csv = null;
        Verify verify = Verify.SHA256;
        boolean barrier = false;
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (option.equals("--barrier")) {
                barrier = true;
                continue;
            }
            if (option.equals("--unpaced")) {
                unpaced = true;
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(
                        option.startsWith("--") ? option + " needs a value" : "unexpected argument '" + option + "'");
            }
            String value = args[++i];
            switch (option) {
                case "--host" -> host = value;
                case "--port" -> port = number(option, value, 1, 65535);
                case "--path" -> path = value;
                case "--connections" -> connections = number(option, value, 1, 100_000);
                case "--expect" -> expect = Path.of(value);
                case "--verify" -> verify = Verify.parse(value);
                case "--threads" -> threads = number(option, value, 1, 64);
                case "--max-connecting" -> {
                    maxConnecting = number(option, value, 1, 100_000);
                    maxConnectingGiven = true;
                }
                case "--retries" -> retries = number(option, value, 0, 1000);
                case "--timeout" -> timeout = number(option, value, 1, 86_400);
                case "--server-pid" -> serverPid = number(option, value, 1, Integer.MAX_VALUE);
                case "--label" -> label = value;
                case "--csv" -> csv = Path.of(value);
                default -> throw new IllegalArgumentException("unknown option " + option);
            }
        }
        if (port < 0) {
            throw new IllegalArgumentException("--port is required");
        }
        if (expect == null) {
            throw new IllegalArgumentException("--expect FILE is required");
        }
        if (unpaced && maxConnectingGiven) {
            throw new IllegalArgumentException("--unpaced means no --max-connecting: give one or the other");
        }
        if (path == null) {
            path = "/" + expect.getFileName();
        }
        return new Options(host, port, path, connections, expect, verify, Math.min(threads, connections),
                maxConnecting, unpaced, barrier, retries, timeout, serverPid, label, csv);
    }

    private static int number(String option, String value, int min, int max) {
        try {
            int n = Integer.parseInt(value);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(
                option + " must be a whole number from " + min + " to " + max + ", not '" + value + "'");
    }
}
