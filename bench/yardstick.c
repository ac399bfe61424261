/*
 * yardstick: the least a server can do under the chunk rule, as a measure for ours.
 *
 *   yardstick PORT FILE
 *
 * Serves FILE on 127.0.0.1:PORT to every GET (whatever the path), one detached pthread per client,
 * "Connection: close", the body in write(2) calls of exactly 1000 bytes (the last one the
 * remainder), as our server does with --chunk 1000. Everything else is kept as cheap as C
 * allows (the file read into memory once, no parsing beyond finding the end of the head,
 * no logging per transfer), so its MiB/s is what the chunk rule itself permits on this
 * machine: bench/peers.sh compares ours with it. Stops on SIGTERM or Ctrl-C.
 *
 * Build: cc -O2 -Wall -Wextra -pthread -o yardstick yardstick.c
 */
#define _GNU_SOURCE /* memmem */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

enum {
    CHUNK = 1000,          /* the chunk rule: bytes per write(2) of the body */
    MAX_HEAD = 8192,       /* the longest request head read, as our server's default */
    BACKLOG = 4096,        /* as our server's listen queue */
    REQUEST_TIMEOUT_S = 10, /* as our --request-timeout: a silent client frees its thread */
    IDLE_TIMEOUT_S = 30,   /* as our --idle-timeout: a client that stops reading does too */
};

/* The file, read once at start and shared read-only by every thread. */
static char *body;
static size_t body_length;
/* The response heads, built once. */
static char ok_head[128];
static size_t ok_head_length;
static const char bad_head[] =
    "HTTP/1.1 405 Method Not Allowed\r\nAllow: GET, HEAD\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";

/* write_all: writes all n bytes, looping on a partial write (a full socket buffer under
 * SO_SNDTIMEO can return fewer); 0 on success, -1 on an error or the idle timeout. */
static int write_all(int fd, const char *p, size_t n)
{
    while (n > 0) {
        ssize_t written = write(fd, p, n);
        if (written < 0) {
            if (errno == EINTR) {
                continue;
            }
            return -1;
        }
        p += written;
        n -= (size_t)written;
    }
    return 0;
}

/* read_head: reads until the blank line that ends the request head; 1 if it came, 0 if
 * the client closed, failed, timed out or sent more than MAX_HEAD bytes first. */
static int read_head(int fd, char *buf, size_t *length)
{
    size_t have = 0;
    while (have < MAX_HEAD) {
        ssize_t got = read(fd, buf + have, MAX_HEAD - have);
        if (got < 0 && errno == EINTR) {
            continue;
        }
        if (got <= 0) {
            return 0;
        }
        /* Search only the new bytes, plus 3 before them for a CRLFCRLF split across reads. */
        size_t from = have >= 3 ? have - 3 : 0;
        have += (size_t)got;
        if (memmem(buf + from, have - from, "\r\n\r\n", 4) != NULL) {
            *length = have;
            return 1;
        }
    }
    return 0;
}

static void set_timeout(int fd, int option, int seconds)
{
    struct timeval tv = {.tv_sec = seconds, .tv_usec = 0};
    (void)setsockopt(fd, SOL_SOCKET, option, &tv, sizeof tv);
}

/* serve: one client's thread: one request, one response, close. */
static void *serve(void *arg)
{
    int fd = (int)(intptr_t)arg;
    char head[MAX_HEAD];
    size_t head_length;

    set_timeout(fd, SO_RCVTIMEO, REQUEST_TIMEOUT_S);
    set_timeout(fd, SO_SNDTIMEO, IDLE_TIMEOUT_S);
    if (read_head(fd, head, &head_length)) {
        /* Any GET gets the one file, whatever its path, as a yardstick needs no more. */
        int get = head_length >= 4 && memcmp(head, "GET ", 4) == 0;
        int head_only = head_length >= 5 && memcmp(head, "HEAD ", 5) == 0;
        if (!get && !head_only) {
            (void)write_all(fd, bad_head, sizeof bad_head - 1);
        } else if (write_all(fd, ok_head, ok_head_length) == 0 && get) { /* the head: one write */
            /* Each chunk is finished (write_all) before the next one starts, so every
             * write(2) the kernel sees is 1000 bytes unless the previous one was partial. */
            for (size_t offset = 0; offset < body_length; offset += CHUNK) {
                size_t n = body_length - offset < CHUNK ? body_length - offset : CHUNK;
                if (write_all(fd, body + offset, n) != 0) {
                    break; /* the client went away or stopped reading */
                }
            }
        }
    }
    close(fd);
    return NULL;
}

