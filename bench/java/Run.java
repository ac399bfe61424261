/**
 * What the selector threads of one run share: the command line, what each copy must
 * equal, where to connect and what to send, what to do with a 503, the counts, the
 * barrier, and the moment (System.nanoTime) after which whatever is unfinished fails.
 */
record Run(Options options, Expected expected, Target target, RetryPolicy retryPolicy, Tally tally, Barrier barrier,
           long deadlineNanos) {
}
