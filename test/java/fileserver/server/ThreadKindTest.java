package fileserver.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class ThreadKindTest {
    private static final boolean JAVA_21 = Runtime.version().feature() >= 21;

    @Test
    void namesKindsInLowercaseOnTheCommandLine() {
        assertEquals("platform", ThreadKind.PLATFORM.optionName());
        assertEquals("virtual", ThreadKind.VIRTUAL.optionName());
    }

    @Test
    void prefersVirtualThreadsExactlyWhereTheJdkHasThem() {
        assertTrue(ThreadKind.PLATFORM.isAvailable());
        assertEquals(JAVA_21, ThreadKind.VIRTUAL.isAvailable());
        assertEquals(JAVA_21 ? ThreadKind.VIRTUAL : ThreadKind.PLATFORM, ThreadKind.preferred());
    }

    @Test
    void makesNamedVirtualThreadsOrSaysWhichJavaItNeeds() throws Exception {
        if (JAVA_21) {
            ExecutorService executor = ThreadKind.newVirtualThreadPerTaskExecutor("worker-");
            try {
                Future<String> name = executor.submit(() -> Thread.currentThread().getName());
                assertEquals("worker-1", name.get());
            } finally {
                executor.shutdown();
            }
        } else {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> ThreadKind.newVirtualThreadPerTaskExecutor("worker-"));
            assertEquals("virtual threads need Java 21 or newer; this is Java " + Runtime.version().feature(),
                    e.getMessage());
            assertInstanceOf(NoSuchMethodException.class, e.getCause());
        }
    }
}
