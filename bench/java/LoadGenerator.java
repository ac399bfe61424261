import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

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
 * <p>Usage: {@code java -cp build/bench-classes LoadGenerator --port P --connections K
 * --expect FILE [options]}; {@code --help} lists them. Prints a summary and one line
 * {@code RESULT key=value ...} for scripts; exits 0 only if every download was verified.
 */
public final class LoadGenerator {
    private static final String USAGE = """
            Usage: java -cp build/bench-classes LoadGenerator --port P --connections K --expect FILE [options]

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
              --barrier             send no request until all K connections are open, so that
                                    all K transfers overlap; MiB/s then counts from that moment
              --timeout S           give up on whatever is unfinished after S seconds (default 300)
              --server-pid PID      sample /proc/PID every 100 ms: peak threads and RSS; and the
                                    CPU time of PID and its children (nginx's workers)
              --label TEXT          a name for this run in the output and the CSV (default: none)
              --csv FILE            append one row of results to FILE (header if it is new)
              --help                this text

            Exit status: 0 all verified, 1 some failed, 2 bad command line.
            """;

    private static final long CLOCK_TICKS_PER_SECOND = 100; // USER_HZ: 100 on every Linux ABI in use
    private static final int READ_BUFFER_BYTES = 256 * 1024;
    private static final int MAX_HEAD_BYTES = 16 * 1024;

    /** How each copy is checked. */
    enum Verify { SHA256, BYTES, LENGTH }

    /** The command line. */
    record Options(String host, int port, String path, int connections, Path expect, Verify verify, int threads,
                   int maxConnecting, boolean barrier, long timeoutSeconds, long serverPid, String label, Path csv) {
    }

    /** What every download must equal. */
    record Expected(long length, byte[] sha256, byte[] bytes) {
    }

