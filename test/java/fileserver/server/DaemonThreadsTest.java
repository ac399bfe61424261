package fileserver.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.ThreadFactory;
import org.junit.jupiter.api.Test;

class DaemonThreadsTest {
    private static final Runnable NOTHING = () -> { };

    @Test
    void numbersItsThreadsFromOneInOrder() {
        ThreadFactory factory = DaemonThreads.numbered("pool-", 0);

        assertEquals("pool-1", factory.newThread(NOTHING).getName());
        assertEquals("pool-2", factory.newThread(NOTHING).getName());
    }

    @Test
    void eachFactoryCountsOnItsOwn() {
        DaemonThreads.numbered("pool-", 0).newThread(NOTHING);

        assertEquals("pool-1", DaemonThreads.numbered("pool-", 0).newThread(NOTHING).getName());
    }

    @Test
    void givesEveryThreadOfANamedFactoryTheName() {
        ThreadFactory factory = DaemonThreads.named("timer");

        assertEquals("timer", factory.newThread(NOTHING).getName());
        assertEquals("timer", factory.newThread(NOTHING).getName());
    }

    @Test
    void makesDaemonsThatRunTheirTask() throws InterruptedException {
        boolean[] ran = {false};
        for (ThreadFactory factory : new ThreadFactory[] {DaemonThreads.numbered("pool-", 256 * 1024),
            DaemonThreads.named("timer")}) {
            ran[0] = false;
            Thread thread = factory.newThread(() -> ran[0] = true);

            assertTrue(thread.isDaemon(), thread.getName());
            thread.start();
            thread.join();
            assertTrue(ran[0], thread.getName());
        }
    }
}
