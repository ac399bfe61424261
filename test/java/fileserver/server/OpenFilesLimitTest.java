package fileserver.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fileserver.testing.JavaProcess;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The start-up checks for the open-files limit: the warning's arithmetic and text, and loading every class up front. */
class OpenFilesLimitTest {
    @Test
    void noWarningWhenEverythingFits() {
        assertEquals(Optional.empty(), OpenFilesLimit.warning(3000, 8192, 20000, 30));
        assertEquals(Optional.empty(), OpenFilesLimit.warning(3000, 8192, 11222, 30), "exactly at the limit");
    }

    @Test
    void theWarningNamesTheNumbersAndAMaxClientsThatFits() {
        String warning = OpenFilesLimit.warning(20000, 8192, 20000, 30).orElseThrow();
        assertEquals("--max-clients 20000 exceeds the open-files limit of 20000: at full load the server holds up to"
                + " 28222 open files (20000 transfers, 8192 connections held for 503s, 30 open now); past the limit,"
                + " new connections wait in the kernel's queue until one closes. Raise the limit (ulimit -n 28222"
                + " before starting the server; ulimit -Hn shows how far it can go) or lower --max-clients to 11778",
                warning);
    }

    @Test
    void underATinyLimitEvenOneClientDoesNotFit() {
        String warning = OpenFilesLimit.warning(1, 8192, 64, 20).orElseThrow();
        assertTrue(warning.endsWith(" or lower --max-clients (even 1 does not fit beside the 8192 connections held"
                + " for 503s)"), warning);
    }

    @Test
    void everyClassIsLoadedFromADirectory() throws Exception {
        Path classes = JavaProcess.classes();
        assertEquals(classFiles(classes), loadAllThroughANewLoader(classes), "classes defined");
    }

    @Test
    void everyClassIsLoadedFromAJar(@TempDir Path dir) throws Exception {
        Path classes = JavaProcess.classes();
        Path jar = dir.resolve("server.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
             Stream<Path> files = Files.walk(classes)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                out.putNextEntry(new JarEntry(classes.relativize(file).toString()));
                out.write(Files.readAllBytes(file));
            }
        }
        assertEquals(classFiles(classes), loadAllThroughANewLoader(jar), "classes defined");
    }

    /**
     * Runs OwnClasses, and its anchor, from {@code location} in a class loader of their
     * own; returns how many classes that loader defined, checking that OwnClasses counted
     * the same.
     */
    private static int loadAllThroughANewLoader(Path location) throws Exception {
        Set<String> defined = ConcurrentHashMap.newKeySet();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {location.toUri().toURL()},
                ClassLoader.getPlatformClassLoader()) {
            @Override
            protected Class<?> findClass(String name) throws ClassNotFoundException {
                Class<?> found = super.findClass(name);
                defined.add(name);
                return found;
            }
        }) {
            Class<?> own = loader.loadClass(OwnClasses.class.getName());
            Method loadAll = own.getDeclaredMethod("loadAll", Class.class);
            loadAll.setAccessible(true);
            int count = (int) loadAll.invoke(null, loader.loadClass(FileServer.class.getName()));
            assertEquals(defined.size(), count, () -> "defined " + defined);
            return defined.size();
        }
    }

    private static int classFiles(Path classes) throws IOException {
        try (Stream<Path> files = Files.walk(classes.resolve("fileserver"))) {
            return (int) files.filter(file -> file.toString().endsWith(".class")).count();
        }
    }
}