    public static void main(String[] args) {
        Options options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("LoadGenerator: " + e.getMessage() + " (see --help)");
            System.exit(2);
            return;
        }
        if (options == null) {
            System.out.print(USAGE);
            return;
        }
        try {
            System.exit(new LoadGenerator(options).run(System.out) ? 0 : 1);
        } catch (IOException | UncheckedIOException e) {
            System.err.println("LoadGenerator: " + e.getMessage());
            System.exit(1);
        }
    }

    static Options parse(String[] args) {
        String host = "127.0.0.1";
        String path = null;
        String label = "";
        int port = -1;
        int connections = 100;
        int threads = 1;
        int maxConnecting = 1000;
        long timeout = 300;
        long serverPid = -1;
        Path expect = null;
        Path csv = null;
        Verify verify = Verify.SHA256;
        boolean barrier = false;
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (option.equals("--help") || option.equals("-h")) {
                return null;
            }
            if (option.equals("--barrier")) {
                barrier = true;
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
                case "--verify" -> verify = switch (value) {
                    case "sha256" -> Verify.SHA256;
                    case "bytes" -> Verify.BYTES;
                    case "length" -> Verify.LENGTH;
                    default -> throw new IllegalArgumentException(
                            "--verify: sha256, bytes or length, not '" + value + "'");
                };
                case "--threads" -> threads = number(option, value, 1, 64);
                case "--max-connecting" -> maxConnecting = number(option, value, 1, 100_000);
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
        if (path == null) {
            path = "/" + expect.getFileName();
        }
        return new Options(host, port, path, connections, expect, verify, Math.min(threads, connections),
                maxConnecting, barrier, timeout, serverPid, label, csv);
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

    private final Options options;
    private final Expected expected;
    private final byte[] request;
    private final InetSocketAddress address;
    private final long deadlineNanos;

    // Shared by the selector threads.
    private final AtomicInteger completed = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final Map<String, LongAdder> failures = new ConcurrentHashMap<>();
    private final LongAdder bodyBytes = new LongAdder();
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger peakOpen = new AtomicInteger();
    private final AtomicLong lastConnectedNanos = new AtomicLong();
    // With --barrier: connections connected or failed so far, the moment all were, and
    // the selectors to wake then.
    private final AtomicInteger settled = new AtomicInteger();
    private volatile long releasedNanos;
    private final List<Selector> selectors = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final long[] durationsNanos;
    private final AtomicInteger durationCount = new AtomicInteger();
    private long startNanos;

    LoadGenerator(Options options) throws IOException {
        this.options = options;
        this.expected = expected(options.expect(), options.verify());
        this.address = new InetSocketAddress(options.host(), options.port());
        String host = options.host().indexOf(':') >= 0 ? "[" + options.host() + "]" : options.host();
        this.request = ("GET " + options.path() + " HTTP/1.1\r\n"
                + "Host: " + host + ":" + options.port() + "\r\n"
                + "User-Agent: bench-loadgenerator/1\r\n"
                + "Accept-Encoding: identity\r\n"
                + "Connection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
        this.durationsNanos = new long[options.connections()];
        this.deadlineNanos = System.nanoTime() + TimeUnit.SECONDS.toNanos(options.timeoutSeconds());
    }

    /** Reads the expected file and hashes it a few times, which also gets SHA-256 compiled before the clock starts. */
    private static Expected expected(Path file, Verify verify) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        byte[] sha256 = null;
        for (int i = 0; i < 3; i++) {
            sha256 = sha256().digest(bytes);
        }
        return new Expected(bytes.length, sha256, verify == Verify.BYTES ? bytes : null);
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /** Runs the load, prints the report; true if every download was verified. */
    boolean run(PrintStream out) throws IOException {
        ServerSampler sampler = options.serverPid() > 0 ? new ServerSampler(options.serverPid()) : null;
        long selfTicksBefore = ProcStat.cpuTicks("self");
        startNanos = System.nanoTime();
        if (sampler != null) {
            sampler.start();
        }
        List<Thread> threads = new ArrayList<>();
        int threadCount = options.threads();
        for (int t = 0; t < threadCount; t++) {
            int share = options.connections() / threadCount + (t < options.connections() % threadCount ? 1 : 0);
            int connecting = Math.max(1, options.maxConnecting() / threadCount);
            Thread thread = new Thread(new Worker(share, connecting), "selector-" + t);
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
        long wallNanos = System.nanoTime() - startNanos;
        long selfTicks = ProcStat.cpuTicks("self") - selfTicksBefore;
        ServerSampler.Peaks peaks = sampler == null ? null : sampler.stop();
        report(out, wallNanos, selfTicks, peaks);
        return completed.get() == options.connections();
    }

    private void report(PrintStream out, long wallNanos, long selfTicks, ServerSampler.Peaks peaks) throws IOException {
        double seconds = wallNanos / 1e9;
        double mib = bodyBytes.sum() / 1048576.0;
        // With --barrier the transfers start together once all are open: rate them from then.
        boolean released = options.barrier() && releasedNanos != 0;
        double transferSeconds = released ? (startNanos + wallNanos - releasedNanos) / 1e9 : seconds;
        double mibPerSecond = transferSeconds > 0 ? mib / transferSeconds : 0;
        long[] durations = Arrays.copyOf(durationsNanos, durationCount.get());
        Arrays.sort(durations);
        long lastConnected = lastConnectedNanos.get();
        double connectSeconds = lastConnected == 0 ? 0 : (lastConnected - startNanos) / 1e9;
        double generatorCpu = selfTicks / (double) CLOCK_TICKS_PER_SECOND;
        String verify = options.verify().name().toLowerCase(Locale.ROOT);

        out.printf(Locale.ROOT, "%s%d connections to %s:%d%s, %d bytes each, verify %s%n",
                options.label().isEmpty() ? "" : options.label() + ": ", options.connections(), options.host(),
                options.port(), options.path(), expected.length(), verify);
        out.printf(Locale.ROOT, "  completed %d, failed %d%s%n", completed.get(), failed.get(), failureText());
        if (released) {
            out.printf(Locale.ROOT, "  wall %.2f s: all %d open after %.2f s (barrier), then %.2f s of transfers"
                    + " at %.0f MiB/s aggregate%n", seconds, peakOpen.get(), connectSeconds, transferSeconds, mibPerSecond);
        } else {
            out.printf(Locale.ROOT, "  wall %.2f s, %.0f MiB/s aggregate, last connection open after %.2f s,"
                    + " at most %d open at once%n", seconds, mibPerSecond, connectSeconds, peakOpen.get());
        }
        out.printf(Locale.ROOT, "  per download, request to last byte: min %.2f s, median %.2f s, p99 %.2f s,"
                        + " max %.2f s%n", percentile(durations, 0), percentile(durations, 50),
                percentile(durations, 99), percentile(durations, 100));
        out.printf(Locale.ROOT, "  generator CPU %.1f s (%d selector thread%s)%n", generatorCpu, options.threads(),
                options.threads() == 1 ? "" : "s");
        if (peaks != null) {
            out.printf(Locale.ROOT, "  server PID %d: peak threads %d, peak RSS %.0f MiB (VmHWM %.0f MiB), CPU %.1f s%n",
                    options.serverPid(), peaks.threads(), peaks.rssKib() / 1024.0, peaks.hwmKib() / 1024.0,
                    peaks.cpuTicks() / (double) CLOCK_TICKS_PER_SECOND);
        }

        Map<String, String> result = new LinkedHashMap<>();
        result.put("label", options.label().isEmpty() ? "-" : options.label().replace(' ', '_'));
        result.put("connections", Integer.toString(options.connections()));
        result.put("bytes_each", Long.toString(expected.length()));
        result.put("verify", verify);
        result.put("completed", Integer.toString(completed.get()));
        result.put("failed", Integer.toString(failed.get()));
        result.put("wall_s", fixed(seconds, 3));
        result.put("mib_s", fixed(mibPerSecond, 1));
        result.put("connected_s", fixed(connectSeconds, 3));
        result.put("transfer_s", fixed(transferSeconds, 3));
        result.put("peak_open", Integer.toString(peakOpen.get()));
        result.put("median_download_s", fixed(percentile(durations, 50), 3));
        result.put("max_download_s", fixed(percentile(durations, 100), 3));
        result.put("generator_cpu_s", fixed(generatorCpu, 2));
        result.put("server_peak_threads", peaks == null ? "-" : Integer.toString(peaks.threads()));
        result.put("server_peak_rss_mib", peaks == null ? "-" : fixed(peaks.rssKib() / 1024.0, 1));
        result.put("server_hwm_mib", peaks == null ? "-" : fixed(peaks.hwmKib() / 1024.0, 1));
        result.put("server_cpu_s", peaks == null ? "-" : fixed(peaks.cpuTicks() / (double) CLOCK_TICKS_PER_SECOND, 2));
        result.put("failures", failures.isEmpty() ? "-" : failureText().trim().replaceAll("[ ,();:]+", "_"));
        StringBuilder line = new StringBuilder("RESULT");
        result.forEach((key, value) -> line.append(' ').append(key).append('=').append(value));
        out.println(line);
        if (options.csv() != null) {
            appendCsv(result);
        }
    }

    private static String fixed(double value, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }

    private void appendCsv(Map<String, String> result) throws IOException {
        Path csv = options.csv();
        StringBuilder text = new StringBuilder();
        if (!Files.exists(csv) || Files.size(csv) == 0) {
            text.append("date,").append(String.join(",", result.keySet())).append('\n');
        }
        text.append(java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        result.values().forEach(value -> text.append(',').append(value.replace(',', ';')));
        text.append('\n');
        Files.writeString(csv, text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private String failureText() {
        if (failures.isEmpty()) {
            return "";
        }
        Map<String, Long> sorted = new TreeMap<>();
        failures.forEach((reason, count) -> sorted.put(reason, count.sum()));
        StringBuilder text = new StringBuilder(" (");
        sorted.forEach((reason, count) -> text.append(count).append(" ").append(reason).append(", "));
        text.setLength(text.length() - 2);
        return text.append(")").toString();
    }

    private static double percentile(long[] sorted, int percent) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(percent / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e9;
    }

    /** One download: its channel, where it is in the response, and its check so far. */
    private final class Download {
        final SocketChannel channel;
        final MessageDigest digest = options.verify() == Verify.SHA256 ? sha256() : null;
        byte[] head = new byte[1024];
        int headLength;
        boolean inBody;
        boolean connected;
        long contentLength = -1;
        long received;
        ByteBuffer pendingRequest;
        long requestedNanos;

        Download(SocketChannel channel) {
            this.channel = channel;
        }
    }

    /** Thrown inside a worker to end one download as failed, with a short reason. */
    private static final class Failure extends Exception {
        private static final long serialVersionUID = 1L;

        Failure(String reason) {
            super(reason, null, false, false);
        }
    }

    /** A selector thread: opens its share of the connections and drives them to the end. */
    private final class Worker implements Runnable {
        private final int share;
        private final int maxConnecting;
        private final ByteBuffer buffer = ByteBuffer.allocate(READ_BUFFER_BYTES);
        private int opened;
        private int connecting;
        private int live;
        private final List<SelectionKey> waiting = new ArrayList<>();

        Worker(int share, int maxConnecting) {
            this.share = share;
            this.maxConnecting = maxConnecting;
        }

        @Override
        public void run() {
            try (Selector selector = Selector.open()) {
                selectors.add(selector);
                loop(selector);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private void loop(Selector selector) throws IOException {
            while (opened < share || live > 0) {
                while (opened < share && connecting < maxConnecting) {
                    openOne(selector);
                }
                if (!waiting.isEmpty() && releasedNanos != 0) {
                    sendWaiting();
                }
                long left = deadlineNanos - System.nanoTime();
                if (left <= 0) {
                    for (SelectionKey key : List.copyOf(selector.keys())) {
                        if (key.isValid()) {
                            fail(key, "timeout");
                        }
                    }
                    while (opened < share) {
                        opened++;
                        settle();
                        countFailure("timeout (never opened)");
                    }
                    return;
                }
                selector.select(Math.max(1, Math.min(100, TimeUnit.NANOSECONDS.toMillis(left))));
                for (var it = selector.selectedKeys().iterator(); it.hasNext(); ) {
                    SelectionKey key = it.next();
                    it.remove();
                    if (key.isValid()) {
                        handle(key);
                    }
                }
            }
        }

        private void openOne(Selector selector) {
            opened++;
            SocketChannel channel;
            try {
                channel = SocketChannel.open();
            } catch (IOException e) {
                settle();
                countFailure("socket: " + reason(e)); // typically too many open files
                return;
            }
            Download download = new Download(channel);
            live++;
            connecting++;
            SelectionKey key;
            try {
                channel.configureBlocking(false);
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                key = channel.register(selector, 0, download);
            } catch (IOException e) {
                closeQuietly(channel);
                live--;
                connecting--;
                settle();
                countFailure("socket: " + reason(e));
                return;
            }
            try {
                if (channel.connect(address)) {
                    connected(key);
                } else {
                    key.interestOps(SelectionKey.OP_CONNECT);
                }
            } catch (IOException e) {
                fail(key, "connect: " + reason(e));
            } catch (Failure e) {
                fail(key, e.getMessage());
            }
        }

        /** A connection is open: send its request now, or with --barrier once all are open. */
        private void connected(SelectionKey key) throws IOException, Failure {
            Download download = (Download) key.attachment();
            download.connected = true;
            connecting--;
            int now = open.incrementAndGet();
            peakOpen.accumulateAndGet(now, Math::max);
            lastConnectedNanos.accumulateAndGet(System.nanoTime(), Math::max);
            settle();
            if (!options.barrier() || releasedNanos != 0) {
                sendRequest(key);
            } else {
                // Reading meanwhile notices a server that closes or answers early.
                key.interestOps(SelectionKey.OP_READ);
                waiting.add(key);
            }
        }

        private void sendWaiting() {
            for (SelectionKey key : waiting) {
                if (!key.isValid()) {
                    continue;
                }
                try {
                    sendRequest(key);
                } catch (IOException e) {
                    fail(key, reason(e));
                } catch (Failure e) {
                    fail(key, e.getMessage());
                }
            }
            waiting.clear();
        }

        /** Counts a connection as open or failed; the last one releases the barrier. */
        private void settle() {
            if (settled.incrementAndGet() == options.connections()) {
                releasedNanos = System.nanoTime();
                selectors.forEach(Selector::wakeup);
            }
        }

        private void handle(SelectionKey key) {
            Download download = (Download) key.attachment();
            try {
                if (key.isConnectable()) {
                    download.channel.finishConnect();
                    connected(key);
                } else if (key.isWritable()) {
                    sendRequest(key);
                } else if (key.isReadable()) {
                    read(key, download);
                }
            } catch (IOException e) {
                fail(key, (download.connected ? "" : "connect: ") + reason(e));
            } catch (Failure e) {
                fail(key, e.getMessage());
            }
        }

        private void sendRequest(SelectionKey key) throws IOException, Failure {
            Download download = (Download) key.attachment();
            if (download.pendingRequest == null) {
                download.pendingRequest = ByteBuffer.wrap(request);
                download.requestedNanos = System.nanoTime();
            }
            download.channel.write(download.pendingRequest);
            key.interestOps(download.pendingRequest.hasRemaining() ? SelectionKey.OP_WRITE : SelectionKey.OP_READ);
        }

        /** Reads what has arrived (a few buffers at most, so one busy connection cannot starve the rest). */
        private void read(SelectionKey key, Download download) throws IOException, Failure {
            for (int round = 0; round < 4; round++) {
                buffer.clear();
                int n = download.channel.read(buffer);
                if (n < 0) {
                    if (!download.inBody) {
                        throw new Failure("closed before a complete response head");
                    }
                    throw new Failure("closed early");
                }
                if (n == 0) {
                    return;
                }
                int offset = 0;
                if (!download.inBody) {
                    offset = readHead(download, buffer.array(), n);
                    if (!download.inBody) {
                        continue;
                    }
                }
                if (body(key, download, buffer.array(), offset, n - offset)) {
                    return;
                }
            }
        }

        /** Takes head bytes; returns where the body starts in {@code bytes}, once the head is complete. */
        private int readHead(Download download, byte[] bytes, int length) throws Failure {
            int start = download.headLength;
            if (start + length > download.head.length) {
                int grown = Math.max(download.head.length * 2, start + length);
                download.head = Arrays.copyOf(download.head, Math.min(MAX_HEAD_BYTES + 4, grown));
            }
            int copy = Math.min(length, download.head.length - start);
            System.arraycopy(bytes, 0, download.head, start, copy);
            download.headLength += copy;
            for (int i = Math.max(3, start); i < download.headLength; i++) {
                if (download.head[i] == '\n' && download.head[i - 1] == '\r' && download.head[i - 2] == '\n'
                        && download.head[i - 3] == '\r') {
                    parseHead(download, new String(download.head, 0, i + 1, StandardCharsets.ISO_8859_1));
                    download.inBody = true;
                    download.head = null;
                    return i + 1 - start;
                }
            }
            if (download.headLength > MAX_HEAD_BYTES) {
                throw new Failure("response head over " + MAX_HEAD_BYTES + " bytes");
            }
            return length;
        }

        private void parseHead(Download download, String head) throws Failure {
            String[] lines = head.split("\r\n");
            String[] status = lines[0].split(" ", 3);
            if (status.length < 2 || !status[0].startsWith("HTTP/1.")) {
                throw new Failure("not an HTTP response");
            }
            if (!status[1].equals("200")) {
                throw new Failure("status " + status[1]);
            }
            for (String line : lines) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("Content-Length")) {
                    try {
                        download.contentLength = Long.parseLong(line.substring(colon + 1).trim());
                    } catch (NumberFormatException e) {
                        throw new Failure("bad Content-Length");
                    }
                }
            }
            if (download.contentLength != expected.length()) {
                throw new Failure(download.contentLength < 0 ? "no Content-Length" : "wrong Content-Length");
            }
        }

        /** Takes body bytes and verifies them; true when the download is over. */
        private boolean body(SelectionKey key, Download download, byte[] bytes, int offset, int length) throws Failure {
            if (download.received + length > download.contentLength) {
                throw new Failure("more bytes than Content-Length");
            }
            switch (options.verify()) {
                case SHA256 -> download.digest.update(bytes, offset, length);
                case BYTES -> {
                    int from = (int) download.received;
                    if (Arrays.mismatch(bytes, offset, offset + length, expected.bytes(), from, from + length) >= 0) {
                        throw new Failure("content differs");
                    }
                }
                case LENGTH -> {
                    // counting is the check
                }
            }
            download.received += length;
            bodyBytes.add(length);
            // An empty file is complete as soon as its head is.
            if (download.received < download.contentLength) {
                return false;
            }
            if (download.digest != null && !MessageDigest.isEqual(download.digest.digest(), expected.sha256())) {
                throw new Failure("SHA-256 differs");
            }
            finish(key, download, null);
            return true;
        }

        private void fail(SelectionKey key, String reason) {
            finish(key, (Download) key.attachment(), reason);
        }

        /** Ends a download: closes it and counts it as verified (reason null) or failed. */
        private void finish(SelectionKey key, Download download, String reason) {
            key.cancel();
            closeQuietly(download.channel);
            live--;
            if (download.connected) {
                open.decrementAndGet();
            } else {
                connecting--;
                settle();
            }
            if (reason == null) {
                completed.incrementAndGet();
                int index = durationCount.getAndIncrement();
                durationsNanos[index] = System.nanoTime() - download.requestedNanos;
            } else {
                countFailure(reason);
            }
        }

        private void countFailure(String reason) {
            failed.incrementAndGet();
            failures.computeIfAbsent(reason, r -> new LongAdder()).increment();
        }
    }

    private static String reason(IOException e) {
        String message = e.getMessage();
        return message == null ? e.getClass().getSimpleName() : message;
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // nothing more to do with a channel that is being dropped
        }
    }

    /** CPU time of a process from /proc/PID/stat. */
    static final class ProcStat {
        private ProcStat() {
        }

        /** CPU ticks of {@code pid} and its children (nginx's workers, for one). */
        static long treeCpuTicks(long pid) {
            long ticks = cpuTicks(Long.toString(pid));
            for (ProcessHandle child : ProcessHandle.of(pid).map(p -> p.children().toList()).orElse(List.of())) {
                ticks += cpuTicks(Long.toString(child.pid()));
            }
            return ticks;
        }

        /** utime + stime of {@code pid} ("self" for this JVM) in clock ticks, or 0 if it is gone. */
        static long cpuTicks(String pid) {
            try {
                String stat = Files.readString(Path.of("/proc", pid, "stat"));
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                // After the command: state is field 3, utime field 14, stime field 15.
                return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            } catch (IOException | RuntimeException e) {
                return 0;
            }
        }
    }

    /** Samples the server's /proc/PID/status every 100 ms on a daemon thread. */
    static final class ServerSampler {
        record Peaks(int threads, long rssKib, long hwmKib, long cpuTicks) {
        }

        private final long pid;
        private final Thread thread;
        private volatile boolean running = true;
        private int peakThreads;
        private long peakRssKib;
        private long hwmKib;
        private long ticksBefore;

        ServerSampler(long pid) {
            this.pid = pid;
            this.thread = new Thread(this::sample, "server-sampler");
            this.thread.setDaemon(true);
        }

        void start() {
            ticksBefore = ProcStat.treeCpuTicks(pid);
            sampleOnce();
            thread.start();
        }

        Peaks stop() {
            running = false;
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            sampleOnce();
            return new Peaks(peakThreads, peakRssKib, hwmKib, ProcStat.treeCpuTicks(pid) - ticksBefore);
        }

        private void sample() {
            while (running) {
                sampleOnce();
                try {
                    TimeUnit.MILLISECONDS.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        private synchronized void sampleOnce() {
            List<String> lines;
            try {
                lines = Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"));
            } catch (IOException e) {
                return; // the server is gone; keep what was seen
            }
            for (String line : lines) {
                if (line.startsWith("Threads:")) {
                    peakThreads = Math.max(peakThreads, (int) kib(line));
                } else if (line.startsWith("VmRSS:")) {
                    peakRssKib = Math.max(peakRssKib, kib(line));
                } else if (line.startsWith("VmHWM:")) {
                    hwmKib = Math.max(hwmKib, kib(line));
                }
            }
        }

        /** The number in a status line such as {@code VmRSS:   123456 kB}. */
        private static long kib(String line) {
            String[] words = line.substring(line.indexOf(':') + 1).trim().split("\\s+");
            return Long.parseLong(words[0]);
        }
    }
}
