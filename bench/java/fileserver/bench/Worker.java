package fileserver.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;

/**
 * A selector thread: opens its share of the connections, at most {@code maxConnecting}
 * half-open at a time (unlimited for a flash crowd), and drives each download to its
 * end, verified or failed. A download told 503 waits as the {@link RetryPolicy} says
 * and starts again on a new connection. Each download is counted once in the run's
 * {@link Tally}; nothing outlives the run's deadline.
 */
final class Worker implements Runnable {
    private static final int READ_BUFFER_BYTES = 256 * 1024;
    /** Reads per readiness event: a few buffers, so one busy connection cannot starve the rest. */
    private static final int READS_PER_TURN = 4;
    private static final long MAX_SELECT_MILLIS = 100;

    private final Run run;
    private final int share;
    private final int maxConnecting;
    private final ByteBuffer buffer = ByteBuffer.allocate(READ_BUFFER_BYTES);
    /** Open connections holding their request until the barrier is released. */
    private final List<SelectionKey> waiting = new ArrayList<>();
    /** Downloads told 503, soonest due first. */
    private final PriorityQueue<Fetch> retrying = new PriorityQueue<>(Comparator.comparingLong(f -> f.retryAtNanos));
    private int opened;
    private int connecting;
    private int live;

    Worker(Run run, int share, int maxConnecting) {
        this.run = run;
        this.share = share;
        this.maxConnecting = maxConnecting;
    }

    @Override
    public void run() {
        try (Selector selector = Selector.open()) {
            run.barrier().register(selector);
            loop(selector);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void loop(Selector selector) throws IOException {
        while (opened < share || live > 0 || !retrying.isEmpty()) {
            // Retries first: they have waited longest.
            while (!retrying.isEmpty() && retrying.peek().retryAtNanos <= System.nanoTime()
                    && connecting < maxConnecting) {
                connect(selector, retrying.poll());
            }
            while (opened < share && connecting < maxConnecting) {
                opened++;
                connect(selector, new Fetch(run.expected(), run.options().verify(), run.retryPolicy()));
            }
            if (!waiting.isEmpty() && run.barrier().released()) {
                sendWaiting();
            }
            long now = System.nanoTime();
            long left = run.deadlineNanos() - now;
            if (left <= 0) {
                giveUp(selector);
                return;
            }
            long wait = Math.min(left, TimeUnit.MILLISECONDS.toNanos(MAX_SELECT_MILLIS));
            if (!retrying.isEmpty()) {
                wait = Math.min(wait, retrying.peek().retryAtNanos - now);
            }
            selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(wait)));
            for (var it = selector.selectedKeys().iterator(); it.hasNext(); ) {
                SelectionKey key = it.next();
                it.remove();
                if (key.isValid()) {
                    handle(key);
                }
            }
        }
    }

    /** At the deadline: fails whatever is unfinished, waiting to retry, or never begun. */
    private void giveUp(Selector selector) {
        for (SelectionKey key : List.copyOf(selector.keys())) {
            if (key.isValid()) {
                fail(key, ((Fetch) key.attachment()).timeout());
            }
        }
        while (retrying.poll() != null) {
            run.tally().failed(new Failure(FailureKind.BAD_STATUS, "503, timeout before the retry"));
        }
        while (opened < share) {
            opened++;
            run.barrier().settle();
            run.tally().failed(new Failure(FailureKind.NEVER_ACCEPTED, "timeout (never opened)"));
        }
    }

    /** Starts an attempt of {@code fetch}: a new connection, its request sent once it is open. */
    private void connect(Selector selector, Fetch fetch) {
        SocketChannel channel;
        try {
            channel = SocketChannel.open();
        } catch (IOException e) {
            settle(fetch);
            // Typically too many open files: a limit of this machine, not the server's doing.
            run.tally().failed(new Failure(FailureKind.OTHER, "socket: " + reason(e)));
            return;
        }
        fetch.attempt(channel);
        live++;
        connecting++;
        SelectionKey key;
        try {
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            key = channel.register(selector, 0, fetch);
        } catch (IOException e) {
            closeQuietly(channel);
            live--;
            connecting--;
            settle(fetch);
            run.tally().failed(new Failure(FailureKind.OTHER, "socket: " + reason(e)));
            return;
        }
        try {
            if (channel.connect(run.address())) {
                connected(key);
            } else {
                key.interestOps(SelectionKey.OP_CONNECT);
            }
        } catch (IOException e) {
            fail(key, fetch.failure(e));
        }
    }

