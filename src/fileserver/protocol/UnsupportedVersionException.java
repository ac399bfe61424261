package fileserver.protocol;

import java.net.ProtocolException;

/** A well-formed request for an HTTP version other than 1.0 or 1.1 (answered with 505). */
public final class UnsupportedVersionException extends ProtocolException {
    private static final long serialVersionUID = 1L;

    public UnsupportedVersionException(String version) {
        super("unsupported HTTP version " + version);
    }
}
