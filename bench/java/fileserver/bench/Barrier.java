package fileserver.bench;

import java.nio.channels.Selector;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * For {@code --barrier}: counts connections as they settle (open, or failed for good)
 * and releases the requests once all of them have, waking every selector thread so the
 * waiting requests go out together. Counted with or without --barrier; only the
 * workers' use of {@link #released()} differs.
 */
final class Barrier {
    private final int parties;
    private final AtomicInteger settled = new AtomicInteger();
    private final List<Selector> selectors = new CopyOnWriteArrayList<>();
    private volatile long releasedNanos;

    Barrier(int parties) {
        this.parties = parties;
    }

    /** {@code selector} is to be woken on release. */
    void register(Selector selector) {
        selectors.add(selector);
    }

    /** One connection settled; the last one releases the barrier. */
    void settle() {
        if (settled.incrementAndGet() == parties) {
            releasedNanos = System.nanoTime();
            selectors.forEach(Selector::wakeup);
        }
    }

    boolean released() {
        return releasedNanos != 0;
    }

    /** When the barrier was released (System.nanoTime), or 0 if it was not. */
    long releasedNanos() {
        return releasedNanos;
    }
}