    /** A connection is open: send its request now, or with --barrier once all are open. */
    private void connected(SelectionKey key) throws IOException {
        Fetch fetch = (Fetch) key.attachment();
        fetch.connected = true;
        connecting--;
        run.tally().connected(fetch.retries == 0);
        settle(fetch);
        if (!run.options().barrier() || run.barrier().released()) {
            sendRequest(key);
        } else {
            // Reading meanwhile notices a server that closes or answers early (a 503, for one).
            key.interestOps(SelectionKey.OP_READ);
            waiting.add(key);
        }
    }

    /** Counts a download's first settling (open, or failed) for the barrier; retries do not count again. */
    private void settle(Fetch fetch) {
        if (!fetch.settled) {
            fetch.settled = true;
            run.barrier().settle();
        }
    }

    private void sendWaiting() {
        for (SelectionKey key : waiting) {
            // A key answered meanwhile (a 503 or a close) was cancelled.
            if (!key.isValid()) {
                continue;
            }
            try {
                sendRequest(key);
            } catch (IOException e) {
                fail(key, ((Fetch) key.attachment()).failure(e));
            }
        }
        waiting.clear();
    }

    private void handle(SelectionKey key) {
        Fetch fetch = (Fetch) key.attachment();
        try {
            if (key.isConnectable()) {
                fetch.channel.finishConnect();
                connected(key);
            } else if (key.isWritable()) {
                sendRequest(key);
            } else if (key.isReadable()) {
                read(key, fetch);
            }
        } catch (IOException e) {
            if (fetch.overloaded()) {
                retry(key, fetch); // the server had said 503: that answer stands
            } else {
                fail(key, fetch.failure(e));
            }
        } catch (Failure e) {
            fail(key, e);
        }
    }

    private void sendRequest(SelectionKey key) throws IOException {
        Fetch fetch = (Fetch) key.attachment();
        if (fetch.pendingRequest == null) {
            fetch.pendingRequest = ByteBuffer.wrap(run.request());
            if (fetch.requestedNanos == 0) {
                fetch.requestedNanos = System.nanoTime();
            }
        }
        fetch.channel.write(fetch.pendingRequest);
        key.interestOps(fetch.pendingRequest.hasRemaining() ? SelectionKey.OP_WRITE : SelectionKey.OP_READ);
    }

    /** Reads what has arrived and hands it to the fetch, which says what comes next. */
    private void read(SelectionKey key, Fetch fetch) throws IOException, Failure {
        for (int round = 0; round < READS_PER_TURN; round++) {
            buffer.clear();
            int n = fetch.channel.read(buffer);
            if (n == 0) {
                return;
            }
            long before = fetch.received();
            Fetch.Step step = n < 0 ? fetch.endOfStream() : fetch.take(buffer.array(), n);
            run.tally().body(fetch.received() - before);
            if (step == Fetch.Step.VERIFIED) {
                finish(key, fetch, null);
                return;
            }
            if (step == Fetch.Step.RETRY) {
                retry(key, fetch);
                return;
            }
        }
    }

    /**
     * Closes a download's connection after a 503 and schedules its next attempt; or fails
     * it at once if that attempt would be due after the deadline, so the run ends sooner.
     */
    private void retry(SelectionKey key, Fetch fetch) {
        close(key, fetch);
        fetch.retryAtNanos = System.nanoTime() + run.retryPolicy().delayNanos(fetch.retryAfterSeconds());
        if (fetch.retryAtNanos - run.deadlineNanos() >= 0) {
            run.tally().failed(new Failure(FailureKind.BAD_STATUS, "503, retry due after the timeout"));
            return;
        }
        fetch.retries++;
        run.tally().retried();
        retrying.add(fetch);
    }

    private void fail(SelectionKey key, Failure failure) {
        finish(key, (Fetch) key.attachment(), failure);
    }

    /** Ends a download: closes it and counts it as verified (failure null) or failed. */
    private void finish(SelectionKey key, Fetch fetch, Failure failure) {
        close(key, fetch);
        settle(fetch);
        if (failure == null) {
            run.tally().completed(System.nanoTime() - fetch.requestedNanos, fetch.retries);
        } else {
            run.tally().failed(failure);
        }
    }

    /** Closes the current attempt's connection, connected or still connecting. */
    private void close(SelectionKey key, Fetch fetch) {
        key.cancel();
        closeQuietly(fetch.channel);
        live--;
        if (fetch.connected) {
            run.tally().disconnected();
        } else {
            connecting--;
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
}
