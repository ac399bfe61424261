package fileserver.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotSourceTest {
    private static final Instant MODIFIED = Instant.parse("2024-05-06T07:08:09Z");

    @TempDir
    Path dir;

    private Path write(String name, String content, Instant modified) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, content, StandardCharsets.US_ASCII);
        Files.setLastModifiedTime(file, FileTime.from(modified));
        return file;
    }

    @Test
    void loadsTheFileWithItsNameAndModificationTime() throws IOException {
        FileSnapshot snapshot = new SnapshotSource(write("bio.txt", "abc", MODIFIED)).current();

        assertEquals("bio.txt", snapshot.fileName());
        assertEquals(3, snapshot.size());
        assertEquals(MODIFIED, snapshot.lastModified());
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", snapshot.sha256Hex());
    }

    @Test
    void keepsTheSameSnapshotWhileTheFileIsUnchanged() throws IOException {
        SnapshotSource source = new SnapshotSource(write("bio.txt", "abc", MODIFIED));

        assertSame(source.current(), source.current());
    }

    @Test
    void reloadsWhenTheFileChanges() throws IOException {
        Path file = write("bio.txt", "abc", MODIFIED);
        SnapshotSource source = new SnapshotSource(file);
        FileSnapshot first = source.current();

        write("bio.txt", "abcd", MODIFIED.plusSeconds(1));
        FileSnapshot second = source.current();

        assertEquals(4, second.size());
        assertEquals(MODIFIED.plusSeconds(1), second.lastModified());
        assertSame(second, source.current());
        assertEquals(3, first.size());
    }

    @Test
    void keepsTheLastGoodSnapshotWhenTheFileVanishes() throws IOException {
        Path file = write("bio.txt", "abc", MODIFIED);
        SnapshotSource source = new SnapshotSource(file);
        FileSnapshot first = source.current();

        Files.delete(file);

        assertSame(first, source.current());
    }

    @Test
    void keepsTheLastGoodSnapshotWhenADirectoryTakesTheFilesPlace() throws IOException {
        Path file = write("bio.txt", "abc", MODIFIED);
        SnapshotSource source = new SnapshotSource(file);
        FileSnapshot first = source.current();

        Files.delete(file);
        Files.createDirectory(file);

        assertSame(first, source.current());
    }

    /**
     * procfs reports a size of 0 for files that hold text, as if the file changed under
     * every read: the source reads it a bounded number of times, then serves what it read.
     */
    @Test
    void servesAFileWhoseSizeNeverMatchesItsContentAfterABoundedNumberOfReads() throws IOException {
        Path proc = Path.of("/proc/self/cmdline");
        assumeTrue(Files.isRegularFile(proc) && Files.size(proc) == 0, "needs Linux procfs");

        FileSnapshot snapshot = new SnapshotSource(proc).current();

        assertEquals("cmdline", snapshot.fileName());
        assertTrue(snapshot.size() > 0, "size " + snapshot.size());
    }

    @Test
    void namesAMissingFile() {
        Path missing = dir.resolve("missing.txt");

        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> new SnapshotSource(missing));
        assertEquals(missing + ": file not found", e.getMessage());
    }

    @Test
    void refusesADirectory() {
        IOException e = assertThrows(IOException.class, () -> new SnapshotSource(dir));
        assertEquals("not a regular file: " + dir, e.getMessage());
    }
}
