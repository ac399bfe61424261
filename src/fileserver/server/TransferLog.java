package fileserver.server;

import fileserver.protocol.PrintableText;
import fileserver.protocol.Status;
import fileserver.snapshot.FileSnapshot;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;

/**
 * The server's log: one line per event, each starting with a UTC time stamp. Expected
 * network events (a client hanging up, a bad request) are single lines; only a bug in
 * this server prints a stack trace. Client-supplied text goes through {@link PrintableText#forLog}.
 *
 * <p>Each line that ends a connection is also counted, in the {@link ServerStats} of the
 * server that writes it (see {@link #countingInto}): what the status page and the metrics
 * report is what the log says, by construction.
 */
public final class TransferLog {
    private final PrintStream out;
    private final ServerStats stats;

    public TransferLog(PrintStream out) {
        this(out, new ServerStats());
    }

    private TransferLog(PrintStream out, ServerStats stats) {
        this.out = out;
        this.stats = stats;
    }

    /** This log, writing to the same stream, counting what it logs into {@code stats}. */
    TransferLog countingInto(ServerStats stats) {
        return new TransferLog(out, stats);
    }

    void started(ServerConfig config, String url, FileSnapshot snapshot) {
        line("listening on " + url + " serving " + config.file() + " (" + snapshot.size() + " bytes, sha256 "
                + snapshot.sha256Hex() + "), chunk " + config.chunkSize() + " bytes, max " + config.maxClients()
                + " clients on " + threads(config.threadKind()) + ", Java " + System.getProperty("java.version"));
    }

    private static String threads(ThreadKind kind) {
        return kind == ThreadKind.VIRTUAL ? "virtual threads (" + VirtualScheduler.carriers() + " carriers)"
                : kind.optionName() + " threads";
    }

    /**
     * {@code <time> <peer> id=<id> "<request line>" <status> <bytes> bytes <ms> ms}, which
     * scripts parse. The client's text shows escaped: no space or quote in the id, no quote
     * in the request line, so the fields split the same whatever the client sent.
     */
    void transfer(Connection connection, String requestLine, Status status, long bodyBytes) {
        long elapsedNanos = connection.elapsedNanos();
        String text = prefix(connection) + " \"" + PrintableText.forLog(requestLine) + "\" " + status.code() + " "
                + bodyBytes + " bytes " + elapsedNanos / 1_000_000 + " ms";
        line(text);
        stats.transferred(status, bodyBytes, elapsedNanos, text);
    }

    void wentAway(Connection connection, long bodyBytes, String reason) {
        cut(connection, ServerStats.Cut.CLIENT_WENT_AWAY, " client went away after " + connection.bytesSent() + " of "
                + bodyBytes + " bytes (" + reason + ")");
    }

    void stalled(Connection connection, long bodyBytes, Duration idleLimit) {
        cut(connection, ServerStats.Cut.STALLED, " closed a stalled transfer: no progress for "
                + LogText.seconds(idleLimit) + " after " + connection.bytesSent() + " of " + bodyBytes + " bytes");
    }

    void cutByShutdown(Connection connection, long bodyBytes) {
        cut(connection, ServerStats.Cut.SHUTDOWN, " cut by shutdown after " + connection.bytesSent() + " of "
                + bodyBytes + " bytes");
    }

    private void cut(Connection connection, ServerStats.Cut why, String what) {
        String text = prefix(connection) + what;
        line(text);
        stats.cut(why, connection.bytesSent(), text);
    }

    void noRequest(Connection connection, String what) {
        String text = prefix(connection) + " " + what;
        line(text);
        stats.noRequest(text);
    }

    void overloadAnswered(String peer) {
        line(peer + " 503 over capacity, told to retry");
        stats.overloaded(ServerStats.Overload.ANSWERED);
    }

    void overloadUnanswered(String peer, String reason) {
        line(peer + " 503 over capacity, but the client went away (" + reason + ")");
        stats.overloaded(ServerStats.Overload.UNANSWERED);
    }

    void overloadDropped(String peer, int held, long droppedSoFar) {
        line(peer + " dropped unanswered: over capacity and " + held + " held for 503s already ("
                + droppedSoFar + " dropped so far)");
        stats.overloaded(ServerStats.Overload.DROPPED);
    }

    void warning(String message) {
        line("warning: " + message);
    }

    void bug(Connection connection, RuntimeException e) {
        String text = prefix(connection) + " internal error, connection closed";
        synchronized (out) {
            line(text);
            e.printStackTrace(out);
        }
        stats.internalError(connection.bytesSent(), text);
    }

    void stopped(String how) {
        line("stopped: " + how);
    }

    private static String prefix(Connection connection) {
        // The peer's address is the kernel's; the id is the client's own, so no space or quote of it shows.
        return connection.peer() + " id=" + PrintableText.forLogWord(connection.clientId());
    }

    private void line(String text) {
        out.println(Instant.now() + " " + text);
    }

    /** The end of a run of failed accepts: how many failed, over how long, and the first one's reason. */
    void acceptRecovered(String what, long failures, String reason, Duration over) {
        line(what + " after " + failures + (failures == 1 ? " failed try" : " failed tries") + " over "
                + LogText.seconds(over) + " (" + reason + ")");
    }
}
