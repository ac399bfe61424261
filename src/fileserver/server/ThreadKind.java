package fileserver.server;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;

/**
 * What kind of thread serves a connection. Platform threads work on every JDK, but each
 * busy one keeps memory resident (its stack's touched pages, HotSpot's thread structures,
 * its share of the heap's allocation buffers), so ten thousand of them need far more than
 * the rest of the server. A virtual thread's stack is a small heap object that grows as
 * needed, and the JDK switches between them without the kernel, so they are preferred
 * wherever the running JDK has them (docs/performance.md compares the two). The code is
 * compiled for Java 17, so virtual threads are reached by reflection.
 */
public enum ThreadKind {
    /** A lower limit than virtual threads': each platform thread holds several times the memory. */
    PLATFORM(3_000),
    VIRTUAL(10_000);

    private final int defaultMaxClients;

    ThreadKind(int defaultMaxClients) {
        this.defaultMaxClients = defaultMaxClients;
    }

    /**
     * The {@code --max-clients} default: how many transfers at once keep the server's
     * memory under about 512 MiB on threads of this kind. The excess get 503 and retry.
     */
    public int defaultMaxClients() {
        return defaultMaxClients;
    }

    /** Virtual threads where the running JDK has them, else platform threads. */
    public static ThreadKind preferred() {
        return VIRTUAL.isAvailable() ? VIRTUAL : PLATFORM;
    }

    /** True if the running JDK can make threads of this kind. */
    public boolean isAvailable() {
        return this == PLATFORM || Runtime.version().feature() >= 21;
    }

    /** The lowercase name used on the command line. */
    public String optionName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * An executor that starts one new virtual thread, named {@code prefix} and a number,
     * per task: the Java 21 {@code Executors.newThreadPerTaskExecutor(Thread.ofVirtual()
     * .name(prefix, 1).factory())}, on a scheduler set up by {@link VirtualScheduler}.
     *
     * @throws IllegalStateException if the running JDK has no virtual threads
     */
    static ExecutorService newVirtualThreadPerTaskExecutor(String prefix) {
        VirtualScheduler.configure();
        try {
            Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
            Class<?> builderType = Class.forName("java.lang.Thread$Builder");
            builder = builderType.getMethod("name", String.class, long.class).invoke(builder, prefix, 1L);
            ThreadFactory factory = (ThreadFactory) builderType.getMethod("factory").invoke(builder);
            Method perTask = Executors.class.getMethod("newThreadPerTaskExecutor", ThreadFactory.class);
            return (ExecutorService) perTask.invoke(null, factory);
        } catch (ReflectiveOperationException e) {
            Throwable cause = e instanceof InvocationTargetException ? e.getCause() : e;
            throw new IllegalStateException("virtual threads need Java 21 or newer; this is Java "
                    + Runtime.version().feature(), cause);
        }
    }
}
