package fileserver.server;

import fileserver.protocol.ByteRange;
import fileserver.protocol.ResponseHead;
import fileserver.snapshot.FileSnapshot;
import java.nio.charset.StandardCharsets;

/**
 * A response decided but not yet sent: its head and what follows the head.
 *
 * @param head the status line and header fields
 * @param body what to send after the head unless the request was HEAD
 */
record Reply(ResponseHead head, Body body) {

    /** What follows a response head. */
    sealed interface Body {
        /** The number of body bytes, which is the Content-Length. */
        long length();
    }

    /** No body, as for 416 or a file of zero bytes. */
    record Empty() implements Body {
        @Override
        public long length() {
            return 0;
        }
    }

    /** A short explanatory text for an error status. */
    record Message(String text) implements Body {
        byte[] bytes() {
            return text.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public long length() {
            return bytes().length;
        }
    }

    /** A range of the served file, sent in chunks. */
    record FileRange(FileSnapshot snapshot, ByteRange range) implements Body {
        @Override
        public long length() {
            return range.length();
        }
    }
}
