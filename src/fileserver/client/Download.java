package fileserver.client;

import fileserver.cli.ExitCode;
import fileserver.protocol.HostPort;
import fileserver.protocol.HttpResponse;
import fileserver.snapshot.Sha256;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * One attempt to download the file over one HTTP/1.1 connection into
 * {@code received_bio_<id>.txt}, appending the bytes of each read as they arrive and
 * verifying the result: length against {@code Content-Length}, content against the
 * SHA-256 in {@code Repr-Digest} (RFC 9530) when the server sends one ({@link Verification}).
 * The parts: {@link ResponseCheck} judges the reply's head, {@link BodyReceiver} writes
 * the body, and a {@link SpeedGuard} under both gives up on a server that only trickles.
 *
 * <p>Works with any HTTP/1.1 server that sends {@code Content-Length}; the digest,
 * ranges and entity tags are used when offered.
 */
final class Download {
    private static final int CONNECT_TIMEOUT_MILLIS = 10_000;

    private final ClientConfig config;
    private final ResumeState resume;

    Download(ClientConfig config) {
        this.config = config;
        this.resume = new ResumeState(config.receivedFile(), config.validatorFile());
    }

    /**
     * Makes the attempt.
     *
     * @param tryResume continue an existing partial file if it has a saved validator
     */
    DownloadResult attempt(boolean tryResume) throws DownloadFailure {
        long start = System.nanoTime();
        ResumeState.Partial partial = tryResume ? resume.partial() : ResumeState.Partial.NONE;
        Optional<Transfer> done = transfer(partial);
        if (done.isEmpty()) {
            // The server refused the range (416), or sent the rest of another version: the
            // partial file is not part of what it serves now, so start over.
            done = transfer(ResumeState.Partial.NONE);
        }
        Transfer transfer = done.orElseThrow();
        return new DownloadResult(transfer.total(), transfer.offset(), System.nanoTime() - start,
                transfer.verification());
    }

    private record Transfer(long offset, long total, String verification) {
    }

    /** One request and response; empty if the server refused the requested range. */
    private Optional<Transfer> transfer(ResumeState.Partial partial) throws DownloadFailure {
        try (Socket socket = connect()) {
            // Guarded from the request on: the rule covers the wait for the head, and the head.
            InputStream in = new BufferedInputStream(new SpeedGuard(socket, config.speed()), BodyReceiver.BUFFER_SIZE);
            socket.getOutputStream().write(request(partial).getBytes(StandardCharsets.ISO_8859_1));
            HttpResponse response = ResponseCheck.readHead(in);
            long offset = ResponseCheck.offsetFor(response, partial);
            if (offset < 0) {
                return Optional.empty();
            }
            long length = ResponseCheck.bodyLength(response);
            if (offset > 0) {
                Verification.checkIsTheRest(response, offset, length);
            }
            long total = offset + length;
            Optional<byte[]> announced = ResponseCheck.announcedSha256(response);
            resume.remember(response.headers().first("ETag"));
            Verification verification = new Verification(announced,
                    offset > 0 ? resume.digestOfPartial(offset) : Sha256.newDigest());
            BodyReceiver.receive(in, resume, offset, length, verification);
            BodyReceiver.checkNoTrailingData(socket, in, total);
            String verified = verification.check(total);
            resume.forget();
            return Optional.of(new Transfer(offset, total, verified));
        } catch (UnknownHostException e) {
            throw DownloadFailure.fatal(ExitCode.UNKNOWN_HOST, "unknown host " + config.host());
        } catch (LocalIoException e) {
            throw DownloadFailure.fatal(ExitCode.LOCAL_IO, e.getMessage());
        } catch (IOException e) {
            throw DownloadFailure.fatal(ExitCode.TRANSFER_FAILED, "transfer failed: " + e.getMessage());
        }
    }

    private Socket connect() throws IOException, DownloadFailure {
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(config.host(), config.port()), CONNECT_TIMEOUT_MILLIS);
            return socket;
        } catch (ConnectException | NoRouteToHostException | SocketTimeoutException e) {
            socket.close();
            throw DownloadFailure.retryable(ExitCode.NETWORK,
                    "cannot connect to " + HostPort.of(config.host(), config.port()) + " (" + e.getMessage() + ")", 0);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    private String request(ResumeState.Partial partial) {
        StringBuilder request = new StringBuilder(256)
                .append("GET ").append(config.path()).append(" HTTP/1.1\r\n")
                .append("Host: ").append(HostPort.of(config.host(), config.port())).append("\r\n")
                .append("User-Agent: fileserver-client/1.0\r\n")
                .append("X-Client-Id: ").append(config.id()).append("\r\n")
                .append("Accept-Encoding: identity\r\n")
                .append("Connection: close\r\n");
        if (partial.bytes() > 0) {
            request.append("Range: bytes=").append(partial.bytes()).append("-\r\n")
                    .append("If-Range: ").append(partial.validator()).append("\r\n");
        }
        return request.append("\r\n").toString();
    }
}
