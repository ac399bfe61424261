package fileserver.cli;

/**
 * A command line that cannot be run as given. The message names the problem and is
 * meant to be printed, above the usage text, to the person who typed it.
 */
public final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
        super(message);
    }
}
