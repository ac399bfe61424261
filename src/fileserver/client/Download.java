package fileserver.client;

import fileserver.cli.ExitCode;
import fileserver.protocol.HostPort;
import fileserver.protocol.HttpResponse;
import fileserver.protocol.NoMessageException;
import fileserver.protocol.ResponseParser;
import fileserver.snapshot.Sha256;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.ProtocolException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One attempt to download the file over one HTTP/1.1 connection into
 * {@code received_bio_<id>.txt}, appending the bytes of each read as they arrive and
 * verifying the result: length against {@code Content-Length}, content against the
 * SHA-256 in {@code Repr-Digest} (RFC 9530) when the server sends one ({@link Verification}).
 *
 * <p>Works with any HTTP/1.1 server that sends {@code Content-Length}; the digest,
 * ranges and entity tags are used when offered.
 */
final class Download {
    private static final int CONNECT_TIMEOUT_MILLIS = 10_000;
    private static final int READ_TIMEOUT_MILLIS = 30_000;
    private static final int TRAILING_DATA_TIMEOUT_MILLIS = 1_000;
    private static final int MAX_HEAD_BYTES = 64 * 1024;
    // The 1000-byte rule binds the server's writes; the client reads as much as has arrived.
    private static final int BUFFER_SIZE = 64 * 1024;

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
            // The server refused the range (416): the partial file is not part of what it
            // serves now, so start over.
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
            socket.setSoTimeout(READ_TIMEOUT_MILLIS);
            socket.getOutputStream().write(request(partial).getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = new BufferedInputStream(socket.getInputStream(), BUFFER_SIZE);
            HttpResponse response = readHead(in);
            long offset = offsetFor(response, partial);
            if (offset < 0) {
                return Optional.empty();
            }
            long length = contentLength(response);
            if (offset > 0) {
                Verification.checkIsTheRest(response, offset, length);
            }
            long total = offset + length;
            Optional<byte[]> announced = ReprDigest.sha256(response.headers());
            resume.remember(response.headers().first("ETag"));
            Verification verification = new Verification(announced,
                    offset > 0 ? resume.digestOfPartial(offset) : Sha256.newDigest());
            receiveBody(in, offset, length, verification);
            checkNoTrailingData(socket, in, total);
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

    private static HttpResponse readHead(InputStream in) throws DownloadFailure, IOException {
        try {
            return ResponseParser.read(in, MAX_HEAD_BYTES);
        } catch (NoMessageException e) {
            throw DownloadFailure.fatal(ExitCode.TRANSFER_FAILED, "the server closed the connection without replying");
        } catch (EOFException e) {
            throw DownloadFailure.fatal(ExitCode.TRANSFER_FAILED,
                    "the server closed the connection in the middle of its reply's head");
        } catch (ProtocolException e) {
            throw DownloadFailure.fatal(ExitCode.TRANSFER_FAILED, "the server's reply is not HTTP (" + e.getMessage() + ")");
        } catch (SocketTimeoutException e) {
            throw DownloadFailure.fatal(ExitCode.TRANSFER_FAILED,
                    "the server sent no reply within " + READ_TIMEOUT_MILLIS / 1000 + " s");
        }
    }

    /**
     * Where the body starts in the file: 0 for a whole file, the partial length for a
     * matching 206, or -1 to start over without a range (the range was refused).
     */
    private static long offsetFor(HttpResponse response, ResumeState.Partial partial) throws DownloadFailure {
        int code = response.code();
        if (code == 200) {
            return 0;
        }
        if (code == 206 && partial.bytes() > 0) {
            return partial.bytes();
        }
        if (code == 416 && partial.bytes() > 0) {
            return -1;
        }
        if (code == 503) {
            throw DownloadFailure.retryable(ExitCode.HTTP_ERROR, "the server is busy (503)",
                    Math.min(60, response.retryAfterSeconds().orElse(0)) * 1000);
        }
        throw DownloadFailure.fatal(ExitCode.HTTP_ERROR, "the server answered " + response.status());
    }

    private static long contentLength(HttpResponse response) throws DownloadFailure {
        if (response.headers().first("Transfer-Encoding").isPresent()) {
            throw DownloadFailure.fatal(ExitCode.TRANSFER_FAILED,
                    "the server used Transfer-Encoding, which this client does not support");
        }
        OptionalLong length;
        try {
            length = response.contentLength();
        } catch (ProtocolException e) {
            throw DownloadFailure.fatal(ExitCode.TRANSFER_FAILED, "the server sent an invalid Content-Length");
        }
        if (length.isEmpty()) {
            throw DownloadFailure.fatal(ExitCode.TRANSFER_FAILED,
                    "the server sent no Content-Length, so the copy cannot be verified");
        }
        return length.getAsLong();
    }

    private void receiveBody(InputStream in, long offset, long length, Verification verification)
            throws DownloadFailure, IOException {
        long total = offset + length;
        long received = 0;
        byte[] buffer = new byte[BUFFER_SIZE];
        try (OutputStream out = resume.open(offset > 0)) {
            while (received < length) {
                int n;
                try {
                    n = in.read(buffer, 0, (int) Math.min(buffer.length, length - received));
                } catch (SocketTimeoutException e) {
                    throw incomplete("the server sent nothing for " + READ_TIMEOUT_MILLIS / 1000 + " s", offset + received, total);
                } catch (IOException e) {
                    throw incomplete("connection failed (" + e.getMessage() + ")", offset + received, total);
                }
                if (n < 0) {
                    throw incomplete("connection closed", offset + received, total);
                }
                resume.append(out, buffer, n);
                verification.update(buffer, n);
                received += n;
            }
        }
    }

    private static DownloadFailure incomplete(String what, long have, long total) {
        return DownloadFailure.fatal(ExitCode.TRANSFER_FAILED,
                what + " after " + have + " of " + total + " bytes; run again with --resume to continue");
    }

    /** A server that sends more than it announced is broken; the copy cannot be trusted. */
    private static void checkNoTrailingData(Socket socket, InputStream in, long total) throws DownloadFailure {
        try {
            socket.setSoTimeout(TRAILING_DATA_TIMEOUT_MILLIS);
            if (in.read() >= 0) {
                throw DownloadFailure.fatal(ExitCode.TRANSFER_FAILED,
                        "the server sent more than the " + total + " bytes it announced");
            }
        } catch (IOException e) {
            // Silence or a reset after the full body: the announced bytes all arrived.
        }
    }
}
