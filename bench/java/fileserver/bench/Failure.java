package fileserver.bench;

import java.io.IOException;

/**
 * Ends one download as failed: its {@link FailureKind} and a short reason for the report.
 * Thrown inside a selector thread and caught a few frames up, so it carries no stack trace.
 */
final class Failure extends Exception {
    private static final long serialVersionUID = 1L;

    private final FailureKind kind;

    Failure(FailureKind kind, String reason) {
        super(reason, null, false, false);
        this.kind = kind;
    }

    FailureKind kind() {
        return kind;
    }

    /**
     * The failure an I/O error means for a download in the given state. A reset is told
     * apart by the message only: NIO reports ECONNRESET ("Connection reset", "Connection
     * reset by peer") and EPIPE ("Broken pipe", a write after a reset) as plain
     * IOExceptions with the system's text, with no subclass to test for.
     *
     * @param connected the connection had opened
     * @param answered a complete response head had come
     */
    static Failure of(IOException e, boolean connected, boolean answered) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (message.contains("Connection reset") || message.contains("Broken pipe")) {
            return new Failure(FailureKind.RESET, (connected ? "" : "connect: ") + message);
        }
        if (!connected) {
            return new Failure(FailureKind.NEVER_ACCEPTED, "connect: " + message);
        }
        // An error after the head leaves the copy short.
        return new Failure(answered ? FailureKind.BAD_BODY : FailureKind.UNANSWERED, message);
    }
}
