package fileserver.protocol;

import java.io.EOFException;

/** The peer closed the connection before sending a single byte of a message. */
public final class NoMessageException extends EOFException {
    private static final long serialVersionUID = 1L;

    public NoMessageException() {
        super("connection closed before any byte was sent");
    }
}
