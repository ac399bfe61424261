#!/usr/bin/env bash
# End-to-end test of a server killed (SIGKILL) in the middle of transfers: the clients
# must say their copies are incomplete and exit non-zero, and after a restart --resume
# must complete every copy byte-identical, fetching only the bytes that were missing.
# Real processes throughout, on a free loopback port, every file in a temporary directory.
set -euo pipefail

ROOT=$(readlink -f "$(dirname "${BASH_SOURCE[0]}")/..")
# shellcheck source=lib.sh
source "$ROOT/test/lib.sh"

CLIENTS=3
# Each client must have at least this much before the kill, so it is truly mid-way.
MIN_PARTIAL=20000
WAIT_S=60

if wants_help "$@"; then
  echo "Usage: ${0##*/}"
  echo "Serves a copy of bio.txt one byte per write (so a transfer takes minutes), starts"
  echo "$CLIENTS clients, kills the server with SIGKILL once each has part of the file, checks"
  echo "that the clients failed saying so, restarts the server, resumes the clients with"
  echo "--resume and checks every copy. Prints one line per check; exits 1 if one fails."
  exit 0
fi
(($# == 0)) || usage_error "takes no arguments"

make_work_dir
received=$work/received
use_own_server_files

# Stops what this test started that still runs: the clients (run_clients.sh stops its own
# children when it gets SIGTERM) and the server.
clients_pid=
cleanup() {
  [[ -z $clients_pid ]] || stop_process "$clients_pid" 10 run_clients.sh
  stop_own_server
}

# all_mid_way: true once every client's file holds more than MIN_PARTIAL bytes; gives up
# if one is complete, since then the kill would not be mid-transfer.
all_mid_way() {
  local id size
  for ((id = 1; id <= CLIENTS; id++)); do
    size=$(size_of "$received/received_bio_$id.txt")
    ((size < size_total)) || give_up "client $id finished before the kill; the transfer is too fast"
    ((size > MIN_PARTIAL)) || return 1
  done
}

ensure_built
cp "$ROOT/bio.txt" "$work/bio.txt"
size_total=$(stat -c %s "$work/bio.txt")
port=$(free_port)

# 1. A server that sends one byte per write, and clients that are mid-way through.
output=$("$ROOT/run_server.sh" --background --port "$port" --file "$work/bio.txt" --chunk 1 2>&1) ||
  give_up "the server did not start: $output"
server_pid=$(<"$SERVER_PID_FILE")
"$ROOT/run_clients.sh" "$CLIENTS" --port "$port" --dir "$received" --retries 0 >"$work/first.out" 2>&1 &
clients_pid=$!
wait_ready "$clients_pid" "$WAIT_S" all_mid_way ||
  give_up "the clients did not all receive $MIN_PARTIAL bytes within $WAIT_S s"

# 2. SIGKILL: no shutdown hook, no goodbye; the kernel just closes the sockets.
kill -KILL "$server_pid"
status=0
wait "$clients_pid" || status=$?
clients_pid=
output=$(<"$work/first.out")
check "the clients exit non-zero when the server is killed" test "$status" -ne 0
check "... each saying its copy is incomplete and how to continue" test "$(count \
  "^client [0-9]+: connection (closed|failed \(.*\)) after [0-9]+ of $size_total bytes; run again with --resume to continue$")" \
  -eq "$CLIENTS"
check "... and none claims a verified copy" test "$(count '^client [0-9]+: .*, verified ')" -eq 0

declare -a partial=()
all_kept=true
for ((id = 1; id <= CLIENTS; id++)); do
  partial[id]=$(size_of "$received/received_bio_$id.txt")
  # The client says how much it has; its file must hold exactly that.
  grep -Eq "^client $id: .* after ${partial[id]} of $size_total bytes" <<<"$output" || all_kept=false
  [[ -s $received/received_bio_$id.txt.etag ]] || all_kept=false
  ((partial[id] > 0 && partial[id] < size_total)) || all_kept=false
done
check "... each partial file holds exactly the bytes reported, with its ETag kept" "$all_kept"
output=$(cmp "$received/received_bio_1.txt" "$work/bio.txt" 2>&1 || true)
check "... and is a true prefix of the file (cmp stops only at its end)" \
  grep -q "EOF on $received/received_bio_1.txt" <<<"$output"
output=

# 3. Restart (normal chunks) and resume.
rm -f "$SERVER_PID_FILE"
output=$("$ROOT/run_server.sh" --background --port "$port" --file "$work/bio.txt" 2>&1) ||
  give_up "the server did not restart: $output"
status=0
output=$("$ROOT/run_clients.sh" "$CLIENTS" --port "$port" --dir "$received" --resume 2>&1) || status=$?
check "every client resumes successfully after the restart" test "$status" -eq 0
all_resumed=true
for ((id = 1; id <= CLIENTS; id++)); do
  grep -Eq "^client $id: $size_total bytes in .*\(resumed at ${partial[id]}\), verified sha-256$" <<<"$output" ||
    all_resumed=false
done
check "... each from exactly where it stopped, verified by SHA-256" "$all_resumed"
missing=0
for ((id = 1; id <= CLIENTS; id++)); do
  missing=$((missing + size_total - partial[id]))
done
check "... the summary's aggregate counting only the bytes of this run ($missing)" grep -Eq \
  "^$CLIENTS/$CLIENTS verified in [0-9.]+ s, .* aggregate \($missing bytes this run, the rest resumed\)$" <<<"$output"

log=$(<"$SERVER_LOG_FILE")
only_missing=true
for ((id = 1; id <= CLIENTS; id++)); do
  grep -Eq " id=$id \"GET /bio.txt HTTP/1.1\" 206 $((size_total - partial[id])) bytes " <<<"$log" ||
    only_missing=false
done
output=$log
check "... the server sending each only the bytes it was missing (206)" "$only_missing"

status=0
output=$("$ROOT/check_diff.sh" "$received" --original "$work/bio.txt" 2>&1) || status=$?
check "check_diff.sh finds every copy identical" test "$status" -eq 0
check "... all $CLIENTS of them" grep -q "^$CLIENTS of $CLIENTS identical$" <<<"$output"
output=$(ls -a "$received")
check "the ETag files are gone once the copies are verified" test "$(count '\.etag$')" -eq 0

status=0
output=$("$ROOT/run_server.sh" --stop 2>&1) || status=$?
check "the restarted server stops cleanly" test "$status" -eq 0
check "... its log ending with the clean-shutdown line" server_log_ends_cleanly

summary
