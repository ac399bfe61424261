package fileserver.client;

import fileserver.cli.ExitCode;

/**
 * Why a download attempt did not end in a verified file. The message is the one line
 * the user sees; {@link #retryable()} says whether trying again may help.
 */
public final class DownloadFailure extends Exception {
    private static final long serialVersionUID = 1L;

    private final ExitCode exitCode;
    private final boolean retryable;
    private final long retryAfterMillis;

    private DownloadFailure(ExitCode exitCode, String message, boolean retryable, long retryAfterMillis) {
        super(message);
        this.exitCode = exitCode;
        this.retryable = retryable;
        this.retryAfterMillis = retryAfterMillis;
    }

    /** A failure that trying again will not fix. */
    static DownloadFailure fatal(ExitCode exitCode, String message) {
        return new DownloadFailure(exitCode, message, false, 0);
    }

    /** A failure worth retrying, after {@code retryAfterMillis} if the server said so (else 0). */
    static DownloadFailure retryable(ExitCode exitCode, String message, long retryAfterMillis) {
        return new DownloadFailure(exitCode, message, true, retryAfterMillis);
    }

    public ExitCode exitCode() {
        return exitCode;
    }

    public boolean retryable() {
        return retryable;
    }

    /** The wait the server asked for with Retry-After, or 0 if it named none. */
    public long retryAfterMillis() {
        return retryAfterMillis;
    }
}
