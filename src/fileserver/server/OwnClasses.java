package fileserver.server;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Loads and initialises every class of this program's own packages ({@code fileserver.*})
 * at start-up, from wherever they come from: a directory ({@code build/classes}) or a jar.
 *
 * <p>Why: the JVM loads a class the first time it is used, and loading one from a
 * directory opens its file. At the open-files limit no file can be opened, so a class
 * first needed on an error path (the 408's, the log line of a finished transfer) failed
 * with {@code NoClassDefFoundError} exactly when the server was busiest, and its
 * connection was closed without an answer or a log line. Loaded up front, they need no
 * descriptor later. The JDK's own classes come from its runtime image, which the JVM holds
 * open; string concatenation is compiled inline ({@code -XDstringConcat=inline}), so it
 * spins no classes at run time either.
 */
final class OwnClasses {
    private static final String PACKAGE = "fileserver/";

    private OwnClasses() {
    }

    /**
     * Loads and initialises every class beside {@code anchor} in its code source whose
     * name starts with {@code fileserver.}; returns how many.
     *
     * @throws IOException if the code source cannot be listed (not a directory or a jar)
     */
    static int loadAll(Class<?> anchor) throws IOException {
        CodeSource source = anchor.getProtectionDomain().getCodeSource();
        if (source == null) {
            throw new IOException("no code source for " + anchor.getName());
        }
        Path location;
        try {
            location = Path.of(source.getLocation().toURI());
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new IOException("cannot read the classes at " + source.getLocation(), e);
        }
        List<String> names = Files.isDirectory(location) ? inDirectory(location) : inJar(location);
        for (String name : names) {
            try {
                Class.forName(name, true, anchor.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IOException("cannot load " + name + " from " + location, e);
            }
        }
        return names.size();
    }

    /**
     * Starts the JDK's I/O poller for virtual threads (JDK 21+) now instead of at the
     * first blocking read or write on a virtual thread. It opens descriptors of its own
     * (epoll) when its class is initialised; if that first happens at the open-files
     * limit, the class fails to initialise, and every later blocking socket call on a
     * virtual thread fails with {@code NoClassDefFoundError} for as long as the JVM runs.
     * On a JDK without that class there is nothing to start early.
     *
     * @throws IOException if the poller cannot start (it would fail later anyway)
     */
    static void startVirtualThreadPoller() throws IOException {
        try {
            Class.forName("sun.nio.ch.Poller", true, null);
        } catch (ClassNotFoundException e) {
            // Another JDK's design: nothing to start early.
        } catch (ExceptionInInitializerError e) {
            throw new IOException("the JDK's I/O poller for virtual threads did not start: " + e.getCause(), e);
        }
    }

    private static List<String> inDirectory(Path root) throws IOException {
        List<String> names = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root.resolve(PACKAGE))) {
            for (Path file : (Iterable<Path>) files::iterator) {
                String relative = root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
                addIfClass(relative, names);
            }
        }
        return names;
    }

    private static List<String> inJar(Path jar) throws IOException {
        List<String> names = new ArrayList<>();
        try (JarFile file = new JarFile(jar.toFile())) {
            for (JarEntry entry : (Iterable<JarEntry>) file.stream()::iterator) {
                addIfClass(entry.getName(), names);
            }
        }
        return names;
    }

    private static void addIfClass(String path, List<String> names) {
        if (path.startsWith(PACKAGE) && path.endsWith(".class") && !path.endsWith("-info.class")) {
            names.add(path.substring(0, path.length() - ".class".length()).replace('/', '.'));
        }
    }
}
