package fileserver.client;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;

/**
 * A socket's input that gives up on a server that stops sending or only trickles: a read
 * throws {@link TooSlowException} once the {@link SpeedLimit} is broken. A plain read
 * timeout cannot do this: every byte of a drip resets it, so a server that sends one
 * byte every few seconds would hold the client forever, in the head or in the body.
 *
 * <p>The socket's timeout is set to a short tick, so that a read blocked on a silent server
 * wakes up to check the rule, and then waits on.
 */
final class SpeedGuard extends InputStream {
    private static final int TICK_MILLIS = 250;

    private final InputStream in;
    private final SpeedMeter meter;

    /** Guards {@code socket}'s input from now on; sets the socket's timeout. */
    SpeedGuard(Socket socket, SpeedLimit limit) throws IOException {
        socket.setSoTimeout(TICK_MILLIS);
        this.in = socket.getInputStream();
        this.meter = new SpeedMeter(limit, System.nanoTime());
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        while (true) {
            meter.check(System.nanoTime());
            try {
                int n = in.read(buffer, offset, length);
                if (n > 0) {
                    meter.record(n, System.nanoTime());
                }
                return n;
            } catch (SocketTimeoutException e) {
                // A tick with nothing read: the socket is still usable; check the rule again.
            }
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int available() throws IOException {
        return in.available();
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
