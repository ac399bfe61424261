package fileserver.snapshot;

import fileserver.protocol.ReprDigest;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.HexFormat;

/**
 * The served file's content at one moment, with everything a response says about it.
 * Every transfer sends from one snapshot, so a transfer in flight is unaffected when the
 * file changes on disk, and the digest it announced is the digest of what it sends.
 *
 * <p>Not a record: its content is a byte array, which a record would hand out mutably.
 * The array is private and never escapes; {@link #write} is the only way to its bytes.
 */
public final class FileSnapshot {
    private final String fileName;
    private final byte[] content;
    private final byte[] sha256;
    private final Instant lastModified;

    /**
     * @param fileName     the name the file is served under, e.g. {@code bio.txt}
     * @param content      the bytes; owned by the snapshot from now on, not copied
     * @param lastModified the file's modification time
     */
    public FileSnapshot(String fileName, byte[] content, Instant lastModified) {
        this.fileName = fileName;
        this.content = content;
        this.sha256 = Sha256.newDigest().digest(content);
        this.lastModified = lastModified;
    }

    public String fileName() {
        return fileName;
    }

    public long size() {
        return content.length;
    }

    /** Lowercase hexadecimal SHA-256 of the content, as {@code sha256sum} prints it. */
    public String sha256Hex() {
        return HexFormat.of().formatHex(sha256);
    }

    /** The {@code Repr-Digest} field value of RFC 9530: {@code sha-256=:<base64>:}. */
    public String reprDigest() {
        return ReprDigest.of(sha256);
    }

    /**
     * A strong entity tag. Derived from the content's digest, not its time stamp, so it
     * changes exactly when the bytes change and a resumed download never splices versions.
     */
    public String etag() {
        return "\"" + sha256Hex().substring(0, 32) + "\"";
    }

    public Instant lastModified() {
        return lastModified;
    }

    /** Writes {@code length} bytes from {@code offset} in a single call to {@code out}. */
    public void write(OutputStream out, long offset, int length) throws IOException {
        out.write(content, Math.toIntExact(offset), length);
    }
}
