package fileserver.server;

import java.io.IOException;
import java.time.Duration;

/**
 * Tells the log about a run of failed {@code accept} calls in two lines, not one line a
 * failure: one when accepting starts to fail, and one once it has worked for
 * {@link #QUIET} with no failure, saying how many tries failed over how long.
 *
 * <p>At the open-files limit, {@code accept} fails ("Too many open files") while the
 * connection stays in the kernel's queue; the accept thread retries every
 * {@link #RETRY_PAUSE} until a descriptor is free. Under a burst that is twenty failures
 * a second for as long as the burst lasts, and a line for each buried everything else in
 * the log. Nor does one accept that works end the run: while a burst drains, each
 * descriptor freed is taken at once and the next accept fails again, so the run ends
 * only after {@link #QUIET} without a failure. So that this is noticed even when no
 * connection comes, the accept thread waits at most {@link #acceptTimeoutMillis} during
 * a run and then calls {@link #succeeded} too. Used by the accept thread only.
 */
final class AcceptFailures {
    /** How long the accept thread waits after a failure before it tries again: it must not spin. */
    static final Duration RETRY_PAUSE = Duration.ofMillis(50);
    /** How long accepting must go without a failure for a run of failures to end. */
    static final Duration QUIET = Duration.ofSeconds(1);

    private final TransferLog log;
    private long failures;
    private long firstNanos;
    private long lastNanos;
    private String reason;

    AcceptFailures(TransferLog log) {
        this.log = log;
    }

    /** The accept time-out to set: {@link #QUIET} during a run of failures, else none (0). */
    int acceptTimeoutMillis() {
        return failures > 0 ? (int) QUIET.toMillis() : 0;
    }

    /** After a failed accept: logs the first of a run; then waits {@link #RETRY_PAUSE}. */
    void failed(IOException e) {
        lastNanos = System.nanoTime();
        if (failures++ == 0) {
            firstNanos = lastNanos;
            reason = LogText.describe(e);
            log.warning("accepting connections failed (" + reason + "); retrying every " + RETRY_PAUSE.toMillis()
                    + " ms, and saying so once it has worked for " + LogText.seconds(QUIET) + " again");
        }
        pause();
    }

    /** After an accept that worked, or timed out: logs the end of a run once it has been quiet long enough. */
    void succeeded() {
        if (failures > 0 && System.nanoTime() - lastNanos >= QUIET.toNanos()) {
            end("accepting connections again");
        }
    }

    /** When the server stops: logs a run of failures that had not ended. */
    void stopping() {
        if (failures > 0) {
            end("stopped accepting connections");
        }
    }

    private void end(String what) {
        log.acceptRecovered(what, failures, reason, Duration.ofNanos(lastNanos - firstNanos).plus(RETRY_PAUSE));
        failures = 0;
    }

    private static void pause() {
        try {
            Thread.sleep(RETRY_PAUSE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
