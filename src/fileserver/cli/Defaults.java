package fileserver.cli;

/**
 * What the server and the client both assume when not told otherwise, kept in one place
 * so that they meet: a client started without options asks the address, the port and the
 * path that a server started without options serves.
 */
public final class Defaults {
    /** The TCP port the server listens on and the client connects to. */
    public static final int PORT = 5050;
    /**
     * The loopback address: where the server listens and where the client connects. A
     * server opens itself to the network only when told to ({@code --bind 0.0.0.0}).
     */
    public static final String HOST = "127.0.0.1";
    /** The served file's name: the server serves {@code ./bio.txt}, and the client asks for {@code /bio.txt}. */
    public static final String FILE_NAME = "bio.txt";

    private Defaults() {
    }
}