static void read_file(const char *path)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0) {
        perror(path);
        exit(3);
    }
    if (!S_ISREG(st.st_mode)) {
        fprintf(stderr, "%s: not a regular file\n", path);
        exit(3);
    }
    body_length = (size_t)st.st_size;
    body = malloc(body_length > 0 ? body_length : 1); /* malloc(0) may return NULL */
    if (body == NULL) {
        perror("malloc");
        exit(1);
    }
    size_t have = 0;
    while (have < body_length) {
        ssize_t got = read(fd, body + have, body_length - have);
        if (got < 0 && errno == EINTR) {
            continue;
        }
        if (got <= 0) {
            fprintf(stderr, "%s: %s\n", path, got < 0 ? strerror(errno) : "shorter than its size");
            exit(3);
        }
        have += (size_t)got;
    }
    close(fd);
}

static int listen_on(int port)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int on = 1;
    struct sockaddr_in address = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK); /* loopback only, as our default */
    if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on) != 0
        || bind(fd, (struct sockaddr *)&address, sizeof address) != 0 || listen(fd, BACKLOG) != 0) {
        perror("listen on 127.0.0.1");
        exit(5);
    }
    return fd;
}

int main(int argc, char **argv)
{
    char *end;
    long port;
    if (argc != 3 || (port = strtol(argv[1], &end, 10), *end != '\0' || port < 1 || port > 65535)) {
        fprintf(stderr, "usage: %s PORT FILE\n"
                        "Serves FILE on 127.0.0.1:PORT to every GET, a thread per client, the body\n"
                        "in write(2) calls of %d bytes; the benchmarks' yardstick (bench/peers.sh).\n",
                argv[0], CHUNK);
        return 2;
    }
    /* A client that leaves mid-transfer must cost its thread an EPIPE, not the process. */
    signal(SIGPIPE, SIG_IGN);
    read_file(argv[2]);
    ok_head_length = (size_t)snprintf(ok_head, sizeof ok_head,
                                      "HTTP/1.1 200 OK\r\nContent-Length: %zu\r\nConnection: close\r\n\r\n",
                                      body_length);
    int listener = listen_on((int)port);

    pthread_attr_t detached;
    if (pthread_attr_init(&detached) != 0
        || pthread_attr_setdetachstate(&detached, PTHREAD_CREATE_DETACHED) != 0) {
        fprintf(stderr, "pthread_attr: failed\n");
        return 1;
    }
    printf("yardstick: listening on http://127.0.0.1:%ld/ serving %s (%zu bytes) in %d-byte writes\n",
           port, argv[2], body_length, CHUNK);
    fflush(stdout);

    for (;;) {
        int client = accept4(listener, NULL, NULL, SOCK_CLOEXEC);
        if (client < 0) {
            if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
                /* Out of descriptors or memory: back off instead of spinning, as ours does. */
                struct timespec pause = {.tv_sec = 0, .tv_nsec = 50 * 1000 * 1000};
                nanosleep(&pause, NULL);
            }
            continue; /* EINTR, ECONNABORTED and the like concern one connection */
        }
        int on = 1;
        /* Each 1000-byte chunk goes out at once, as in ours (Nagle would hold it back). */
        (void)setsockopt(client, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
        pthread_t thread;
        int error = pthread_create(&thread, &detached, serve, (void *)(intptr_t)client);
        if (error != 0) {
            fprintf(stderr, "pthread_create: %s\n", strerror(error));
            close(client);
        }
    }
}
