package fileserver.client;

import fileserver.cli.Arguments;
import fileserver.cli.ExitCode;
import fileserver.cli.UsageException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * Runs one client from the command line: checks the arguments and the target directory,
 * downloads with retries, and prints one line saying how it went.
 */
public final class ClientMain {
    private static final long FIRST_BACKOFF_MILLIS = 200;
    private static final long MAX_BACKOFF_MILLIS = 5_000;

    private ClientMain() {
    }

    /** Runs the client; the result is the process exit code. */
    public static ExitCode run(String[] args, PrintStream out, PrintStream err) {
        if (Arguments.wantsHelp(args)) {
            out.print(ClientCommand.usage());
            return ExitCode.OK;
        }
        ClientConfig config;
        try {
            config = ClientCommand.parse(args);
        } catch (UsageException e) {
            err.println("client: " + e.getMessage());
            err.print(ClientCommand.usage());
            return ExitCode.USAGE;
        }
        String name = "client " + config.id();
        Optional<String> dirProblem = directoryProblem(config);
        if (dirProblem.isPresent()) {
            err.println(name + ": " + dirProblem.get());
            return ExitCode.LOCAL_IO;
        }
        Download download = new Download(config);
        for (int attempt = 0; ; attempt++) {
            try {
                DownloadResult result = download.attempt(config.resume());
                out.println(name + ": " + describe(result));
                return ExitCode.OK;
            } catch (DownloadFailure failure) {
                if (!failure.retryable() || attempt >= config.retries()) {
                    err.println(name + ": " + failure.getMessage()
                            + (failure.retryable() ? ", gave up after " + (attempt + 1) + " attempts" : ""));
                    return failure.exitCode();
                }
                long wait = backoffMillis(attempt, failure.retryAfterMillis());
                err.println(name + ": " + failure.getMessage() + "; retrying in " + wait + " ms");
                if (!sleep(wait)) {
                    return failure.exitCode();
                }
            }
        }
    }

    /**
     * Why the received file cannot be written in {@code --dir}, checked before any network
     * traffic. Writability is tested by creating a file, not by asking for permission:
     * root passes every permission check, yet cannot create files in /proc or /sys, and
     * neither can anyone on a read-only mount. A symbolic link in place of the received
     * file or its validator is refused here too, before a request is sent; the files'
     * no-follow opens ({@link ResumeState}) are what make that safe against a link planted later.
     */
    static Optional<String> directoryProblem(ClientConfig config) {
        Path dir = config.dir();
        if (!Files.exists(dir)) {
            return Optional.of("directory " + dir + " does not exist");
        }
        if (!Files.isDirectory(dir)) {
            return Optional.of(dir + " is not a directory");
        }
        try {
            Files.delete(Files.createTempFile(dir, ".received_bio_" + config.id() + "-", ".probe"));
        } catch (IOException e) {
            return Optional.of("directory " + dir + " is not writable");
        }
        return Stream.of(config.receivedFile(), config.validatorFile())
                .map(ClientMain::unusableFile).flatMap(Optional::stream).findFirst();
    }

    /**
     * Why the client must not open {@code file}: a symbolic link, or something other than
     * a regular file. A FIFO planted there would block the client's open until someone
     * reads it, that is forever; a device would take the download. Empty if the file is
     * absent or regular.
     */
    private static Optional<String> unusableFile(Path file) {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            return Optional.empty(); // absent; any other trouble, the open itself reports
        }
        if (attributes.isSymbolicLink()) {
            return Optional.of(ResumeState.linkRefusal(file));
        }
        if (!attributes.isRegularFile()) {
            return Optional.of(file + " is not a regular file (a directory, FIFO or device); the client writes only"
                    + " into a regular file (remove it, or choose another --dir)");
        }
        return Optional.empty();
    }

    /**
     * Exponential backoff with jitter, so that a crowd of clients refused together does
     * not come back together. When the server asked for a wait (Retry-After), the jitter
     * goes on top of it: a floor alone would bring the whole crowd back in the same
     * millisecond.
     */
    static long backoffMillis(int attempt, long retryAfterMillis) {
        long base = Math.min(MAX_BACKOFF_MILLIS, FIRST_BACKOFF_MILLIS << Math.min(attempt, 10));
        long jitter = ThreadLocalRandom.current().nextLong(base / 2 + 1);
        return retryAfterMillis > 0 ? retryAfterMillis + jitter : base / 2 + jitter;
    }

    /**
     * The line's text after the client's name, e.g. {@code "612 bytes in 102 ms (6.0 kB/s),
     * verified sha-256"}. The rate is of the bytes this run moved, over the whole
     * milliseconds shown; with none moved (an empty file, or one resumed complete) or under
     * 1 ms, there is none to show, and the line leaves it out.
     */
    static String describe(DownloadResult result) {
        long millis = result.nanos() / 1_000_000;
        long moved = result.fileBytes() - result.resumedFrom();
        String time = millis > 0 ? millis + " ms" : "under 1 ms";
        String rate = moved > 0 && millis > 0 ? " (" + TransferRate.perSecond(moved, millis) + ")" : "";
        String resumed = result.resumedFrom() > 0 ? " (resumed at " + result.resumedFrom() + ")" : "";
        String unit = result.fileBytes() == 1 ? " byte" : " bytes";
        return result.fileBytes() + unit + " in " + time + rate + resumed + ", verified " + result.verification();
    }

    private static boolean sleep(long millis) {
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
