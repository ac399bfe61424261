package fileserver.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The rate in the client's line, and the line itself, from an empty file to 10 MiB. */
class TransferRateTest {
    private static final long TEN_MIB = 10 * 1024 * 1024;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            the assignment's 10 MiB, as printed until now | 10485760      | 2436     | 4.3 MB/s
            10 MiB on a fast run                          | 10485760      | 412      | 25.4 MB/s
            a small file                                  | 612           | 102      | 6.0 kB/s
            exactly 1 MB/s                                | 1000000       | 1000     | 1.0 MB/s
            a byte a second below 1 MB/s                  | 999999        | 1000     | 999.9 kB/s
            exactly 1 kB/s                                | 1000          | 1000     | 1.0 kB/s
            a byte a second below 1 kB/s                  | 999           | 1000     | 999.0 bytes/s
            one byte                                      | 1             | 102      | 9.8 bytes/s
            one byte in one millisecond                   | 1             | 1        | 1.0 kB/s
            exactly 1 byte/s                              | 1             | 1000     | 1.0 bytes/s
            below 1 byte/s, where 0.0 would be printed    | 1             | 1001     | under 1 byte/s
            a gigabyte a second, still in MB/s            | 1000000000000 | 1000000  | 1000.0 MB/s
            a petabyte, whose bytes times 10^4 overflow   | 1000000000000000 | 10000000 | 100000.0 MB/s
            """)
    void printsTwoSignificantDigitsInDecimalUnits(String what, long bytes, long millis, String expected) {
        assertEquals(expected, TransferRate.perSecond(bytes, millis), what);
    }

    /** Scripts and the report parse the 10 MiB line; its MB/s figure must not move. */
    @Test
    void keepsTheMbFigureTheClientPrintedBeforeAtEveryTimeForTenMebibytes() {
        for (long millis = 1; TEN_MIB * 1000 / millis >= 1_000_000; millis++) {
            long tenths = TEN_MIB * 10_000 / (millis * 1_000_000);
            assertEquals(tenths / 10 + "." + tenths % 10 + " MB/s", TransferRate.perSecond(TEN_MIB, millis),
                    millis + " ms");
        }
    }

    @Test
    void refusesToRateNothingOrNoTime() {
        assertThrows(IllegalArgumentException.class, () -> TransferRate.perSecond(0, 100));
        assertThrows(IllegalArgumentException.class, () -> TransferRate.perSecond(612, 0));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            10 MiB, as printed until now   | 10485760 | 0     | 2436999999 | 10485760 bytes in 2436 ms (4.3 MB/s), verified sha-256
            a small file                   | 612      | 0     | 102000000  | 612 bytes in 102 ms (6.0 kB/s), verified sha-256
            one byte                       | 1        | 0     | 102000000  | 1 byte in 102 ms (9.8 bytes/s), verified sha-256
            an empty file: no rate         | 0        | 0     | 3000000    | 0 bytes in 3 ms, verified sha-256
            under 1 ms: no rate            | 612      | 0     | 999999     | 612 bytes in under 1 ms, verified sha-256
            resumed: the rate of the rest  | 10000    | 5000  | 100000000  | 10000 bytes in 100 ms (50.0 kB/s) (resumed at 5000), verified sha-256
            resumed complete: no rate      | 5000     | 5000  | 3000000    | 5000 bytes in 3 ms (resumed at 5000), verified sha-256
            """)
    void describesTheDownloadInTheClientsLine(String what, long fileBytes, long resumedFrom, long nanos,
            String expected) {
        assertEquals(expected, ClientMain.describe(new DownloadResult(fileBytes, resumedFrom, nanos, "sha-256")), what);
    }
}
