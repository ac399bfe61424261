package fileserver.server;

import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Answers connections that arrive while every worker is busy with {@code 503} and
 * {@code Retry-After}, on two threads of its own, thousands a second, so a flash crowd
 * beyond {@code --max-clients} is told to come back instead of being dropped.
 *
 * <p>Answering is quick: the 503 is one small write into a fresh socket's empty send
 * buffer. Closing takes care. Closing a socket that has unread input (the client's
 * request) makes the kernel send RST, which can destroy the 503 before the client reads
 * it; yet waiting for each client to close would tie a thread to every slow one. So no
 * thread waits: an answered connection lingers for {@link #LINGER}, then whatever the
 * client has sent by then is read without blocking, and the socket is closed.
 *
 * <p>At most {@value #LIMIT} connections are held, waiting for their 503 or lingering
 * after it. Beyond that a connection is closed unanswered, and the log says so with a
 * running count: under a flood, bounded resources matter more than politeness.
 */
final class OverloadResponder implements AutoCloseable {
    private static final int THREADS = 2;
    static final int LIMIT = 8192;
    static final Duration LINGER = Duration.ofSeconds(1);

    private final ScheduledThreadPoolExecutor executor =
            new ScheduledThreadPoolExecutor(THREADS, DaemonThreads.numbered("overload-", 0));
    private final Set<Connection> held = ConcurrentHashMap.newKeySet();
    // The limit is checked and taken in one step here: two threads reject (the accept
    // thread and the dispatcher), and the set's size cannot be reserved atomically.
    private final AtomicInteger heldCount = new AtomicInteger();
    private final AtomicLong dropped = new AtomicLong();
    private final int limit;
    private final TransferLog log;

    OverloadResponder(TransferLog log) {
        this(log, LIMIT);
    }

    /** For tests: holds at most {@code limit} connections. */
    OverloadResponder(TransferLog log, int limit) {
        this.log = log;
        this.limit = limit;
    }

    /** Answers {@code connection} with 503 soon, or closes it now if this responder holds its limit already. */
    void reject(Connection connection) {
        if (heldCount.incrementAndGet() > limit) {
            heldCount.decrementAndGet();
            connection.close();
            log.overloadDropped(connection.peer(), limit, dropped.incrementAndGet());
            return;
        }
        held.add(connection);
        try {
            executor.execute(() -> answer(connection));
        } catch (RejectedExecutionException e) {
            release(connection); // closed: the server is stopping
        }
    }

    private void answer(Connection connection) {
        try {
            Socket socket = connection.socket();
            socket.getOutputStream().write(response());
            socket.shutdownOutput();
            log.overloadAnswered(connection.peer());
        } catch (IOException e) {
            log.overloadUnanswered(connection.peer(), LogText.describe(e));
            release(connection);
            return;
        }
        try {
            executor.schedule(() -> release(connection), LINGER.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            release(connection);
        }
    }

    /**
     * The 503, head and body in one array for one write. Made for each answer, not once:
     * its {@code Date} must be the time it is sent (RFC 9110 section 6.6.1), and a few
     * hundred bytes of formatting cost little beside the connection they answer.
     */
    private static byte[] response() {
        Reply reply = FileEndpoint.overloaded();
        byte[] head = reply.head().toBytes();
        byte[] body = ((Reply.Message) reply.body()).bytes();
        byte[] response = new byte[head.length + body.length];
        System.arraycopy(head, 0, response, 0, head.length);
        System.arraycopy(body, 0, response, head.length, body.length);
        return response;
    }

    /** Reads what the client has sent so far, so that the close sends FIN, not RST; then closes. */
    private void release(Connection connection) {
        try {
            Drain.ready(connection.socket().getInputStream());
        } catch (IOException e) {
            // Reset or closed already: closing is all that is left to do.
        }
        connection.close();
        if (held.remove(connection)) {
            heldCount.decrementAndGet();
        }
    }

    /** Connections dropped unanswered so far because the limit was held already. */
    long dropped() {
        return dropped.get();
    }

    /** Stops the two threads and closes every connection held: queued, being answered or lingering. */
    @Override
    public void close() {
        executor.shutdownNow();
        for (Connection connection : held) {
            release(connection);
        }
    }
}
