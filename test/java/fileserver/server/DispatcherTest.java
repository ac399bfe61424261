package fileserver.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The hand-off between the accept thread and per-connection set-up, with sockets that are
 * never connected. The tests wait on latches that the set-up actions count down, never on
 * the dispatcher's thread itself.
 */
@Timeout(30)
class DispatcherTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final List<Socket> setUp = new CopyOnWriteArrayList<>();
    private final List<Socket> overflowed = new CopyOnWriteArrayList<>();
    private final List<Map.Entry<Socket, RuntimeException>> failed = new CopyOnWriteArrayList<>();

    @Test
    void aSlowSetUpNeverHoldsUpTheCallerAndTheExcessOverflowsAtOnce() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Dispatcher dispatcher = dispatcher(3, socket -> {
            entered.countDown();
            await(release);
            setUp.add(socket);
        });
        dispatcher.start();
        List<Socket> sockets = sockets(5);

        // The first is taken at once and blocks its set-up, three wait, the fifth finds
        // the queue full. None of these calls may block (the test would time out if one did).
        dispatcher.dispatch(sockets.get(0));
        assertTrue(entered.await(WAIT.toMillis(), TimeUnit.MILLISECONDS), "the dispatcher never took the first socket");
        for (int i = 1; i < 5; i++) {
            dispatcher.dispatch(sockets.get(i));
        }

        assertEquals(List.of(sockets.get(4)), overflowed);
        release.countDown();
        dispatcher.close();
        assertEquals(sockets.subList(0, 4), setUp, "set up in arrival order, the queued ones before close returns");
        assertTrue(failed.isEmpty());
    }

    @Test
    void aSetUpThatThrowsClosesThatSocketReportsItAndTheNextConnectionsAreStillSetUp() throws Exception {
        IllegalStateException bug = new IllegalStateException("a bug in set-up");
        List<Socket> sockets = sockets(3);
        CountDownLatch bothSetUp = new CountDownLatch(2);
        Dispatcher dispatcher = dispatcher(3, socket -> {
            if (socket == sockets.get(0)) {
                throw bug;
            }
            setUp.add(socket);
            bothSetUp.countDown();
        });
        dispatcher.start();

        sockets.forEach(dispatcher::dispatch);

        assertTrue(bothSetUp.await(WAIT.toMillis(), TimeUnit.MILLISECONDS),
                "set up after the failure: " + setUp + ", failed: " + failed);
        assertEquals(sockets.subList(1, 3), setUp);
        assertEquals(List.of(Map.entry(sockets.get(0), bug)), failed);
        assertTrue(sockets.get(0).isClosed(), "the socket whose set-up threw is closed");
        assertFalse(sockets.get(1).isClosed());
        dispatcher.close();
    }

    @Test
    void closeClosesWhatIsStillQueuedWhenTheThreadIsNotRunning() throws Exception {
        Dispatcher dispatcher = dispatcher(3, setUp::add); // never started: nothing takes from the queue
        List<Socket> sockets = sockets(3);
        sockets.forEach(dispatcher::dispatch);

        dispatcher.close();

        assertEquals(sockets, sockets.stream().filter(Socket::isClosed).toList(), "closed by close()");
        assertTrue(setUp.isEmpty());
        assertTrue(overflowed.isEmpty());
    }

    @Test
    void closeWithoutStartReturns() throws Exception {
        dispatcher(1, setUp::add).close();
        assertTrue(setUp.isEmpty());
    }

    private Dispatcher dispatcher(int capacity, Consumer<Socket> setUpAction) {
        return new Dispatcher(capacity, "dispatch-test", setUpAction, overflowed::add,
                (socket, e) -> failed.add(Map.entry(socket, e)));
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static List<Socket> sockets(int count) {
        List<Socket> sockets = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            sockets.add(new Socket());
        }
        return sockets;
    }
}
