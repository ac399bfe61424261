package fileserver.server;

import fileserver.protocol.HeadTooLargeException;
import fileserver.protocol.HttpRequest;
import fileserver.protocol.NoMessageException;
import fileserver.protocol.RequestParser;
import fileserver.protocol.StartLineTooLongException;
import fileserver.protocol.Status;
import fileserver.protocol.UnsupportedTransferCodingException;
import fileserver.protocol.UnsupportedVersionException;
import fileserver.snapshot.SnapshotSource;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

/**
 * Serves one connection on a worker thread: reads one request, sends one response, and
 * ends the connection cleanly ({@link ClosingHandshake}). Every outcome, good or bad, is
 * one log line, and the transfer line only for a client that closed after the last byte.
 * A request for the server's status ({@link StatusEndpoint}) is no transfer: it gives its
 * worker's slot back as soon as it is known, and leaves no line.
 */
final class ConnectionHandler implements Runnable {
    /** How long a transfer on a virtual thread sends before it gives the others a turn. */
    private static final long TURN_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    /**
     * The buffer the request head is read through, and later the client's close. It lives
     * as long as the connection, once for every client at once: a head from curl or the
     * client is under 200 bytes and a browser's under 1000, so a larger one only takes
     * another read or two.
     */
    private static final int HEAD_BUFFER_BYTES = 512;

    private final Connection connection;
    private final ServerConfig config;
    private final SnapshotSource files;
    private final TransferLog log;
    private final IdleWatchdog watchdog;
    private final StatusEndpoint status;
    private final WorkerPool.Slot slot;

    ConnectionHandler(Connection connection, ServerConfig config, SnapshotSource files, TransferLog log,
                      IdleWatchdog watchdog, StatusEndpoint status, WorkerPool.Slot slot) {
        this.connection = connection;
        this.config = config;
        this.files = files;
        this.log = log;
        this.watchdog = watchdog;
        this.status = status;
        this.slot = slot;
    }

    @Override
    public void run() {
        Reply reply = null;
        try (Socket socket = connection.socket()) {
            long deadline = System.nanoTime() + config.requestTimeout().toNanos();
            DeadlineInputStream timedInput = new DeadlineInputStream(socket, socket.getInputStream(), deadline);
            InputStream in = new BufferedInputStream(timedInput, HEAD_BUFFER_BYTES);
            Exchange exchange = readRequest(in);
            if (exchange == null) {
                return;
            }
            reply = exchange.reply();
            send(reply, exchange.headOnly(), socket.getOutputStream());
            connection.finishSending();
            // The file's tail may still be on its way to a slow reader, for as long as the
            // watchdog sees it make progress; anything else is small.
            boolean theFile = !exchange.headOnly() && reply.body() instanceof Reply.FileRange;
            if (theFile) {
                ClosingHandshake.finishAfterFile(socket, timedInput, in);
            } else {
                ClosingHandshake.finishAfterShortReply(socket, timedInput, in);
            }
            if (!connection.isStatusRequest()) {
                log.transfer(connection, exchange.requestLine(), reply.head().status(), connection.bytesSent());
            }
        } catch (IOException e) {
            logFailure(reply, e);
        } catch (RuntimeException e) {
            log.bug(connection, e);
        } finally {
            watchdog.unregister(connection);
        }
    }

    /**
     * The one log line for a connection that ended in an I/O failure. A connection cut from
     * another thread fails with "Socket closed"; {@link Connection#cut} says who cut it.
     *
     * @param reply the reply under way, or null if the request was not complete
     */
    private void logFailure(Reply reply, IOException e) {
        if (connection.isStatusRequest()) {
            return;
        }
        Connection.Cut cut = connection.cut();
        if (reply == null) {
            log.noRequest(connection, cut == Connection.Cut.SHUTDOWN ? "cut by shutdown before a complete request"
                    : "connection failed before a complete request (" + LogText.describe(e) + ")");
        } else if (cut == Connection.Cut.SHUTDOWN) {
            log.cutByShutdown(connection, reply.body().length());
        } else if (cut == Connection.Cut.STALLED && connection.finishedSending()) {
            log.wentAway(connection, reply.body().length(), "did not close: no progress for "
                    + LogText.seconds(config.idleTimeout()) + " after the last byte");
        } else if (cut == Connection.Cut.STALLED) {
            log.stalled(connection, reply.body().length(), config.idleTimeout());
        } else {
            int status = reply.head().status().code();
            // An error reply is named, since no line of its own says what was answered.
            log.wentAway(connection, reply.body().length(),
                    status / 100 == 2 ? LogText.describe(e) : LogText.describe(e) + "; answered " + status);
        }
    }

