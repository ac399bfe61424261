package fileserver.client;

import fileserver.cli.ExitCode;
import fileserver.snapshot.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * The received file and the validator saved beside it while it is incomplete.
 *
 * <p>A partial file can be resumed only together with the entity tag of the version it
 * came from: the request then says "the rest, if it is still this version" (Range with
 * If-Range), and a server whose file changed answers with the whole new file instead, so
 * two versions are never spliced together. Every file-system failure surfaces as a
 * {@link LocalIoException} naming the file.
 *
 * <p>Neither file is ever written or read through a symbolic link: each is opened with
 * {@code O_NOFOLLOW} ({@link LinkOption#NOFOLLOW_LINKS}), so a link planted in the
 * directory, to a file its planter could not otherwise write, is refused, not followed.
 * The client appends to the received file in place (so that {@code --resume} finds what
 * arrived before a crash), which rules out the other cure, a temporary file renamed over it.
 */
final class ResumeState {
    private static final OpenOption[] FRESH = {StandardOpenOption.WRITE, StandardOpenOption.CREATE,
        StandardOpenOption.TRUNCATE_EXISTING, LinkOption.NOFOLLOW_LINKS};
    private static final OpenOption[] APPEND = {StandardOpenOption.WRITE, StandardOpenOption.CREATE,
        StandardOpenOption.APPEND, LinkOption.NOFOLLOW_LINKS};
    /** Far more than any entity tag; a planted file of gigabytes is not read whole. */
    private static final int MAX_VALIDATOR_BYTES = 8 * 1024;

    private final Path file;
    private final Path validatorFile;

    ResumeState(Path file, Path validatorFile) {
        this.file = file;
        this.validatorFile = validatorFile;
    }

    /** A partial file: its length and the validator of its version. */
    record Partial(long bytes, String validator) {
        static final Partial NONE = new Partial(0, "");
    }

    /** The partial file to resume, or {@link Partial#NONE} if there is none or no validator for it. */
    Partial partial() throws DownloadFailure {
        Path reading = file;
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS);
            if (attributes.isSymbolicLink()) {
                throw DownloadFailure.fatal(ExitCode.LOCAL_IO, linkRefusal(file));
            }
            reading = validatorFile;
            String validator;
            try (InputStream in = Files.newInputStream(validatorFile, LinkOption.NOFOLLOW_LINKS)) {
                validator = new String(in.readNBytes(MAX_VALIDATOR_BYTES), StandardCharsets.ISO_8859_1).strip();
            }
            return attributes.size() > 0 && validator.startsWith("\"") ? new Partial(attributes.size(), validator)
                    : Partial.NONE;
        } catch (NoSuchFileException e) {
            return Partial.NONE;
        } catch (IOException e) {
            throw DownloadFailure.fatal(ExitCode.LOCAL_IO, Files.isSymbolicLink(reading) ? linkRefusal(reading)
                    : "cannot read " + file + ": " + e.getMessage());
        }
    }

    /** Why the client will not use {@code link}: one line for the user. */
    static String linkRefusal(Path link) {
        return link + " is a symbolic link; the client does not write or read through one"
                + " (remove it, or choose another --dir)";
    }

    /** A {@link LocalIoException} for {@code path}, which names a planted link as such. */
    private static LocalIoException failure(String verb, Path path, IOException e) {
        return new LocalIoException(Files.isSymbolicLink(path) ? linkRefusal(path)
                : "cannot " + verb + " " + path + ": " + e.getMessage(), e);
    }

    /** Saves a strong entity tag for a later resume; a weak or missing one cannot be used for that. */
    void remember(Optional<String> etag) throws LocalIoException {
        try {
            if (etag.isPresent() && etag.get().startsWith("\"")) {
                Files.writeString(validatorFile, etag.get() + "\n", StandardCharsets.ISO_8859_1, FRESH);
            } else {
                Files.deleteIfExists(validatorFile);
            }
        } catch (IOException e) {
            throw failure("write", validatorFile, e);
        }
    }

    /** Forgets the validator once the file is complete and verified. */
    void forget() throws LocalIoException {
        try {
            Files.deleteIfExists(validatorFile);
        } catch (IOException e) {
            throw new LocalIoException("cannot delete " + validatorFile + ": " + e.getMessage(), e);
        }
    }

    /** A SHA-256 digest already fed with the first {@code bytes} of the partial file. */
    MessageDigest digestOfPartial(long bytes) throws LocalIoException {
        MessageDigest digest = Sha256.newDigest();
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            long left = bytes;
            for (int n; left > 0 && (n = in.read(buffer, 0, (int) Math.min(buffer.length, left))) > 0; left -= n) {
                digest.update(buffer, 0, n);
            }
            if (left > 0) {
                throw new IOException("it shrank while being read");
            }
        } catch (IOException e) {
            throw failure("read", file, e);
        }
        return digest;
    }

    /** Opens the received file: emptied for a fresh download, or for appending to resume one. */
    OutputStream open(boolean append) throws LocalIoException {
        try {
            return Files.newOutputStream(file, append ? APPEND : FRESH);
        } catch (IOException e) {
            throw failure("write", file, e);
        }
    }

    /** Appends the {@code length} bytes one read returned. */
    void append(OutputStream out, byte[] bytes, int length) throws LocalIoException {
        try {
            out.write(bytes, 0, length);
        } catch (IOException e) {
            throw new LocalIoException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
