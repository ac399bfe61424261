package fileserver.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The hand-off between the accept thread and per-connection set-up, with sockets that are never connected. */
class DispatcherTest {
    private final List<Socket> setUp = new CopyOnWriteArrayList<>();
    private final List<Socket> overflowed = new CopyOnWriteArrayList<>();

    @Test
    void aSlowSetUpNeverHoldsUpTheCallerAndTheExcessOverflowsAtOnce() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Dispatcher dispatcher = new Dispatcher(3, "dispatch-test", socket -> {
            awaitQuietly(release);
            setUp.add(socket);
        }, overflowed::add);
        dispatcher.start();
        List<Socket> sockets = sockets(5);

        // The first is taken at once and blocks its set-up, three wait, the fifth finds
        // the queue full. None of these calls may block (the test would hang, not fail,
        // if one did: a timeout of the whole run catches it).
        dispatcher.dispatch(sockets.get(0));
        awaitInSetUp();
        for (int i = 1; i < 5; i++) {
            dispatcher.dispatch(sockets.get(i));
        }

        assertEquals(List.of(sockets.get(4)), overflowed);
        release.countDown();
        dispatcher.close();
        assertEquals(sockets.subList(0, 4), setUp, "set up in arrival order, the queued ones before close returns");
    }

    @Test
    void closeWithoutStartReturns() throws Exception {
        new Dispatcher(1, "dispatch-test", setUp::add, overflowed::add).close();
        assertTrue(setUp.isEmpty());
    }

    /** Waits until the dispatcher's thread is inside the set-up of the first socket, out of the queue. */
    private static void awaitInSetUp() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().equals("dispatch-test") && t.getState() == Thread.State.WAITING
                        && isInSetUp(t))) {
            assertTrue(System.nanoTime() < deadline, "the dispatcher never took the first socket");
            Thread.sleep(5);
        }
    }

    private static boolean isInSetUp(Thread thread) {
        for (StackTraceElement frame : thread.getStackTrace()) {
            if (frame.getMethodName().equals("awaitQuietly")) {
                return true;
            }
        }
        return false;
    }

    private static void awaitQuietly(CountDownLatch latch) {
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
