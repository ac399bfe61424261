package fileserver.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DrainTest {
    private static final int MORE_THAN_READY_TAKES = Drain.MAX_READY_BYTES + 10_000;

    @Test
    void readsToTheEndOfTheStream() throws IOException {
        InputStream in = new ByteArrayInputStream(new byte[100_000]);

        Drain.untilClosed(in);

        assertEquals(-1, in.read());
    }

    @Test
    void readsToTheEndBeforeTheDeadline() throws IOException {
        InputStream in = new ByteArrayInputStream(new byte[100_000]);

        assertTrue(Drain.untilClosed(in, System.nanoTime() + TimeUnit.SECONDS.toNanos(10)));
        assertEquals(-1, in.read());
    }

    /** A client that never stops sending: bytes keep arriving, but the deadline ends the reading. */
    @Test
    void stopsAtTheDeadlineWhileBytesStillArrive() throws IOException {
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                return 'x';
            }
        };

        assertFalse(Drain.untilClosed(endless, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50)));
    }

    @Test
    void readsNothingOncePastTheDeadline() throws IOException {
        InputStream in = new ByteArrayInputStream(new byte[10]);

        assertFalse(Drain.untilClosed(in, System.nanoTime() - 1));
        assertEquals(10, in.available());
    }

    @Test
    void readsWhatIsReadyUpToItsCap() throws IOException {
        InputStream in = new ByteArrayInputStream(new byte[MORE_THAN_READY_TAKES]);

        Drain.ready(in);

        assertEquals(MORE_THAN_READY_TAKES - Drain.MAX_READY_BYTES, in.available());
    }

    @Test
    void readsAllThatIsReadyBelowItsCap() throws IOException {
        InputStream in = new ByteArrayInputStream(new byte[1000]);

        Drain.ready(in);

        assertEquals(-1, in.read());
    }

    /** available() is what may be read without blocking: no read asks for more, so none can block. */
    @Test
    void neverAsksForMoreThanIsReady() throws IOException {
        int[] largestAsk = {0};
        InputStream oneByteReadyAtATime = new ByteArrayInputStream(new byte[100]) {
            @Override
            public synchronized int available() {
                return Math.min(1, super.available());
            }

            @Override
            public synchronized int read(byte[] b, int off, int len) {
                largestAsk[0] = Math.max(largestAsk[0], len);
                return super.read(b, off, len);
            }
        };

        Drain.ready(oneByteReadyAtATime);

        assertEquals(1, largestAsk[0]);
        assertEquals(-1, oneByteReadyAtATime.read());
    }
}