    /** A request as it will be answered: the reply, whether to omit its body, and the line to log. */
    private record Exchange(Reply reply, boolean headOnly, String requestLine) {
    }

    /** Reads the request and decides the reply; null when there is nobody to answer. */
    private Exchange readRequest(InputStream in) throws IOException {
        // The catch clauses are the one map from what was wrong with a request to its status.
        try {
            HttpRequest request = RequestParser.read(in, config.maxHeadBytes());
            if (status.answers(request, connection.socket().getInetAddress())) {
                // Before the reply is made: the state it reports must not count this request.
                connection.markStatusRequest();
                slot.release();
                return new Exchange(status.respond(request), request.isHead(), "");
            }
            connection.identify(request.clientId());
            String line = request.method() + " " + request.target() + " " + request.version();
            InetSocketAddress local = (InetSocketAddress) connection.socket().getLocalSocketAddress();
            return new Exchange(FileEndpoint.respond(request, files.current(), local), request.isHead(), line);
        } catch (NoMessageException e) {
            log.noRequest(connection, "closed the connection without sending a request");
            return null;
        } catch (SocketTimeoutException e) {
            return refusal(Status.REQUEST_TIMEOUT,
                    "no complete request within " + LogText.seconds(config.requestTimeout()));
        } catch (StartLineTooLongException e) {
            return refusal(Status.URI_TOO_LONG, e.getMessage());
        } catch (HeadTooLargeException e) {
            return refusal(Status.REQUEST_HEADER_FIELDS_TOO_LARGE, e.getMessage());
        } catch (UnsupportedTransferCodingException e) {
            return refusal(Status.NOT_IMPLEMENTED, e.getMessage());
        } catch (UnsupportedVersionException e) {
            return refusal(Status.HTTP_VERSION_NOT_SUPPORTED, e.getMessage());
        } catch (ProtocolException e) {
            return refusal(Status.BAD_REQUEST, e.getMessage());
        } catch (EOFException e) {
            log.noRequest(connection, "closed the connection in the middle of its request");
            return null;
        }
    }

    private static Exchange refusal(Status status, String reason) {
        return new Exchange(FileEndpoint.error(status, reason), false, "(" + reason + ")");
    }

    private void send(Reply reply, boolean headOnly, OutputStream out) throws IOException {
        connection.startSending(headOnly ? 0 : reply.body().length());
        out.write(reply.head().toBytes());
        if (headOnly) {
            return;
        }
        Reply.Body body = reply.body();
        if (body instanceof Reply.FileRange file) {
            IntConsumer afterChunk = config.threadKind() == ThreadKind.VIRTUAL ? new TakingTurns() : connection::sent;
            ChunkWriter.write(file.snapshot(), file.range(), config.chunkSize(), out, afterChunk);
        } else if (body instanceof Reply.Message message) {
            byte[] bytes = message.bytes();
            out.write(bytes);
            connection.sent(bytes.length);
        }
    }

    /**
     * Counts each chunk sent and, once per {@link #TURN_NANOS}, steps aside for a
     * millisecond so that other virtual threads can run. Virtual threads are not
     * time-sliced: one whose writes never block (its client reads as fast as the server
     * writes) would keep its carrier thread, one per core, until its last byte, and a
     * client beyond the number of cores would get nothing meanwhile. Platform threads need
     * none of this: the kernel gives them time slices. A sleep, not {@code Thread.yield()}:
     * a yielding virtual thread goes back on its own carrier's queue, ahead of a new
     * connection waiting in the scheduler's shared one, which would still get nothing.
     * A turn is long beside the millisecond given up, so a lone transfer loses at most a
     * fiftieth of its time, and short enough that a client waiting for a carrier starts
     * within a turn.
     */
    private final class TakingTurns implements IntConsumer {
        private long turnEnds = System.nanoTime() + TURN_NANOS;

        @Override
        public void accept(int chunk) {
            connection.sent(chunk);
            if (System.nanoTime() - turnEnds >= 0) {
                stepAside();
                turnEnds = System.nanoTime() + TURN_NANOS;
            }
        }

        private void stepAside() {
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
