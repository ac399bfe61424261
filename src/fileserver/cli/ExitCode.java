package fileserver.cli;

/**
 * Process exit codes shared by the server and the client, documented in README.md.
 * Each failure class has its own code so that scripts can tell them apart.
 */
public enum ExitCode {
    /** The job was done: the server shut down cleanly, or the download is verified. */
    OK(0),
    /** The transfer failed: incomplete, corrupt, or an unusable answer from the server. */
    TRANSFER_FAILED(1),
    /** The command line was wrong; the usage text was printed. */
    USAGE(2),
    /** A local file or directory could not be read or written. */
    LOCAL_IO(3),
    /** The host name does not resolve. */
    UNKNOWN_HOST(4),
    /**
     * A network address could not be used: for the client, nothing answered even after
     * the retries; for the server, the address could not be bound (port in use).
     */
    NETWORK(5),
    /** The server answered with an error status (404, 416, 500, ...). */
    HTTP_ERROR(6);

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
