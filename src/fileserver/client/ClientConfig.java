package fileserver.client;

import java.nio.file.Path;

/**
 * What one client run does.
 *
 * @param id      the client's id, 1 to 64 characters of {@code [A-Za-z0-9_-]}
 * @param host    the server's host name or address
 * @param port    the server's port
 * @param dir     the directory the received file goes in
 * @param path    the request path, e.g. {@code /bio.txt}
 * @param resume  continue a partial file instead of starting over
 * @param retries how many times to try again when the server is unreachable or busy
 * @param speed   when to give up on a server that stops sending or only trickles
 */
public record ClientConfig(String id, String host, int port, Path dir, String path, boolean resume, int retries,
                           SpeedLimit speed) {

    /** The received file: {@code received_bio_<id>.txt} in {@link #dir}. */
    public Path receivedFile() {
        return dir.resolve("received_bio_" + id + ".txt");
    }

    /**
     * Beside a partial file, the entity tag of the version it is part of, so that a resume
     * can ask for "the rest, if it is still the same file" (If-Range).
     */
    public Path validatorFile() {
        return dir.resolve("received_bio_" + id + ".txt.etag");
    }
}
