package fileserver.client;

import java.io.IOException;

/** A failure of the local file system, as opposed to the network; its message is for the user. */
final class LocalIoException extends IOException {
    private static final long serialVersionUID = 1L;

    LocalIoException(String message, IOException cause) {
        super(message, cause);
    }
}
