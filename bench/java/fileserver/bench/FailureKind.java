package fileserver.bench;

import java.util.Locale;

/**
 * What kind of failure ended a download, so a reader of the report can tell a server
 * that refused work from one that lost it. Each kind is counted under its own RESULT
 * key; the reasons' text (the {@code failures} key) still says exactly what happened.
 */
enum FailureKind {
    /** The server reset the connection (RST): it dropped it, at any stage. */
    RESET("reset"),
    /** The connection never opened: refused, unreachable, or still connecting (or not yet begun) at the deadline. */
    NEVER_ACCEPTED("never accepted"),
    /** Open, but closed or timed out before a complete response head came. */
    UNANSWERED("unanswered"),
    /** A status other than 200, or a 503 once the retries were spent. */
    BAD_STATUS("bad status"),
    /** A 200 whose body was short, too long, or not the file's bytes. */
    BAD_BODY("short or corrupt body"),
    /** Anything else: no socket to be had, a response that is not HTTP. */
    OTHER("other");

    /** How the summary names the kind. */
    final String description;

    FailureKind(String description) {
        this.description = description;
    }

    /** The kind's RESULT key and CSV column: reset, never_accepted, unanswered, bad_status, bad_body, other_failed. */
    String resultKey() {
        return this == OTHER ? "other_failed" : name().toLowerCase(Locale.ROOT);
    }
}
