import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * One download: its connection, where it is in the response, and its check so far.
 * A plain holder of state, read and changed only by the {@link Worker} that owns it.
 */
final class Download {
    final SocketChannel channel;
    final HeadReader head = new HeadReader();
    final BodyCheck body;
    /** The connection is open (else it is still connecting). */
    boolean connected;
    /** What is left of the request to write, or null before it was begun. */
    ByteBuffer pendingRequest;
    long requestedNanos;

    Download(SocketChannel channel, BodyCheck body) {
        this.channel = channel;
        this.body = body;
    }
}
