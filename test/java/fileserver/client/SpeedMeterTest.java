package fileserver.client;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The speed rule on a clock the test turns: times are in milliseconds from the start. */
class SpeedMeterTest {
    private static final long START = 123_456_789_000L;
    private static final SpeedLimit LIMIT = new SpeedLimit(1000, 30);

    private final SpeedMeter meter = new SpeedMeter(LIMIT, START);

    private static long at(long millis) {
        return START + millis * 1_000_000;
    }

    @Test
    void givesASilentServerTheFullSpanBeforeGivingUp() {
        assertDoesNotThrow(() -> meter.check(at(29_999)));

        TooSlowException e = assertThrows(TooSlowException.class, () -> meter.check(at(30_000)));
        assertEquals("the server was too slow (nothing in the last 30 s, below --speed-limit 1000 B/s over"
                + " --speed-time 30 s)", e.getMessage());
    }

    @Test
    void givesUpOnADripOfOneByteEveryTwoSeconds() throws TooSlowException {
        for (long t = 0; t < 30_000; t += 2000) {
            meter.record(1, at(t));
            meter.check(at(t));
        }

        TooSlowException e = assertThrows(TooSlowException.class, () -> meter.check(at(30_000)));
        assertEquals("the server was too slow (15 bytes in the last 30 s, below --speed-limit 1000 B/s over"
                + " --speed-time 30 s)", e.getMessage());
    }

    @Test
    void neverGivesUpOnAServerThatKeepsToTheLimit() {
        assertDoesNotThrow(() -> {
            for (long t = 0; t < 300_000; t += 100) {
                if (t % 1000 == 900) {
                    meter.record(1000, at(t));
                }
                meter.check(at(t));
            }
        });
    }

    @Test
    void aBurstCountsOnlyWhileItIsInTheWindow() throws TooSlowException {
        meter.record(1_000_000, at(500));
        meter.check(at(30_999));

        assertThrows(TooSlowException.class, () -> meter.check(at(31_000)));
    }

    @Test
    void aLongSilenceEmptiesTheWholeWindow() throws TooSlowException {
        meter.record(1_000_000, at(0));
        meter.check(at(10_000));

        assertThrows(TooSlowException.class, () -> meter.check(at(1_000_000)));
    }

    @Test
    void refusesALimitThatCouldNeverGiveUp() {
        assertThrows(IllegalArgumentException.class, () -> new SpeedLimit(0, 30));
        assertThrows(IllegalArgumentException.class, () -> new SpeedLimit(1000, 0));
        assertEquals(30_000, SpeedLimit.DEFAULT.minimumBytes());
    }
}
