#!/usr/bin/env bash
# End-to-end test of cluster/run_cluster.sh: three replicas of the server, each in a
# network namespace of its own, behind HAProxy. 50 clients through the balancer; what an
# operator watches (HAProxy's stats and exporter, the replicas' /metrics, hidden from the
# public); a rolling update that must never splice two versions; a replica killed
# mid-transfer, its clients finishing with --resume on the others, and Prometheus seeing
# it; and a --stop that leaves nothing behind. Real processes, files in a temporary directory.
set -euo pipefail

ROOT=$(readlink -f "$(dirname "${BASH_SOURCE[0]}")/..")
# shellcheck source=lib.sh
source "$ROOT/test/lib.sh"
# shellcheck source=cluster_fixture.sh
source "$ROOT/test/cluster_fixture.sh"

CLUSTER=$ROOT/cluster/run_cluster.sh
CLIENTS=50
FAILOVER_CLIENTS=20
BIG_SIZE=$((40 * 1024 * 1024))
# Each replica's link in the failover drill, in Mbit/s, until replica 1 is killed: so
# slow that no client can finish before the last of the 20 client JVMs has started (on a
# busy machine that takes many seconds). The cap is lifted once replica 1 is down.
RATE=20
WAIT_S=120
# Where the rolling update's partial copies end, and the bytes the new version changes:
# one before that point and one after, so only If-Range can tell a splice apart.
PARTIAL=5000000
CHANGED_BYTES=(100 7000000)

if wants_help "$@"; then
  echo "Usage: ${0##*/}"
  echo "As root, with ip, tc and haproxy: starts 3 replicas behind HAProxy with"
  echo "cluster/run_cluster.sh, runs $CLIENTS clients through it and checks every copy and"
  echo "that every replica served some; checks HAProxy's stats page and exporter, a replica's"
  echo "/metrics (promtool, where installed) and the balancer's 404 for the replicas' status;"
  echo "updates one replica's file and checks that a resume never splices the two versions;"
  echo "then serves a 40 MiB file to $FAILOVER_CLIENTS clients, kills replica 1 mid-transfer,"
  echo "checks that its clients fail clearly and that --resume through the balancer completes"
  echo "them on the others (206), and (where prometheus is installed) that Prometheus saw it;"
  echo "after each --stop, checks that no namespace, link, process or file is left."
  echo "Elsewhere (not root, no network namespaces) prints one \"skipped: ...\" line and"
  echo "exits 0. Prints one line per check; exits 1 if one fails."
  exit 0
