package fileserver.client;

/**
 * When the client gives up on a server that stops sending or only trickles: once fewer
 * than {@code bytesPerSecond * seconds} bytes arrived in the last {@code seconds} seconds
 * (the rule of curl's {@code --speed-limit} and {@code --speed-time}). It applies from the
 * request on, to the reply's head as much as to its body.
 *
 * <p>The defaults, 1000 bytes/s over 30 s: 30 s is how long the client used to wait for a
 * silent server, and the server's own default {@code --idle-timeout}; 1000 bytes/s is one
 * of the server's default 1000-byte writes a second, far below any real link (a 2G mobile
 * link moves 10 times that), yet it makes a server that drips one byte at a time fail
 * within 30 s instead of never.
 *
 * @param bytesPerSecond the lowest average speed tolerated, at least 1, so that a silent
 *                       server is always given up on
 * @param seconds        the span the average is taken over, at least 1
 */
public record SpeedLimit(int bytesPerSecond, int seconds) {
    public static final SpeedLimit DEFAULT = new SpeedLimit(1000, 30);

    public SpeedLimit {
        if (bytesPerSecond < 1 || seconds < 1) {
            throw new IllegalArgumentException("speed limit " + bytesPerSecond + " bytes/s over " + seconds + " s");
        }
    }

    /** The fewest bytes that must arrive in any span of {@link #seconds()}. */
    public long minimumBytes() {
        return (long) bytesPerSecond * seconds;
    }

    /** The rule in the words of the command line, for messages. */
    @Override
    public String toString() {
        return "--speed-limit " + bytesPerSecond + " B/s over --speed-time " + seconds + " s";
    }
}
