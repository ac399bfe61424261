package fileserver.protocol;

import java.net.ProtocolException;

/** A message head that did not end within the size limit. */
public final class HeadTooLargeException extends ProtocolException {
    private static final long serialVersionUID = 1L;

    public HeadTooLargeException(int limit) {
        super("head exceeds " + limit + " bytes");
    }
}
