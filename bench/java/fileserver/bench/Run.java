package fileserver.bench;

import java.net.InetSocketAddress;

/**
 * What the selector threads of one run share: the command line, what each copy must
 * equal, where to connect and what to send, what to do with a 503, the counts, the
 * barrier, and the moment (System.nanoTime) after which whatever is unfinished fails.
 *
 * @param request the bytes every connection sends: a plain GET that closes the
 *                connection afterwards, so a download ends at its Content-Length or the close
 */
record Run(Options options, Expected expected, InetSocketAddress address, byte[] request, RetryPolicy retryPolicy,
           Tally tally, Barrier barrier, long deadlineNanos) {
}
