#!/usr/bin/env bash
# The chunk rule at the kernel: the real server, under strace, sends a file to a slow
# reader, and every write(2) on the connection is checked. SocketWritesTest (JUnit, JFR)
# shows that each of the server's writes hands the socket the head or exactly one chunk;
# this shows what reaches the kernel: no system call carries more than one chunk, and
# when the kernel takes only part of one (a non-blocking socket under back-pressure),
# the next call carries exactly the rest of that chunk, never the start of the next.
set -euo pipefail

ROOT=$(readlink -f "$(dirname "${BASH_SOURCE[0]}")/..")
# shellcheck source=lib.sh
source "$ROOT/test/lib.sh"

SIZE=$(stat -c %s "$ROOT/bio.txt")
CHUNK=1000
START_TIMEOUT_S=20

if wants_help "$@"; then
  echo "Usage: ${0##*/}"
  echo "Runs the server under strace on each JDK installed (java on PATH, with platform"
  echo "threads, and the newest JDK 21+, with virtual threads), downloads a $SIZE-byte"
  echo "file with a slow reader, and checks every write(2) the server makes on that"
  echo "connection against the $CHUNK-byte chunk rule. Needs strace and python3."
  echo "Prints one line per check; exits 1 if one fails."
  exit 0
fi
(($# == 0)) || usage_error "takes no arguments"
command -v strace >/dev/null || die "strace is not installed (Debian package strace)"

make_work_dir
strace_pid=
cleanup() {
  if [[ -n $strace_pid ]]; then
    pkill -KILL -P "$strace_pid" 2>/dev/null || true
    kill -KILL "$strace_pid" 2>/dev/null || true
    wait "$strace_pid" 2>/dev/null || true
  fi
}

mkdir "$work/www"
cp "$ROOT/bio.txt" "$work/www/bio.txt"
ensure_built

# slow_read PORT: downloads /bio.txt through a 32 KiB receive buffer, 16 KiB per read
# with a 2 ms pause, so the server meets a full socket buffer; prints the head's length,
# the body's length and the body's SHA-256.
slow_read() {
  python3 - "$1" <<'EOF'
import hashlib, socket, sys, time
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 32 * 1024)
s.settimeout(30)
s.connect(("127.0.0.1", int(sys.argv[1])))
s.sendall(b"GET /bio.txt HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
data = bytearray()
while chunk := s.recv(16 * 1024):
    data += chunk
    time.sleep(0.002)
head, _, body = bytes(data).partition(b"\r\n\r\n")
print(len(head) + 4, len(body), hashlib.sha256(body).hexdigest())
EOF
}

# check_writes TRACE HEAD_LENGTH BODY_LENGTH: reads strace's output and checks the writes
# on the one accepted connection: the head, then chunks of CHUNK bytes, each chunk's bytes
# in one call unless the kernel took part of it, and then the rest of it alone in the next.
# Prints a summary line, or what broke the rule; fails if something did.
check_writes() {
  python3 - "$1" "$2" "$3" "$CHUNK" <<'EOF'
import re, sys
trace, head, size, chunk = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
call = re.compile(r'^(\d+) +(\w+)\((\d+), [^,]*, (\d+)(?:, [^)]*)?\)? *(?:<unfinished \.\.\.>|= (-?\d+)(.*))$')
resumed = re.compile(r'^(\d+) +<\.\.\. (\w+) resumed>.*= (-?\d+)(.*)$')
accepted = re.compile(r'^(\d+) +(?:accept4?\(\d+|<\.\.\. accept4? resumed>).*= (\d+)$')
pending, calls, fd = {}, [], None
for line in open(trace):
    m = accepted.match(line)
    if m:
        fd = int(m.group(2))
        continue
    m = call.match(line)
    if m and m.group(2) in ("write", "sendto", "send"):
        tid, name, f, count, ret, rest = m.groups()
        if ret is None:
            pending[tid] = (int(f), int(count))
        elif fd is not None and int(f) == fd:
            calls.append((int(count), int(ret), rest))
        continue
    m = resumed.match(line)
    if m and m.group(1) in pending:
        f, count = pending.pop(m.group(1))
        if fd is not None and f == fd:
            calls.append((count, int(m.group(3)), m.group(4)))
if fd is None:
    sys.exit("no accepted connection in the trace")
units = [head] + [min(chunk, size - start) for start in range(0, size, chunk)]
unit, left, eagain, partial, biggest = 0, units[0], 0, 0, 0
for number, (count, ret, rest) in enumerate(calls, 1):
    biggest = max(biggest, count)
    if unit == len(units):
        sys.exit(f"write {number}: {count} bytes after the whole response was sent")
    if count != left:
        what = "the head" if unit == 0 else f"chunk {unit} of {len(units) - 1}"
        sys.exit(f"write {number} asks to send {count} bytes, but {what} has {left} bytes left to send")
    if ret < 0:
        if "EAGAIN" not in rest:
            sys.exit(f"write {number} failed: {rest.strip()}")
        eagain += 1
        continue
    if ret < count:
        partial += 1
    left -= ret
    if left == 0:
        unit += 1
        left = units[unit] if unit < len(units) else 0
if unit != len(units):
    sys.exit(f"the trace ends after {len(calls)} writes, {len(units) - unit} of {len(units)} pieces not sent")
print(f"{len(calls)} write calls for the head and {len(units) - 1} chunks, the largest {biggest} bytes; "
      f"{partial} partial, {eagain} EAGAIN")
EOF
}

# serve_traced JAVA KIND: runs the server on --threads KIND under strace, downloads once, stops the
# server with SIGTERM, and checks the trace.
serve_traced() {
  local java=$1 label=$2 trace=$work/$2.trace log=$work/$2.log
  strace -f -qq -e trace=accept,accept4,write,sendto -e signal=none -s 0 -o "$trace" \
    "$java" -cp "$ROOT/build/classes" Server --port 0 --threads "$label" --file "$work/www/bio.txt" >"$log" 2>&1 &
  strace_pid=$!
  local port=''
  if ! wait_ready "$strace_pid" "$START_TIMEOUT_S" grep -q 'listening on http://127\.0\.0\.1:[0-9]*/' "$log"; then
    status=1 output=$(cat "$log")
    check "$label: the server starts under strace" false
    return
  fi
  port=$(sed -n 's|.*listening on http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' "$log")
  run slow_read "$port"
  local head_length body_length digest
  read -r head_length body_length digest <<<"$output"
  check "$label: the slow reader gets the whole file" \
    test "$body_length $digest" = "$SIZE $(sha256sum <"$work/www/bio.txt" | cut -d' ' -f1)"
  pkill -TERM -P "$strace_pid" || true
  wait "$strace_pid" || true
  strace_pid=
  check "$label: the server ran on $label threads" grep -q "on $label threads" "$log"
  run check_writes "$trace" "$head_length" "$SIZE"
  echo "    $label: $output"
  check "$label: every write(2) on the connection keeps to the $CHUNK-byte chunk rule" test "$status" -eq 0
}

# The checker itself, on made-up traces of a 2500-byte file with a 100-byte head: the
# kernel takes part of a chunk only now and then, so both ways it can go are shown here.
fake_trace() { printf '%s\n' "$@" >"$work/fake.trace"; }
fake_trace '7 accept4(5, {...}, [28], SOCK_CLOEXEC) = 9' '7 write(9, ""..., 100) = 100' \
  '7 write(9, ""..., 1000) = 1000' '7 write(9, ""..., 1000 <unfinished ...>' '8 write(1, ""..., 50) = 50' \
  '7 <... write resumed>) = 600' '7 write(9, ""..., 400) = -1 EAGAIN (Resource temporarily unavailable)' \
  '7 write(9, ""..., 400) = 400' '7 write(9, ""..., 500) = 500'
run check_writes "$work/fake.trace" 100 2500
check "the checker passes a chunk the kernel took in two parts" test "$status" -eq 0
fake_trace '7 accept(5, {...}, [28]) = 9' '7 write(9, ""..., 100) = 100' '7 write(9, ""..., 1000) = 600' \
  '7 write(9, ""..., 1000) = 1000' '7 write(9, ""..., 900) = 900'
run check_writes "$work/fake.trace" 100 2500
check "the checker fails a write that starts the next chunk before the rest of a partial one" \
  test "$status" -ne 0
fake_trace '7 accept(5, {...}, [28]) = 9' '7 write(9, ""..., 1100) = 1100' '7 write(9, ""..., 1000) = 1000' \
  '7 write(9, ""..., 500) = 500'
run check_writes "$work/fake.trace" 100 2500
check "the checker fails a head merged into the first chunk" test "$status" -ne 0

serve_traced "$(command -v java)" platform
if newest=$(newest_jdk 21); then
  serve_traced "$newest/bin/java" virtual
else
  echo "skipped - virtual threads: no JDK 21+ in \$JAVA_HOME or /usr/lib/jvm"
fi

summary
