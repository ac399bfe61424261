package fileserver.server;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;

/**
 * What kind of thread serves a connection. Platform threads work on every JDK, but each
 * costs about 100 KiB of resident memory (HotSpot touches its stack's shadow pages), so
 * ten thousand of them need a gigabyte. Virtual threads (Java 21+) cost a few KiB each
 * and, measured with bench/scale.sh, also served ten thousand clients faster, so they
 * are preferred wherever the running JDK has them. The code is compiled for Java 17, so
 * virtual threads are reached by reflection.
 */
public enum ThreadKind {
    PLATFORM,
    VIRTUAL;

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
     * .name(prefix, 1).factory())}.
     *
     * @throws IllegalStateException if the running JDK has no virtual threads
     */
    static ExecutorService newVirtualThreadPerTaskExecutor(String prefix) {
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
