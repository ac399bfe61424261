#!/usr/bin/env bash
# End-to-end test of run_server.sh, run_clients.sh and check_diff.sh with the real server
# and clients, on a free loopback port, with every file in a temporary directory.
set -euo pipefail

ROOT=$(readlink -f "$(dirname "${BASH_SOURCE[0]}")/..")
# shellcheck source=lib.sh
source "$ROOT/test/lib.sh"

CLIENTS=50

if wants_help "$@"; then
  echo "Usage: ${0##*/}"
  echo "Starts a server on a free port, downloads bio.txt with $CLIENTS clients, checks"
  echo "the copies, then checks that damaged copies are caught, and that every script in"
  echo "the bundle answers --help and refuses an unknown option. Exits 1 if a check fails."
  exit 0
fi
(($# == 0)) || usage_error "takes no arguments"

make_work_dir
received=$work/received
use_own_server_files

fake_pid=
cleanup() {
  [[ -z $fake_pid ]] || kill "$fake_pid" 2>/dev/null || true
  stop_own_server
}

port=$(free_port)
size=$(wc -c <"$ROOT/bio.txt")

run env -u SERVER_JAVA_OPTS "$ROOT/run_server.sh" --background --port "$port"
check "run_server.sh --background starts the server" succeeded
((status == 0)) || give_up "no server, so nothing else can be checked"
check "... printing the URL of its status page" \
  printed "^status: http://127\.0\.0\.1:$port/status \(live page; /metrics for Prometheus\)$"
server_pid=$(<"$SERVER_PID_FILE")
# The default flags bound the heap: what keeps memory per connection small.
check "... its JVM flags by default the serial collector and a bounded heap" \
  printed ', JVM flags: -XX:\+UseSerialGC -Xmx320m$'
check "... which the JVM runs with" grep -qz -- '^-Xmx320m$' "/proc/$server_pid/cmdline"

run "$ROOT/run_server.sh" --background --port "$port"
check "a second run_server.sh --background is refused" failed
check "... saying a server is running" printed "already running \(PID $server_pid"

run "$ROOT/run_clients.sh" 0
check "run_clients.sh 0 is a usage error" failed

run "$ROOT/run_clients.sh" "$CLIENTS" --port "$port" --dir "$received"
check "run_clients.sh $CLIENTS succeeds" succeeded
check "... with one line from each client" \
  test "$(grep -c '^client [0-9]*: ' <<<"$output")" -eq "$CLIENTS"
check "... and reports $CLIENTS/$CLIENTS verified" \
  printed "^$CLIENTS/$CLIENTS verified in [0-9]+\.[0-9] s, [0-9]+(\.[0-9])? MB/s aggregate$"

run "$ROOT/check_diff.sh" "$received"
check "check_diff.sh passes the downloads" succeeded
check "... reporting $CLIENTS of $CLIENTS identical" printed "^$CLIENTS of $CLIENTS identical$"

# --parallel: a stand-in server holds each request for 0.4 s and counts the most
# connections it had at once; with 6 clients and --parallel 2 that must be 2.
python3 - 6 >"$work/fake.out" <<'PYTHON' &
import socket, sys, threading, time
count, lock, active, most = int(sys.argv[1]), threading.Lock(), [0], [0]
listener = socket.create_server(("127.0.0.1", 0))
listener.settimeout(60)
print(listener.getsockname()[1], flush=True)
def serve(connection):
    with lock:
        active[0] += 1
        most[0] = max(most[0], active[0])
    try:
        connection.settimeout(30)
        request = b""
        while not request.endswith(b"\r\n\r\n"):
            request += connection.recv(4096)
        time.sleep(0.4)
        connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 3\r\nConnection: close\r\n\r\nabc")
    finally:
        with lock:
            active[0] -= 1
        connection.close()
threads = []
for _ in range(count):
    threads.append(threading.Thread(target=serve, args=(listener.accept()[0],)))
    threads[-1].start()
for thread in threads:
    thread.join()
print("most at once", most[0], flush=True)
PYTHON
fake_pid=$!
wait_ready "$fake_pid" 20 test -s "$work/fake.out" || true
fake_port=$(head -n 1 "$work/fake.out" 2>/dev/null) || true
run "$ROOT/run_clients.sh" 6 --parallel 2 --port "${fake_port:-0}" --dir "$work/fake" --retries 0
check "run_clients.sh 6 --parallel 2 succeeds" succeeded
check "... saying that 4 clients waited their turn" \
  printed "^6/6 verified in [0-9]+\.[0-9] s, .* aggregate, at most 2 at once \(4 waited their turn\)$"
# 3 bytes each, so rates far below 1 MB/s: in a unit that shows them, not as 0 MB/s.
check "... each client's rate of its 3 bytes in bytes/s" \
  test "$(count '^client [1-6]: 3 bytes in [0-9]+ ms \(([0-9]\.[0-9] bytes/s|under 1 byte/s)\), verified length$')" -eq 6
check "... and the aggregate too" printed '^6/6 verified in [0-9]+\.[0-9] s, ([0-9]+|[0-9]\.[0-9]) bytes/s aggregate, '
wait "$fake_pid" || true
fake_pid=
check "... and never running more than 2 at once" test "$(tail -n 1 "$work/fake.out")" = "most at once 2"

run bash -c 'curl -sSf "http://127.0.0.1:$1/bio.txt" | cmp - "$2"' _ "$port" "$ROOT/bio.txt"
check "curl downloads bio.txt byte for byte" succeeded
run bash -c 'wget -q -O - "http://127.0.0.1:$1/bio.txt" | cmp - "$2"' _ "$port" "$ROOT/bio.txt"
check "wget downloads bio.txt byte for byte" succeeded

flip_byte "$received/received_bio_7.txt" 5000
run "$ROOT/check_diff.sh" "$received"
check "check_diff.sh fails after a byte is flipped" failed
check "... naming the byte" printed '^received_bio_7\.txt: differs at byte 5001 \(line [0-9]+\)$'
check "... and counting the rest" printed "^$((CLIENTS - 1)) of $CLIENTS identical$"

truncate -s 1000 "$received/received_bio_9.txt"
run "$ROOT/check_diff.sh" "$received"
check "check_diff.sh reports a truncated file" printed "^received_bio_9\.txt: shorter: 1000 of $size bytes"

rm -f "$received"/received_bio_*.txt
run "$ROOT/check_diff.sh" "$received"
check "check_diff.sh fails when there are no files" failed
check "... saying so" printed "no received_bio_\*\.txt files"

# File names with a newline, spaces, a leading dash and glob characters: one file, one line.
odd=$work/odd
mkdir "$odd"
cp "$ROOT/bio.txt" "$odd/received_bio_1"$'\n'"2.txt"
cp "$ROOT/bio.txt" "$odd/received_bio_-n *.txt"
head -c 10 "$ROOT/bio.txt" >"$odd/received_bio_[a].txt"
run "$ROOT/check_diff.sh" "$odd"
check "check_diff.sh compares files whose names hold a newline, a dash, a space or a glob" \
  printed '^2 of 3 identical$'
check "... the newline quoted, on one line" grep -Fxq -- "\$'received_bio_1\\n2.txt': identical" <<<"$output"
check "... the others as they are" grep -Fxq -- "received_bio_-n *.txt: identical" <<<"$output"
check "... [a] too" grep -Fxq -- "received_bio_[a].txt: shorter: 10 of $size bytes, all of them right" <<<"$output"

# A link to bio.txt is no downloaded copy, though cmp would find it identical.
ln -s "$ROOT/bio.txt" "$odd/received_bio_4.txt"
run "$ROOT/check_diff.sh" "$odd"
check "check_diff.sh counts a symbolic link as no copy" printed '^2 of 4 identical$'
check "... saying what it is" grep -Fxq -- "received_bio_4.txt: a symbolic link, not a downloaded copy" <<<"$output"

run "$ROOT/run_server.sh" --stop
check "run_server.sh --stop succeeds" succeeded
check "... removes the PID file" test ! -e "$SERVER_PID_FILE"
check "... and the server is gone" gone "$server_pid"
# The server writes this last line only when it had to cut no transfer (never when killed).
check "... its log ending with the clean-shutdown line" server_log_ends_cleanly

# --port 0: the kernel chooses the port, and only the server's start-up line tells it.
# SERVER_JAVA_OPTS replaces the server JVM's default flags.
run env SERVER_JAVA_OPTS="-Xmx200m -XX:+UseSerialGC" "$ROOT/run_server.sh" --background --port 0
check "run_server.sh --background --port 0 starts the server" succeeded
check "... reporting the port the kernel chose" printed '^server running: PID [0-9]+, 127\.0\.0\.1 port [1-9][0-9]*, '
check "... and the JVM flags of SERVER_JAVA_OPTS" printed ', JVM flags: -Xmx200m -XX:\+UseSerialGC$'
check "... which the JVM runs with" grep -qz -- '^-Xmx200m$' "/proc/$(cat "$SERVER_PID_FILE" 2>/dev/null || echo 0)/cmdline"
any_port=$(sed -nE 's/^server running: PID [0-9]+, [^ ]+ port ([0-9]+), .*/\1/p' <<<"$output")
check "... and the status page's URL with that port" \
  printed "^status: http://127\.0\.0\.1:${any_port:-none}/status \(live page; /metrics for Prometheus\)$"
run bash -c 'curl -sSf "http://127.0.0.1:$1/bio.txt" | cmp - "$2"' _ "${any_port:-0}" "$ROOT/bio.txt"
check "... where curl downloads bio.txt byte for byte" succeeded

# A server that does not stop on SIGTERM (frozen here with SIGSTOP) is killed with SIGKILL,
# and --stop says so and fails.
if [[ -f $SERVER_PID_FILE ]]; then
  server_pid=$(<"$SERVER_PID_FILE")
  kill -STOP "$server_pid"
  run env SERVER_STOP_TIMEOUT_S=1 "$ROOT/run_server.sh" --stop
  check "run_server.sh --stop exits 1 when it has to use SIGKILL" test "$status" -eq 1
  check "... saying so" printed 'the server did not stop within 1 s of SIGTERM; killed it \(SIGKILL\)$'
  check "... and the server is gone" gone "$server_pid"
fi

# --status-from off: the server answers no status request, so there is no URL to print.
run "$ROOT/run_server.sh" --background --port 0 --status-from off
check "run_server.sh --background --status-from off starts the server" succeeded
check "... printing no status URL" test "$(count '^status:')" -eq 0
run "$ROOT/run_server.sh" --stop
check "... and stops it" succeeded

run "$ROOT/run_clients.sh" 2 --start-id 8 --port "$port" --dir "$received" --retries 0
check "run_clients.sh fails when no server answers" failed
check "... naming the failed ids, with exit 5 (nothing listening)" printed "2 of 2 clients failed, ids: 8 \(exit 5\), 9 \(exit 5\)$"
check "... its summary giving no rate and no bytes when none is verified" printed '^0/2 verified in [0-9]+\.[0-9] s$'

# A client that exits 0 but leaves no file (here a stand-in JDK whose java does nothing)
# is a failure, named as such, not a crash of the summary.
mkdir -p "$work/no-op-jdk/bin"
printf '#!/bin/sh\nexit 0\n' >"$work/no-op-jdk/bin/java"
chmod +x "$work/no-op-jdk/bin/java"
run env JAVA_HOME="$work/no-op-jdk" "$ROOT/run_clients.sh" 1 --start-id 3 --port "$port" --dir "$work/empty"
check "run_clients.sh fails when a client exits 0 without its file" test "$status" -eq 1
check "... naming it" printed "1 of 1 clients failed, ids: 3 \(exit 0, but received_bio_3.txt is gone\)$"

# Every script a person may run answers --help, and refuses an unknown option before it
# does anything. Left out: .ci/run, report/scripts/report.sh and report/scripts/screenshots.sh, which with a
# broken guard would start a whole CI run or report from inside this test.
shows_usage() { succeeded && printed '^Usage: '; }
while IFS= read -r script; do
  name=${script#"$ROOT"/}
  [[ $name == report/scripts/report.sh || $name == report/scripts/screenshots.sh ]] && continue
  run "$script" --help
  check "$name --help prints its usage" shows_usage
  run "$script" --no-such-option
  check "$name refuses an unknown option (exit 2)" test "$status" -eq 2
done < <(find "$ROOT" \( -path "$ROOT/build" -o -path "$ROOT/lib" -o -path "$ROOT/.git" \) -prune \
  -o -name '*.sh' -type f -perm -u+x -print | sort)

# Each user-facing script checks first what it needs beyond bash, and on a system without
# it refuses in one line with exit 1, before doing anything. Each is asked for --help, so
# one that failed to refuse would print its usage and exit 0.
# refused_in_one_line REGEX: true if the last command exited 1, printing one line, matching REGEX.
refused_in_one_line() {
  ((status == 1)) && (($(wc -l <<<"$output") == 1)) && grep -Eq -- "$1" <<<"$output"
}
# An old bash, played by a bash that sets BASH_VERSION (BASH_VERSINFO is read-only) and
# then reads the script.
for script in run_server.sh run_clients.sh check_diff.sh cluster/run_cluster.sh; do
  run bash -c 'BASH_VERSION="3.2.57(1)-release"; source "$0" "$@"' "$ROOT/$script" --help
  check "$script refuses macOS's bash 3.2 in one line, exit 1" \
    refused_in_one_line "^${script##*/}: needs bash [45]\.[0-9] or newer, and this is bash 3\.2\.57: "
done
run bash -c 'BASH_VERSION="5.0.18(1)-release"; source "$0" "$@"' "$ROOT/run_clients.sh" --help
check "run_clients.sh refuses bash 5.0 (it waits with wait -n -p)" refused_in_one_line '^run_clients\.sh: needs bash 5\.1 or newer'
# BSD stat and find, played by stand-ins first on PATH.
mkdir -p "$work/bsd-bin"
printf '#!/bin/sh\necho "stat: illegal option -- c" >&2\nexit 1\n' >"$work/bsd-bin/stat"
printf '#!/bin/sh\necho "find: -printf: unknown primary or operator" >&2\nexit 1\n' >"$work/bsd-bin/find"
chmod +x "$work/bsd-bin/stat" "$work/bsd-bin/find"
run env PATH="$work/bsd-bin:$PATH" "$ROOT/run_clients.sh" --help
check "run_clients.sh refuses a BSD stat in one line, exit 1" refused_in_one_line '^run_clients\.sh: needs GNU stat \(stat -c\): install '
run env PATH="$work/bsd-bin:$PATH" "$ROOT/check_diff.sh" --help
check "check_diff.sh refuses a BSD find in one line, exit 1" refused_in_one_line '^check_diff\.sh: needs GNU find \(-printf\) and GNU sort'
run env PATH="$work/bsd-bin:$PATH" "$ROOT/run_server.sh" --help
check "run_server.sh, which uses neither, does not refuse them" test "$status" -eq 0
# No /proc: an empty file system mounted over it, in a mount namespace of its own (root only).
if unshare -m --propagation private sh -c 'mount -t tmpfs none /proc' 2>/dev/null; then
  for script in run_server.sh cluster/run_cluster.sh; do
    # shellcheck disable=SC2016 # "$0" is sh's, not this script's
    run unshare -m --propagation private sh -c 'mount -t tmpfs none /proc && exec "$0" --help' "$ROOT/$script"
    check "$script refuses a system without /proc in one line, exit 1" \
      refused_in_one_line "^${script##*/}: needs Linux's /proc, which this system lacks: "
  done
else
  echo "skipped - the refusal without /proc (a mount namespace needs root)"
fi

summary
