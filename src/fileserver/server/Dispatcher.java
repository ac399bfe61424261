package fileserver.server;

import java.io.IOException;
import java.net.Socket;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Takes accepted connections from the accept thread and sets each one up on a thread of
 * its own, so that the accept thread does nothing but accept.
 *
 * <p>Why a hand-off: the kernel holds completed handshakes in a listen queue of at most
 * {@code net.core.somaxconn} (4096 by default) entries, and once it is full it drops new ones
 * silently; their clients are reset about a minute later. Setting a connection up
 * (socket options, and above all starting a platform thread, which takes tens of
 * microseconds and far longer while thousands of workers compete for the CPU) is slow
 * enough that an accept thread doing it falls behind a burst of thousands of connects.
 * Accepting alone keeps up, and an accepted connection waits here instead, where it
 * costs a file descriptor and nothing is lost. The queue is bounded; a connection that
 * finds it full is given to {@code overflow} (a 503) by the accept thread.
 *
 * <p>A set-up that throws (a bug) costs only its own connection: the socket is closed,
 * {@code failed} reports it, and the next connection is set up as usual.
 */
final class Dispatcher {
    private final BlockingQueue<Optional<Socket>> accepted;
    private final Consumer<Socket> setUp;
    private final Consumer<Socket> overflow;
    private final BiConsumer<Socket, RuntimeException> failed;
    private final Thread thread;

    /**
     * @param capacity connections that may wait for set-up
     * @param setUp    what happens to each accepted connection, in arrival order
     * @param overflow what happens, on the caller's thread, to one that finds the queue full
     * @param failed   told of a set-up that threw, once its socket is closed
     */
    Dispatcher(int capacity, String name, Consumer<Socket> setUp, Consumer<Socket> overflow,
               BiConsumer<Socket, RuntimeException> failed) {
        this.accepted = new LinkedBlockingQueue<>(capacity);
        this.setUp = setUp;
        this.overflow = overflow;
        this.failed = failed;
        this.thread = DaemonThreads.named(name).newThread(this::run);
    }

    void start() {
        thread.start();
    }

    /** Queues {@code socket} for set-up, or gives it to the overflow at once if the queue is full. */
    void dispatch(Socket socket) {
        if (!accepted.offer(Optional.of(socket))) {
            overflow.accept(socket);
        }
    }

    private void run() {
        try {
            for (Optional<Socket> next = accepted.take(); next.isPresent(); next = accepted.take()) {
                setUpOrClose(next.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // Only close() stops this thread, and not by interrupt.
        }
    }

    private void setUpOrClose(Socket socket) {
        try {
            setUp.accept(socket);
        } catch (RuntimeException e) {
            close(socket);
            failed.accept(socket, e);
        }
    }

    /**
     * Sets up every connection still queued, then stops. Call it once the accept thread
     * has stopped: connections accepted before a shutdown are served like any other. If
     * the thread is gone (never started, or killed by an Error), whatever is still queued
     * is closed instead, so no socket outlives the server.
     */
    void close() throws InterruptedException {
        // Not put(): a dead thread would leave a full queue full, and put() would wait forever.
        boolean queued = false;
        while (!queued && thread.isAlive()) {
            queued = accepted.offer(Optional.empty(), 100, TimeUnit.MILLISECONDS);
        }
        thread.join();
        for (Optional<Socket> left = accepted.poll(); left != null; left = accepted.poll()) {
            left.ifPresent(Dispatcher::close);
        }
    }

    private static void close(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // Closing is all we wanted.
        }
    }
}
