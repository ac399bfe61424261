import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.net.StandardSocketOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A selector thread: opens its share of the connections, at most {@code maxConnecting}
 * half-open at a time, and drives each download to its end, verified or failed. Each
 * download is counted once in the run's {@link Tally}.
 */
final class Worker implements Runnable {
    private static final int READ_BUFFER_BYTES = 256 * 1024;
    /** Reads per readiness event: a few buffers, so one busy connection cannot starve the rest. */
    private static final int READS_PER_TURN = 4;

    private final Run run;
    private final int share;
    private final int maxConnecting;
    private final ByteBuffer buffer = ByteBuffer.allocate(READ_BUFFER_BYTES);
    private final List<SelectionKey> waiting = new ArrayList<>();
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
        while (opened < share || live > 0) {
            while (opened < share && connecting < maxConnecting) {
                openOne(selector);
            }
            if (!waiting.isEmpty() && run.barrier().released()) {
                sendWaiting();
            }
            long left = run.deadlineNanos() - System.nanoTime();
            if (left <= 0) {
                giveUp(selector);
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

    /** At the deadline: fails whatever is unfinished, and whatever was never opened. */
    private void giveUp(Selector selector) {
        for (SelectionKey key : List.copyOf(selector.keys())) {
            if (key.isValid()) {
                fail(key, timeout((Download) key.attachment()));
            }
        }
        while (opened < share) {
            opened++;
            run.barrier().settle();
            run.tally().failed(new Failure(FailureKind.NEVER_ACCEPTED, "timeout (never opened)"));
        }
    }

    /** What the deadline means for a download in its state. */
    private static Failure timeout(Download download) {
        if (!download.connected) {
            return new Failure(FailureKind.NEVER_ACCEPTED, "timeout connecting");
        }
        if (download.head.head() == null) {
            return new Failure(FailureKind.UNANSWERED, "timeout before a response head");
        }
        return new Failure(FailureKind.BAD_BODY, "timeout in the body");
    }

    private void openOne(Selector selector) {
        opened++;
        SocketChannel channel;
        try {
            channel = SocketChannel.open();
        } catch (IOException e) {
            run.barrier().settle();
            // Typically too many open files: a limit of this machine, not the server's doing.
            run.tally().failed(new Failure(FailureKind.OTHER, "socket: " + reason(e)));
            return;
        }
        Download download = new Download(channel, new BodyCheck(run.expected(), run.options().verify()));
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
            run.barrier().settle();
            run.tally().failed(new Failure(FailureKind.OTHER, "socket: " + reason(e)));
            return;
        }
        try {
            if (channel.connect(run.target().address())) {
                connected(key);
            } else {
                key.interestOps(SelectionKey.OP_CONNECT);
            }
        } catch (IOException e) {
            fail(key, Failure.of(e, false, false));
        } catch (Failure e) {
            fail(key, e);
        }
    }

    /** A connection is open: send its request now, or with --barrier once all are open. */
    private void connected(SelectionKey key) throws IOException, Failure {
        Download download = (Download) key.attachment();
        download.connected = true;
        connecting--;
        run.tally().connected();
        run.barrier().settle();
        if (!run.options().barrier() || run.barrier().released()) {
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
                fail(key, failure(e, (Download) key.attachment()));
            }
        }
        waiting.clear();
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
            fail(key, failure(e, download));
        } catch (Failure e) {
            fail(key, e);
        }
    }

    private void sendRequest(SelectionKey key) throws IOException {
        Download download = (Download) key.attachment();
        if (download.pendingRequest == null) {
            download.pendingRequest = ByteBuffer.wrap(run.target().request());
            download.requestedNanos = System.nanoTime();
        }
        download.channel.write(download.pendingRequest);
        key.interestOps(download.pendingRequest.hasRemaining() ? SelectionKey.OP_WRITE : SelectionKey.OP_READ);
    }

    /** Reads what has arrived: the head, then the body, which is checked as it comes. */
    private void read(SelectionKey key, Download download) throws IOException, Failure {
        for (int round = 0; round < READS_PER_TURN; round++) {
            buffer.clear();
            int n = download.channel.read(buffer);
            if (n < 0) {
                if (download.head.head() == null) {
                    throw new Failure(FailureKind.UNANSWERED, "closed before a complete response head");
                }
                throw new Failure(FailureKind.BAD_BODY, "closed early");
            }
            if (n == 0) {
                return;
            }
            int offset = 0;
            if (download.head.head() == null) {
                offset = download.head.take(buffer.array(), n);
                if (download.head.head() == null) {
                    continue;
                }
                accept(download.head.head());
            }
            if (body(key, download, offset, n - offset)) {
                return;
            }
        }
    }

    /** Fails a response that is not the file: another status, or another length. */
    private void accept(ResponseHead head) throws Failure {
        if (head.status() != 200) {
            throw new Failure(FailureKind.BAD_STATUS, "status " + head.status());
        }
        if (head.contentLength() != run.expected().length()) {
            throw new Failure(FailureKind.BAD_BODY, head.contentLength() < 0 ? "no Content-Length" : "wrong Content-Length");
        }
    }

    /** Takes body bytes from the buffer and checks them; true when the download is over. */
    private boolean body(SelectionKey key, Download download, int offset, int length) throws Failure {
        download.body.update(buffer.array(), offset, length);
        run.tally().body(length);
        if (!download.body.complete()) {
            return false;
        }
        download.body.finish();
        finish(key, download, null);
        return true;
    }

    private static Failure failure(IOException e, Download download) {
        return Failure.of(e, download.connected, download.head.head() != null);
    }

    private void fail(SelectionKey key, Failure failure) {
        finish(key, (Download) key.attachment(), failure);
    }

    /** Ends a download: closes it and counts it as verified (failure null) or failed. */
    private void finish(SelectionKey key, Download download, Failure failure) {
        key.cancel();
        closeQuietly(download.channel);
        live--;
        if (download.connected) {
            run.tally().disconnected();
        } else {
            connecting--;
            run.barrier().settle();
        }
        if (failure == null) {
            run.tally().completed(System.nanoTime() - download.requestedNanos);
        } else {
            run.tally().failed(failure);
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
