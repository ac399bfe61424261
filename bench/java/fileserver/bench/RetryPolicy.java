package fileserver.bench;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * What a download does with a {@code 503 Service Unavailable}: close, wait, connect and
 * ask again, as a polite client would, at most {@code maxRetries} times (0: a 503 is a
 * failure). The wait is the server's Retry-After (1 s if it names none), capped at 5 s so
 * a run stays short, plus a random part of up to half that again (at least 250 ms): a
 * crowd that is told "1 s" all at once must not come back as one crowd a second later.
 */
record RetryPolicy(int maxRetries) {
    static final long DEFAULT_WAIT_SECONDS = 1;
    static final long MAX_WAIT_SECONDS = 5;
    private static final long MIN_JITTER_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

    /** True if a download that has been retried {@code retries} times may be retried again. */
    boolean allows(int retries) {
        return retries < maxRetries;
    }

    /** How long to wait before asking again, for a 503 with this Retry-After (-1: none). */
    long delayNanos(long retryAfterSeconds) {
        long seconds = retryAfterSeconds < 0 ? DEFAULT_WAIT_SECONDS : Math.min(retryAfterSeconds, MAX_WAIT_SECONDS);
        long wait = TimeUnit.SECONDS.toNanos(seconds);
        return wait + ThreadLocalRandom.current().nextLong(Math.max(MIN_JITTER_NANOS, wait / 2));
    }
}
