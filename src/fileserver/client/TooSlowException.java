package fileserver.client;

import java.io.IOException;

/** The server broke the {@link SpeedLimit}; the message says by how much, for the user. */
final class TooSlowException extends IOException {
    private static final long serialVersionUID = 1L;

    TooSlowException(long recentBytes, SpeedLimit limit) {
        super("the server was too slow (" + (recentBytes == 0 ? "nothing" : recentBytes + " bytes") + " in the last "
                + limit.seconds() + " s, below " + limit + ")");
    }
}
