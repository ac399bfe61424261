# shellcheck shell=bash
# shellcheck disable=SC2154 # status, output, work, CLUSTER and the rest are set by test/cluster.sh and test/lib.sh
# The cluster test's fixture, sourced by test/cluster.sh after test/lib.sh: starting a
# cluster, its replicas' logs and addresses, and checking that --stop leaves nothing.

# part TITLE: a line that says where the test is, and how long it has taken so far.
part() { echo "# $1 (at $SECONDS s)"; }

# replica_log K: replica K's server log, without the balancer's health checks.
replica_log() {
  grep -v 'id=health-check' "$CLUSTER_RUN_DIR/replica-$1.log" 2>/dev/null || true
}

# sent_whole ID STATUS BYTES K...: true if the log of one of replicas K... says it sent
# client ID's transfer whole: its STATUS line for BYTES bytes, or "went away after BYTES of
# BYTES bytes (Connection reset)", where HAProxy closed with RST once it had every byte,
# before the replica's FIN reached it (it does so to free the port).
sent_whole() {
  local id=$1 status=$2 bytes=$3 k
  shift 3
  for k in "$@"; do
    replica_log "$k" |
      grep -Eq " id=$id (\"GET /bio\.txt HTTP/1\.1\" $status $bytes bytes |client went away after $bytes of $bytes bytes \(Connection reset\))" &&
      return 0
  done
  return 1
}

# show_cluster_logs: the end of each replica's log and of HAProxy's, after a failed check.
show_cluster_logs() {
  local log
  for log in "$CLUSTER_RUN_DIR"/replica-*.log "$CLUSTER_RUN_DIR"/haproxy.log; do
    [[ -f $log ]] || continue
    echo "end of $log:"
    grep -v 'id=health-check' "$log" | tail -n 8 | sed 's/^/    /'
  done
}

# replica_address K: replica K's address as --status prints it ("198.18.0.6:5050").
replica_address() {
  "$CLUSTER" --status | sed -nE "s/^replica $1: ([0-9.]+:[0-9]+), .*/\1/p"
}

# header NAME: the value of header NAME in the response head in $output.
header() {
  tr -d '\r' <<<"$output" | sed -nE "s/^$1: *(.*)/\1/Ip" | head -n 1
}

# start_cluster ARGS...: run_cluster.sh --background ARGS; gives up if it fails. Keeps
# what was made (the state file's netns and link names, the PIDs) in $made, for
# check_cleanup.
start_cluster() {
  local options=${*//$work\//}
  run "$CLUSTER" --background --port "$port" "$@"
  check "run_cluster.sh --background${options:+ $options} starts 3 replicas behind HAProxy" \
    printed "^cluster running: HAProxy \(PID [0-9]+, leastconn\) on http://127\.0\.0\.1:$port/bio\.txt, 3 replicas up"
  ((status == 0)) || give_up "the cluster did not start, so nothing else can be checked"
  made=$(<"$CLUSTER_RUN_DIR/state")
}

# check_cleanup: --stop, then nothing of what $made records is left.
check_cleanup() {
  run "$CLUSTER" --stop
  check "run_cluster.sh --stop succeeds" succeeded
  local key name pid left=()
  while read -r key name; do
    case $key in
      netns) [[ ! -e /run/netns/$name ]] || left+=("namespace $name") ;;
      link) ! ip link show "$name" >/dev/null 2>&1 || left+=("link $name") ;;
      haproxy | pid) pid=${name##* } && gone "$pid" || left+=("PID $pid") ;;
    esac
  done <<<"$made"
  # Any process at all still using the cluster's directory (its config, its files).
  for pid in $(pgrep -f -- "$CLUSTER_RUN_DIR/" || true); do
    left+=("PID $pid ($(ps -o args= -p "$pid" 2>/dev/null || true))")
  done
  output=${left[*]:-}
  check "... leaving no namespace, link or process it made" test "${#left[@]}" -eq 0
  output=$(cd "$CLUSTER_RUN_DIR" && ls -A)
  check "... and in its directory only the logs" test -z "$(grep -Evx 'haproxy\.log|replica-[0-9]+\.log' <<<"$output")"
  # Nothing new in the repository either (build/ may be remade by make; .git is git's).
  output=$(find "$ROOT" \( -path "$ROOT/.git" -o -path "$ROOT/build" -o -path "$ROOT/lib" \) -prune \
    -o -newer "$work/started" -print)
  check "... and no file outside it" test -z "$output"
}
