package fileserver.protocol;

import java.net.ProtocolException;

/**
 * A start line (the request line, for a server) that had not ended when the head reached
 * its size limit. Told apart from {@link HeadTooLargeException} because RFC 9112 section
 * 3 answers an over-long request line with 414, and an over-long header section with 431.
 */
public final class StartLineTooLongException extends ProtocolException {
    private static final long serialVersionUID = 1L;

    public StartLineTooLongException(int limit) {
        super("start line exceeds " + limit + " bytes");
    }
}
