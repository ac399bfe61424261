package fileserver.protocol;

import java.net.ProtocolException;

/**
 * A request whose Transfer-Encoding is not just {@code chunked}, the only transfer coding
 * this server understands; RFC 9112 section 6.1 answers it with 501. The peer's value is
 * left out of the message: the message becomes the text of the reply.
 */
public final class UnsupportedTransferCodingException extends ProtocolException {
    private static final long serialVersionUID = 1L;

    public UnsupportedTransferCodingException() {
        super("unsupported Transfer-Encoding, only chunked is understood");
    }
}
