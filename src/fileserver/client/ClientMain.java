package fileserver.client;

import fileserver.cli.ExitCode;
import fileserver.cli.UsageException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.util.concurrent.ThreadLocalRandom;

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
        if (ClientCommand.wantsHelp(args)) {
            out.print(ClientCommand.USAGE);
            return ExitCode.OK;
        }
        ClientConfig config;
        try {
            config = ClientCommand.parse(args);
        } catch (UsageException e) {
            err.println("client: " + e.getMessage());
            err.print(ClientCommand.USAGE);
            return ExitCode.USAGE;
        }
        String name = "client " + config.id();
        if (!Files.isDirectory(config.dir())) {
            err.println(name + ": directory " + config.dir() + " does not exist");
            return ExitCode.LOCAL_IO;
        }
        if (!Files.isWritable(config.dir())) {
            err.println(name + ": directory " + config.dir() + " is not writable");
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
     * Exponential backoff with jitter, so that a crowd of clients refused together does
     * not come back together; at least what the server asked for with Retry-After.
     */
    static long backoffMillis(int attempt, long retryAfterMillis) {
        long base = Math.min(MAX_BACKOFF_MILLIS, FIRST_BACKOFF_MILLIS << Math.min(attempt, 10));
        long jittered = base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1);
        return Math.max(jittered, retryAfterMillis);
    }

    static String describe(DownloadResult result) {
        long millis = Math.max(1, result.nanos() / 1_000_000);
        long tenthsOfMbPerSecond = (result.fileBytes() - result.resumedFrom()) * 10_000 / (millis * 1_000_000);
        String resumed = result.resumedFrom() > 0 ? " (resumed at " + result.resumedFrom() + ")" : "";
        return result.fileBytes() + " bytes in " + millis + " ms (" + tenthsOfMbPerSecond / 10 + "."
                + tenthsOfMbPerSecond % 10 + " MB/s)" + resumed + ", verified " + result.verification();
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