fi
(($# == 0)) || usage_error "takes no arguments"

skip() {
  echo "skipped: the cluster test: $1"
  exit 0
}
((EUID == 0)) || skip "it needs root, to make network namespaces"
for tool in ip:iproute2 tc:iproute2 haproxy:haproxy socat:socat python3:python3 curl:curl unshare:util-linux; do
  command -v "${tool%%:*}" >/dev/null || skip "${tool%%:*} is not installed (apt-get install ${tool#*:})"
done
if ! probe=$(unshare --net ip link add fsprobe0 type veth peer name fsprobe1 2>&1); then
  skip "no network namespaces with veth links here (${probe:-unshare failed})"
fi

make_work_dir
# The cluster's state goes here, so a cluster the user runs in cluster/run is left alone.
export CLUSTER_RUN_DIR=$work/run
clients_pid=
touch "$work/started"

cleanup() {
  [[ -z $clients_pid ]] || stop_process "$clients_pid" 10 run_clients.sh
  "$CLUSTER" --stop >/dev/null 2>&1 || true
  if ((failures)); then
    show_cluster_logs
  fi
}

ensure_built
port=$(free_port)
stats_port=$(free_port)
prometheus_port=$(free_port)
while [[ $stats_port == "$port" || $prometheus_port == "$port" || $prometheus_port == "$stats_port" ]]; do
  stats_port=$(free_port)
  prometheus_port=$(free_port)
done
size=$(stat -c %s "$ROOT/bio.txt")

# --- Refusals, before anything is made.
part "refusals"
if ! unshare --net tc qdisc add dev lo root netem delay 1ms >/dev/null 2>&1; then
  run "$CLUSTER" --background --port "$port" --delay 20 --loss 0.5
  check "--delay and --loss are refused where the kernel has no netem" failed
  check "... saying so in one line" printed '^run_cluster\.sh: --delay and --loss need tc netem, which this kernel lacks .*; nothing was started$'
  check "... and nothing was made" test ! -e "$CLUSTER_RUN_DIR/state"
fi
# A PATH with everything but haproxy (where Debian puts it, /usr/sbin, is left out).
if [[ $(command -v haproxy) != /usr/bin/* && $(command -v haproxy) != /bin/* ]]; then
  mkdir "$work/bin"
  ln -s "$(command -v ip)" "$(command -v tc)" "$(command -v socat)" "$work/bin/"
  run env PATH="$work/bin:/usr/bin:/bin" "$CLUSTER" --background --port "$port"
  check "without haproxy, --background refuses, naming it" \
    printed '^run_cluster\.sh: haproxy is not installed \(apt-get install haproxy\)'
fi
# As nobody, where nobody may read the scripts at all.
nobody=(setpriv --reuid=65534 --regid=65534 --clear-groups)
if command -v setpriv >/dev/null && "${nobody[@]}" test -r "$CLUSTER" -a -r "$ROOT/scripts/common.sh"; then
  run "${nobody[@]}" "$CLUSTER" --status
  check "not root, it refuses, saying so" printed '^run_cluster\.sh: must run as root'
fi

# --- 1. 50 clients through the balancer.
part "$CLIENTS clients through the balancer"
start_cluster
run "$CLUSTER" --background --port "$port"
check "a second --background is refused while the cluster runs" printed 'a cluster is already running'
run env CLUSTER_RUN_DIR="$work/other" "$CLUSTER" --background --port "$port"
check "--background on a port in use is refused" printed "something already accepts connections on 127\.0\.0\.1 port $port"

run "$CLUSTER" --status
check "--status prints one line per replica, each up" test "$(count '^replica [1-3]: 198\.18\.[0-9.]+:5050, .*: up \(HAProxy: UP')" -eq 3
check_watching

# The validators come from the content: three copies with three mtimes, one ETag.
declare -a etags=() dates=()
for k in 1 2 3; do
  output=$(curl -sSI "http://$(replica_address "$k")/bio.txt" 2>&1) || true
  etags[k]=$(header ETag)
  dates[k]=$(header Last-Modified)
done
output="ETags: ${etags[*]}; Last-Modified: ${dates[*]}"
check "every replica sends the same ETag for its own copy" \
  test -n "${etags[1]}" -a "${etags[1]}" = "${etags[2]}" -a "${etags[1]}" = "${etags[3]}"
check "... though each copy has another mtime (Last-Modified)" \
  test "$(printf '%s\n' "${dates[@]}" | sort -u | wc -l)" -eq 3

run bash -c 'curl -sSf "http://127.0.0.1:$1/bio.txt" | cmp - "$2"' _ "$port" "$ROOT/bio.txt"
check "curl through the balancer downloads bio.txt byte for byte" succeeded

run "$ROOT/run_clients.sh" "$CLIENTS" --port "$port" --dir "$work/received"
check "run_clients.sh $CLIENTS through the balancer: $CLIENTS/$CLIENTS verified" \
  printed "^$CLIENTS/$CLIENTS verified in "
run "$ROOT/check_diff.sh" "$work/received"
check "check_diff.sh: $CLIENTS of $CLIENTS identical" printed "^$CLIENTS of $CLIENTS identical$"
wait_until 5 count_served || true
output="replicas 1, 2, 3 served ${served[*]}"
check "every replica served some of them ($output)" test "${served[1]}" -gt 0 -a "${served[2]}" -gt 0 -a "${served[3]}" -gt 0
check "... and all $CLIENTS between them, each once" test "$total" -eq "$CLIENTS"

# --- 2. A rolling update: replica 2 gets a new version of bio.txt, the same size, with
# one byte changed before the partial copies end and one after. A resume of an old
# partial copy must get the whole new file from replica 2 (200: If-Range no longer
# matches), and the rest of the old one from another replica (206): never a splice.
part "a rolling update"
cp "$ROOT/bio.txt" "$work/bio-v2.txt"
for offset in "${CHANGED_BYTES[@]}"; do
  flip_byte "$work/bio-v2.txt" "$offset"
done
v1_etag=${etags[1]}
# What a client cut off at PARTIAL bytes of the old version keeps.
old_partial() {
  mkdir -p "$work/rolling"
  head -c "$PARTIAL" "$ROOT/bio.txt" >"$work/rolling/received_bio_$1.txt"
  echo "$v1_etag" >"$work/rolling/received_bio_$1.txt.etag"
}
copy=$CLUSTER_RUN_DIR/replica-2/bio.txt
cp "$work/bio-v2.txt" "$copy.new"
mv "$copy.new" "$copy" # atomic: a request sees the old file or the new, never half of one

run "$CLUSTER" --set-replica 1 maint
run "$CLUSTER" --set-replica 3 maint
check "replicas 1 and 3 out of rotation: only the updated one serves" printed '^replica 3: maint \(HAProxy: MAINT'
output=$(curl -sS -D - -o "$work/rolling-curl.txt" -H "Range: bytes=$PARTIAL-" -H "If-Range: $v1_etag" \
  "http://127.0.0.1:$port/bio.txt" 2>&1) || true
check "a Range with the old ETag in If-Range gets 200, the whole new version" printed '^HTTP/1\.1 200 '
check "... with a new ETag" test -n "$(header ETag)" -a "$(header ETag)" != "$v1_etag"
run cmp "$work/rolling-curl.txt" "$work/bio-v2.txt"
check "... byte for byte" succeeded
old_partial 101
run "$ROOT/run_clients.sh" 1 --start-id 101 --port "$port" --dir "$work/rolling" --resume --retries 0
check "the client resuming an old partial copy there succeeds" printed "^client 101: $size bytes in .*, verified sha-256$"
check "... starting over, not resuming" test "$(count 'resumed at')" -eq 0
run cmp "$work/rolling/received_bio_101.txt" "$work/bio-v2.txt"
check "... and its copy is the new version, whole" succeeded
check "... which replica 2 sent with 200" wait_until 5 sent_whole 101 200 "$size" 2

run "$CLUSTER" --set-replica 2 maint
run "$CLUSTER" --set-replica 1 ready
run "$CLUSTER" --set-replica 3 ready
check "replica 2 out of rotation, 1 and 3 back" printed '^replica 3: ready \(HAProxy: UP'
old_partial 102
run "$ROOT/run_clients.sh" 1 --start-id 102 --port "$port" --dir "$work/rolling" --resume --retries 0
check "the same resume on an old replica continues where it stopped" \
  printed "^client 102: $size bytes in .* \(resumed at $PARTIAL\), verified sha-256$"
run cmp "$work/rolling/received_bio_102.txt" "$ROOT/bio.txt"
check "... and its copy is the old version, whole" succeeded
check "... from replica 1 or 3 with 206, the rest only" wait_until 5 sent_whole 102 206 $((size - PARTIAL)) 1 3

check_cleanup

# --- 3. Failover: 20 clients of a 40 MiB file, replica 1 killed mid-transfer.
part "failover"
mkdir -p "$work/big"
java -cp "$ROOT/build/classes" fileserver.tools.BioGenerator --size "$BIG_SIZE" "$work/big/bio.txt" >/dev/null ||
  give_up "could not generate the 40 MiB file"
with_prometheus=()
if command -v prometheus >/dev/null; then
  with_prometheus=(--prometheus --prometheus-port "$prometheus_port")
else
  echo "skipped: Prometheus in the failover drill (no prometheus: apt-get install prometheus)"
fi
start_cluster --file "$work/big/bio.txt" --rate "$RATE" "${with_prometheus[@]}"
output=$(tc -n "$(awk '$1 == "link" { print $2; exit }' <<<"$made")" qdisc show dev eth0)
check "each replica's link is capped at $RATE Mbit/s (tc tbf)" printed "^qdisc tbf .* rate ${RATE}Mbit "

failover=$work/failover
"$ROOT/run_clients.sh" "$FAILOVER_CLIENTS" --port "$port" --dir "$failover" --retries 0 >"$work/failover.out" 2>&1 &
clients_pid=$!
status=0
wait_ready "$clients_pid" "$WAIT_S" every_client_has_bytes || status=$?
((status != 1)) || give_up "the clients ended before every one had some bytes: $(tail -n 3 "$work/failover.out")"
((status != 2)) || give_up "the $FAILOVER_CLIENTS clients did not all receive bytes within $WAIT_S s"
((${#with_prometheus[@]} == 0)) || prometheus_before_kill
run "$CLUSTER" --kill-replica 1
check "--kill-replica 1 kills it mid-transfer, and HAProxy marks it down" \
  printed '^replica 1 \(.*\) killed with SIGKILL while it served [0-9]+ connections; HAProxy marked it down after '
cut=$(sed -nE 's/.* while it served ([0-9]+) connections.*/\1/p' <<<"$output")
cut=${cut:-0}
check "... cutting $cut transfers short (at least one)" test "$cut" -gt 0
# The survivors' links at full speed again, so the rest takes seconds, not minutes.
while read -r netns; do
  [[ $netns == *-r1 ]] || tc -n "$netns" qdisc del dev eth0 root
done < <(awk '$1 == "link" { print $2 }' <<<"$made")

status=0
wait "$clients_pid" || status=$?
clients_pid=
output=$(<"$work/failover.out")
check "run_clients.sh fails" failed
check "... each client of replica 1 saying its copy is incomplete and to --resume" test "$(count \
  "^client [0-9]+: connection (closed|failed \(.*\)) after [0-9]+ of $BIG_SIZE bytes; run again with --resume to continue$")" \
  -eq "$cut"
check "... and the others verified" printed "^$((FAILOVER_CLIENTS - cut))/$FAILOVER_CLIENTS verified in "
read -r -a cut_ids <<<"$(sed -nE 's/^client ([0-9]+): connection .* run again with --resume to continue$/\1/p' <<<"$output" | tr '\n' ' ')"
check "... each of those exiting 1" printed "$cut of $FAILOVER_CLIENTS clients failed, ids: ([0-9]+ \(exit 1\)(, )?){$cut}$"

run "$CLUSTER" --status
check "--status shows replica 1 down, killed" printed '^replica 1: .*, killed \(SIGKILL\): down \(HAProxy: DOWN'

# Resume each cut-off client through the balancer, all at once.
declare -A partial=() resume_pid=()
for id in "${cut_ids[@]}"; do
  partial[$id]=$(size_of "$failover/received_bio_$id.txt")
  "$ROOT/run_clients.sh" 1 --start-id "$id" --port "$port" --dir "$failover" --resume --retries 0 \
    >"$work/resume-$id.out" 2>&1 &
  resume_pid[$id]=$!
done
all_resumed=true
all_206=true
for id in "${cut_ids[@]}"; do
  wait "${resume_pid[$id]}" || all_resumed=false
  grep -Eq "^client $id: $BIG_SIZE bytes in .*\(resumed at ${partial[$id]}\), verified sha-256$" "$work/resume-$id.out" ||
    all_resumed=false
done
for id in "${cut_ids[@]}"; do
  wait_until 5 sent_whole "$id" 206 $((BIG_SIZE - partial[$id])) 2 3 || all_206=false
done
output=$(cat "$work"/resume-*.out 2>/dev/null || true)
check "--resume through the balancer completes each, from where it stopped, verified" "$all_resumed"
output=$(replica_log 2; replica_log 3)
check "... replicas 2 and 3 sending each only the rest (206)" "$all_206"
run "$ROOT/check_diff.sh" "$failover" --original "$work/big/bio.txt"
check "check_diff.sh: all $FAILOVER_CLIENTS copies of the 40 MiB file identical" \
  printed "^$FAILOVER_CLIENTS of $FAILOVER_CLIENTS identical$"
((${#with_prometheus[@]} == 0)) || prometheus_after_failover

check_cleanup

echo "cluster: took $SECONDS s"
summary
