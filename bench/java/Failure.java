/**
 * Ends one download as failed, with a short reason for the report. Thrown inside a
 * selector thread and caught a few frames up, so it carries no stack trace.
 */
final class Failure extends Exception {
    private static final long serialVersionUID = 1L;

    Failure(String reason) {
        super(reason, null, false, false);
    }
}
