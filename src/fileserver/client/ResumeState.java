package fileserver.client;

import fileserver.cli.ExitCode;
import fileserver.snapshot.Sha256;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
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
 */
final class ResumeState {
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
        try {
            long size = Files.size(file);
            String validator = Files.readString(validatorFile, StandardCharsets.ISO_8859_1).strip();
            return size > 0 && validator.startsWith("\"") ? new Partial(size, validator) : Partial.NONE;
        } catch (NoSuchFileException e) {
            return Partial.NONE;
        } catch (IOException e) {
            throw DownloadFailure.fatal(ExitCode.LOCAL_IO, "cannot read " + file + ": " + e.getMessage());
        }
    }

    /** Saves a strong entity tag for a later resume; a weak or missing one cannot be used for that. */
    void remember(Optional<String> etag) throws LocalIoException {
        try {
            if (etag.isPresent() && etag.get().startsWith("\"")) {
                Files.writeString(validatorFile, etag.get() + "\n", StandardCharsets.ISO_8859_1);
            } else {
                Files.deleteIfExists(validatorFile);
            }
        } catch (IOException e) {
            throw new LocalIoException("cannot write " + validatorFile + ": " + e.getMessage(), e);
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
        try (InputStream in = Files.newInputStream(file)) {
            long left = bytes;
            for (int n; left > 0 && (n = in.read(buffer, 0, (int) Math.min(buffer.length, left))) > 0; left -= n) {
                digest.update(buffer, 0, n);
            }
            if (left > 0) {
                throw new IOException("it shrank while being read");
            }
        } catch (IOException e) {
            throw new LocalIoException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return digest;
    }

    /** Opens the received file: emptied for a fresh download, or for appending to resume one. */
    OutputStream open(boolean append) throws LocalIoException {
        try {
            return new FileOutputStream(file.toFile(), append);
        } catch (IOException e) {
            throw new LocalIoException("cannot write " + file + ": " + e.getMessage(), e);
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
