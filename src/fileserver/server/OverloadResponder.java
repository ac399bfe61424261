package fileserver.server;

import java.io.IOException;
import java.net.Socket;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Answers connections that arrive while every worker is busy with {@code 503} and
 * {@code Retry-After}, on two threads of its own so the accept loop never blocks on a
 * slow client. If even its queue is full the connection is closed unanswered: under a
 * flood, bounded work matters more than politeness.
 */
final class OverloadResponder implements AutoCloseable {
    private static final int THREADS = 2;
    static final int QUEUE = 256;
    private static final long DRAIN_MILLIS = 1000;

    private final ThreadPoolExecutor executor = new ThreadPoolExecutor(THREADS, THREADS, 0, TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(QUEUE), WorkerPool.namedThreads("overload-", 0));
    private final TransferLog log;
    private final byte[] response;

    OverloadResponder(TransferLog log) {
        this.log = log;
        Reply reply = FileEndpoint.overloaded();
        byte[] head = reply.head().toBytes();
        byte[] body = ((Reply.Message) reply.body()).bytes();
        this.response = new byte[head.length + body.length];
        System.arraycopy(head, 0, response, 0, head.length);
        System.arraycopy(body, 0, response, head.length, body.length);
    }

    /** Answers {@code connection} with 503 soon, or closes it now if this responder is itself full. */
    void reject(Connection connection) {
        try {
            executor.execute(new Answer(connection));
        } catch (RejectedExecutionException e) {
            log.overloadDropped(connection.peer());
            connection.close();
        }
    }

    /** A 503 to send; a type of its own so that {@link #close} can reach the connection of one still queued. */
    private final class Answer implements Runnable {
        private final Connection connection;

        Answer(Connection connection) {
            this.connection = connection;
        }

        @Override
        public void run() {
            answer(connection);
        }
    }

    private void answer(Connection connection) {
        try (Socket socket = connection.socket()) {
            socket.getOutputStream().write(response);
            socket.shutdownOutput();
            // Drain the request, as ConnectionHandler does, so the close sends FIN, not RST.
            // One deadline for the whole drain, not one per read: a client trickling a
            // byte a second must not hold one of the two threads for long.
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DRAIN_MILLIS);
            ConnectionHandler.drain(new DeadlineInputStream(socket, socket.getInputStream(), deadline));
            log.overloadAnswered(connection.peer());
        } catch (IOException e) {
            log.overloadUnanswered(connection.peer(), ConnectionHandler.describe(e));
        }
    }

    /**
     * Stops the two threads and closes the connections still queued, which will never be
     * answered now. (Those being answered end within the drain time of a second.)
     */
    @Override
    public void close() {
        for (Runnable queued : executor.shutdownNow()) {
            ((Answer) queued).connection.close();
        }
    }
}
