package fileserver.snapshot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Objects;

/**
 * Supplies the current {@link FileSnapshot} of one file, reloading it when the file
 * changes on disk. A change is noticed by size, modification time and file key (inode),
 * which one {@code stat} per request checks cheaply; the content is read only on change.
 *
 * <p>If the file vanishes or becomes unreadable after start-up, the last good snapshot is
 * kept: a file being replaced must not turn into errors for the clients of the moment.
 */
public final class SnapshotSource {
    private static final int MAX_SIZE = Integer.MAX_VALUE - 8;
    private static final int READ_ATTEMPTS = 3;

    private final Path file;
    private volatile Loaded loaded;

    private record Stamp(long size, FileTime modified, Object fileKey) {
        static Stamp of(Path file) throws IOException {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            if (!attributes.isRegularFile()) {
                throw new IOException("not a regular file: " + file);
            }
            return new Stamp(attributes.size(), attributes.lastModifiedTime(), attributes.fileKey());
        }
    }

    private record Loaded(Stamp stamp, FileSnapshot snapshot) {
    }

    /**
     * Loads {@code file} for the first time.
     *
     * @throws IOException with a message naming the file if it is missing, not a regular
     *                     file, unreadable, or too large to hold in memory
     */
    public SnapshotSource(Path file) throws IOException {
        this.file = file;
        try {
            this.loaded = load();
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(file.toString(), null, "file not found");
        }
    }

    /** The snapshot to serve a request that starts now. */
    public FileSnapshot current() {
        Loaded last = loaded;
        try {
            if (Stamp.of(file).equals(last.stamp())) {
                return last.snapshot();
            }
            synchronized (this) {
                if (loaded == last) {
                    loaded = load();
                }
                return loaded.snapshot();
            }
        } catch (IOException e) {
            return last.snapshot();
        }
    }

    private Loaded load() throws IOException {
        for (int attempt = 1; ; attempt++) {
            Stamp before = Stamp.of(file);
            if (before.size() > MAX_SIZE) {
                throw new IOException(file + " is " + before.size() + " bytes, more than the " + MAX_SIZE + " that fit in memory");
            }
            byte[] content = Files.readAllBytes(file);
            Stamp after = Stamp.of(file);
            // A writer may have been busy while we read; then read again, so that the
            // snapshot's stamp and its bytes belong together.
            if ((before.equals(after) && content.length == after.size()) || attempt == READ_ATTEMPTS) {
                String name = Objects.requireNonNull(file.getFileName(), "file name").toString();
                return new Loaded(after, new FileSnapshot(name, content, after.modified().toInstant()));
            }
        }
    }
}
