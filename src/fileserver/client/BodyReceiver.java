package fileserver.client;

import fileserver.cli.ExitCode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;

/**
 * Receives a body into the file: appends the bytes of each read as they arrive, so that a
 * transfer cut short leaves what came for {@code --resume}, feeds them to the
 * {@link Verification}, and then makes sure that nothing follows.
 */
final class BodyReceiver {
    /** The 1000-byte rule binds the server's writes; the client reads as much as has arrived. */
    static final int BUFFER_SIZE = 64 * 1024;
    private static final int TRAILING_DATA_TIMEOUT_MILLIS = 1_000;

    private BodyReceiver() {
    }

    /** Writes the {@code length} bytes of the body to {@code file}, at {@code offset}. */
    static void receive(InputStream in, ResumeState file, long offset, long length, Verification verification)
            throws DownloadFailure, IOException {
        long total = offset + length;
        long received = 0;
        byte[] buffer = new byte[BUFFER_SIZE];
        try (OutputStream out = file.open(offset > 0)) {
            while (received < length) {
                int n = readSome(in, buffer, length - received, offset + received, total);
                file.append(out, buffer, n);
                verification.update(buffer, n);
                received += n;
            }
        }
    }

    /**
     * Reads what has arrived, at least 1 byte and at most {@code wanted}; the stream's end
     * or a failure here is a transfer cut short, at {@code have} of {@code total} bytes.
     */
    private static int readSome(InputStream in, byte[] buffer, long wanted, long have, long total)
            throws DownloadFailure {
        int n;
        try {
            n = in.read(buffer, 0, (int) Math.min(buffer.length, wanted));
        } catch (TooSlowException e) {
            throw incomplete(e.getMessage(), have, total);
        } catch (IOException e) {
            throw incomplete("connection failed (" + e.getMessage() + ")", have, total);
        }
        if (n < 0) {
            throw incomplete("connection closed", have, total);
        }
        return n;
    }

    /** A transfer cut short; where bytes were kept, {@code --resume} continues from them. */
    private static DownloadFailure incomplete(String what, long have, long total) {
        return DownloadFailure.fatal(ExitCode.TRANSFER_FAILED, what + " after " + have + " of " + total + " bytes"
                + (have > 0 ? "; run again with --resume to continue" : ""));
    }

    /**
     * A server that sends more than it announced is broken; the copy cannot be trusted.
     * What follows the body may already be in {@code in}'s buffer, or arrive on the socket
     * within a second; the socket is read directly, since the speed guard under {@code in}
     * would wait for as long as its rule allows.
     */
    static void checkNoTrailingData(Socket socket, InputStream in, long total) throws DownloadFailure {
        try {
            socket.setSoTimeout(TRAILING_DATA_TIMEOUT_MILLIS);
            if (in.available() > 0 || socket.getInputStream().read() >= 0) {
                throw DownloadFailure.fatal(ExitCode.TRANSFER_FAILED,
                        "the server sent more than the " + total + " bytes it announced");
            }
        } catch (IOException e) {
            // Silence or a reset after the full body: the announced bytes all arrived.
        }
    }
}
