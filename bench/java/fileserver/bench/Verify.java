package fileserver.bench;

import fileserver.cli.UsageException;

/** How the load generator checks each downloaded copy: its {@code --verify} option. */
enum Verify {
    /** SHA-256 of each copy, compared with the file's. */
    SHA256,
    /** Every byte compared with the file held in memory: cheaper than hashing. */
    BYTES,
    /** Only the length is counted. */
    LENGTH;

    /** The mode named {@code value} on the command line. */
    static Verify parse(String value) throws UsageException {
        return switch (value) {
            case "sha256" -> SHA256;
            case "bytes" -> BYTES;
            case "length" -> LENGTH;
            default -> throw new UsageException("--verify: sha256, bytes or length, not '" + value + "'");
        };
    }
}
