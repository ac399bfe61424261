package fileserver.bench;

import fileserver.cli.Arguments;
import fileserver.cli.UsageException;
import fileserver.protocol.HostPort;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A load generator for the file server benchmarks: one JVM opens K connections to an HTTP
 * server, downloads the file over all of them at once and verifies every copy in memory,
 * without writing anything to disk. It reports how many completed and failed (and why),
 * the wall time, the aggregate MiB/s, and, given the server's PID, the server's peak
 * thread count, peak RSS and CPU time, sampled from /proc every 100 ms.
 *
 * <p>Non-blocking sockets on a few selector threads (default 1), not a thread per
 * connection: on a 2-core machine 10,000 client threads would compete with the server
 * for the CPU and the measurement would be of the client. Connections are opened as fast
 * as they complete, at most {@code --max-connecting} half-open at a time, so a burst of
 * 10,000 SYNs does not overflow the kernel's SYN queue (a dropped SYN costs a retransmit
 * a second later). With {@code --barrier} no request goes out until every connection is
 * open, so all K transfers really run at once.
 *
 * <p>A flash crowd is the opposite of that pacing: {@code --unpaced} sends all K SYNs at
 * once, and {@code --retries N} makes each download answer a {@code 503} the way a
 * polite client would, by coming back after the server's Retry-After (see
 * {@link RetryPolicy}); one verified after retries counts as completed, and the report
 * says how many 503s there were. Every failure is counted by kind ({@link FailureKind}):
 * reset, never accepted, unanswered, bad status, short or corrupt body.
 *
 * <p>The parts: {@link Options} (the command line, on the product's
 * {@link Arguments}), {@link Worker} (a selector thread: connections, deadline, retry
 * queue) driving its share of {@link Fetch}es (what the bytes mean: {@link HeadCollector}
 * gathers each response head for the product's {@code ResponseParser}, {@link BodyCheck}
 * verifies the body), {@link Tally} and {@link Barrier} (shared by the
 * workers), {@link ServerSampler} and {@link ProcStat} (/proc), and {@link Report}
 * (summary, RESULT line, CSV).
 *
 * <p>Usage: {@code java -cp build/bench-classes:build/classes fileserver.bench.LoadGenerator
 * --port P --connections K --expect FILE [options]}; {@code --help} lists them. Prints a summary and one line
 * {@code RESULT key=value ...} for scripts; exits 0 only if every download was verified.
 */
public final class LoadGenerator {
    private static final String USAGE = """
            Usage: java -cp build/bench-classes:build/classes fileserver.bench.LoadGenerator
                     --port P --connections K --expect FILE [options]

            Opens K connections at once to http://HOST:P/PATH, downloads over all of them in
            parallel and verifies each copy against FILE in memory (nothing is written).

              --host HOST           server address (default 127.0.0.1)
              --port P              server port (required)
              --path PATH           request path (default /<name of FILE>)
              --connections K       parallel connections (default 100)
              --expect FILE         the file the server serves: its length and SHA-256 are expected
              --verify MODE         sha256 (default: SHA-256 of each copy), bytes (compare every
                                    byte with FILE in memory, cheaper) or length (count only)
              --threads T           selector threads (default 1)
              --max-connecting M    connections half-open at once (default 1000)
              --unpaced             no such cap: start all K connections at once, a flash crowd
                                    (SYNs the kernel's queue cannot hold are retransmitted later)
              --barrier             send no request until all K connections are open (or failed),
                                    so that all K transfers overlap; MiB/s then counts from then
              --retries N           after a 503, close, wait the server's Retry-After (at most 5 s,
                                    plus up to half again at random) and ask again on a new
                                    connection, up to N times per download (default 0: a 503 is
                                    a failure)
              --timeout S           give up on whatever is unfinished after S seconds (default
                                    300), retries and their waits included
              --server-pid PID      sample /proc/PID every 100 ms: peak threads and RSS; and the
                                    CPU time of PID and its children (nginx's workers)
              --label TEXT          a name for this run in the output and the CSV (default: none)
              --csv FILE            append one row of results to FILE (header if it is new)
              --help                this text

            Exit status: 0 all verified, 1 some failed, 2 bad command line.
            """;

    /** The exit statuses the usage text promises. */
    private enum Exit {
        ALL_VERIFIED(0), SOME_FAILED(1), BAD_COMMAND_LINE(2);

        final int status;

        Exit(int status) {
            this.status = status;
        }
    }

    private LoadGenerator() {
    }

    public static void main(String[] args) {
        if (Arguments.wantsHelp(args)) {
            System.out.print(USAGE);
            return;
        }
        Options options;
        try {
            options = Options.parse(args);
        } catch (UsageException e) {
            System.err.println("LoadGenerator: " + e.getMessage() + " (see --help)");
            System.exit(Exit.BAD_COMMAND_LINE.status);
            return;
        }
        try {
            if (!run(options, System.out)) {
                System.exit(Exit.SOME_FAILED.status);
            }
        } catch (IOException | UncheckedIOException e) {
            System.err.println("LoadGenerator: " + e.getMessage());
            System.exit(Exit.SOME_FAILED.status);
        }
    }

    /** Runs the load, prints the report; true if every download was verified. */
    static boolean run(Options options, PrintStream out) throws IOException {
        Expected expected = Expected.read(options.expect(), options.verify());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(options.timeoutSeconds());
        Run run = new Run(options, expected, new InetSocketAddress(options.host(), options.port()), request(options),
                new RetryPolicy(options.retries()), new Tally(options.connections()),
                new Barrier(options.connections()), deadline);
        ServerSampler sampler = options.serverPid() > 0 ? new ServerSampler(options.serverPid()) : null;
        long selfTicksBefore = ProcStat.cpuTicks("self");
        long startNanos = System.nanoTime();
        if (sampler != null) {
            sampler.start();
        }
        List<Thread> threads = new ArrayList<>();
        int threadCount = options.threads();
        for (int t = 0; t < threadCount; t++) {
            int share = options.connections() / threadCount + (t < options.connections() % threadCount ? 1 : 0);
            int connecting = options.unpaced() ? Integer.MAX_VALUE : Math.max(1, options.maxConnecting() / threadCount);
            Thread thread = new Thread(new Worker(run, share, connecting), "selector-" + t);
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        Report.Times times = new Report.Times(startNanos, System.nanoTime(),
                ProcStat.cpuTicks("self") - selfTicksBefore);
        new Report(run, times, sampler == null ? null : sampler.stop()).write(out);
        return run.tally().completed() == options.connections();
    }

    /** The request every connection sends, with the Host field written as the product writes one. */
    private static byte[] request(Options options) {
        return ("GET " + options.path() + " HTTP/1.1\r\n"
                + "Host: " + HostPort.of(options.host(), options.port()) + "\r\n"
                + "User-Agent: bench-loadgenerator/1\r\n"
                + "Accept-Encoding: identity\r\n"
                + "Connection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
    }
}
