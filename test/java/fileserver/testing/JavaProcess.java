package fileserver.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * One of our entry classes ({@code Server}, {@code Client}) run as a real process on the
 * JDK running the tests, with the compiled classes of {@code build/classes}. For what only
 * a process shows: exit codes as numbers, signals, what reaches stdout and stderr.
 * Output goes to files in a directory the test owns, so a process that prints a lot never
 * blocks on a full pipe. Always used in try-with-resources: {@link #close} kills what is
 * still running.
 */
public final class JavaProcess implements AutoCloseable {
    private final Process process;
    private final Path out;
    private final Path err;

    private JavaProcess(Process process, Path out, Path err) {
        this.process = process;
        this.out = out;
        this.err = err;
    }

    /**
     * Starts {@code mainClass} with {@code args}; its stdout and stderr go to
     * {@code <name>.out} and {@code <name>.err} in {@code dir}.
     */
    public static JavaProcess start(Path dir, String name, String mainClass, String... args) throws IOException {
        return start(dir, name, List.of(), mainClass, args);
    }

    /** Like {@link #start(Path, String, String, String...)}, with {@code jvmOptions} for the JVM. */
    public static JavaProcess start(Path dir, String name, List<String> jvmOptions, String mainClass, String... args)
            throws IOException {
        return launch(dir, name, List.of(), jvmOptions, mainClass, args);
    }

    /**
     * Like {@link #start(Path, String, String, String...)}, in a process that may have at
     * most {@code openFiles} files open: {@code ulimit -n}, the soft and the hard limit,
     * so that the JVM cannot raise it either.
     */
    public static JavaProcess startWithOpenFilesLimit(Path dir, String name, int openFiles, String mainClass,
                                                      String... args) throws IOException {
        return launch(dir, name, ulimit("-n", openFiles), List.of(), mainClass, args);
    }

    /**
     * Like {@link #start(Path, String, String, String...)}, in a process that may write no
     * file past {@code kib} KiB ({@code ulimit -f}): a write beyond fails as on a full disk,
     * with "File too large", since the JVM ignores the SIGXFSZ that would otherwise kill it.
     */
    public static JavaProcess startWithFileSizeLimit(Path dir, String name, int kib, String mainClass,
                                                     String... args) throws IOException {
        return launch(dir, name, ulimit("-f", kib), List.of(), mainClass, args);
    }

    /** A command prefix that sets one resource limit ({@code ulimit OPTION VALUE}), then runs the rest. */
    private static List<String> ulimit(String option, int value) {
        return List.of("bash", "-c", "ulimit " + option + " \"$1\" && shift && exec \"$@\"", "bash",
                Integer.toString(value));
    }

    private static JavaProcess launch(Path dir, String name, List<String> wrapper, List<String> jvmOptions,
                                      String mainClass, String... args) throws IOException {
        List<String> command = new ArrayList<>(wrapper);
        command.addAll(List.of(javaExecutable(), "-cp", classes().toString(), "-XX:TieredStopAtLevel=1", "-Xshare:auto"));
        command.addAll(jvmOptions);
        command.add(mainClass);
        command.addAll(List.of(args));
        Path out = dir.resolve(name + ".out");
        Path err = dir.resolve(name + ".err");
        Process process = new ProcessBuilder(command).directory(dir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        return new JavaProcess(process, out, err);
    }

    /** Runs {@code mainClass} to its end, failing the test if it takes longer than {@code timeout}. */
    public static JavaProcess run(Path dir, String name, Duration timeout, String mainClass, String... args)
            throws IOException, InterruptedException {
        JavaProcess process = start(dir, name, mainClass, args);
        process.awaitExit(timeout);
        return process;
    }

    /** The {@code java} launcher of the JVM running the tests. */
    public static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The compiled main classes: {@code build/classes} under the project root. */
    public static Path classes() {
        Path root = Path.of(System.getProperty("project.root", System.getProperty("user.dir")));
        return root.resolve("build/classes").toAbsolutePath();
    }

    public long pid() {
        return process.pid();
    }

    public Process process() {
        return process;
    }

    /** Waits for the exit and returns the exit status; throws {@link AssertionError} on time-out. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("still running after " + timeout.toMillis() + " ms\nstdout:\n" + out()
                    + "\nstderr:\n" + err());
        }
        return process.exitValue();
    }

    /**
     * Sends SIGTERM, as a supervisor, {@code kill} or run_server.sh --stop does (on Linux,
     * {@link Process#destroy} sends SIGTERM), and returns without waiting.
     */
    public void terminate() {
        process.destroy();
    }

    /**
     * Waits until a line of stdout matches {@code pattern} and returns that line; fails
     * after {@code timeout}, showing what the process printed.
     */
    public String awaitOutLine(Pattern pattern, Duration timeout) {
        Poll.until(() -> firstOutLine(pattern).isPresent(), timeout,
                () -> "no line matching " + pattern + " in the output of the process, " + this);
        return firstOutLine(pattern).orElseThrow();
    }

    private Optional<String> firstOutLine(Pattern pattern) {
        return out().lines().filter(line -> pattern.matcher(line).find()).findFirst();
    }

    public int exitValue() {
        return process.exitValue();
    }

    /** What it has printed to stdout so far. */
    public String out() {
        return read(out);
    }

    /** What it has printed to stderr so far. */
    public String err() {
        return read(err);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return "exit " + (process.isAlive() ? "(running)" : process.exitValue()) + "\nstdout:\n" + out()
                + "\nstderr:\n" + err();
    }

    /** Kills the process if it still runs (with its children), and waits for it to go. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
