package fileserver.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Ports on 127.0.0.1 for tests that need one nobody listens on. */
public final class TestPorts {
    private TestPorts() {
    }

    /**
     * A loopback port that nothing listens on, so a connection to it is refused: one the
     * kernel has just handed out and this method has closed again. Another program could
     * take it before the test uses it; that race is small, and the tests accept it.
     */
    public static int closed() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }
}
