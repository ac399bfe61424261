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

# count_served: how many whole transfers each replica logged (see sent_whole), in served
# and total. A replica logs a transfer once its client has closed, which may come just
# after the client's exit, so the test waits a little for all of them.
count_served() {
  served=()
  total=0
  local k
  for k in 1 2 3; do
    served[k]=$(replica_log "$k" |
      grep -Ec " id=[0-9]+ (\"GET /bio\.txt HTTP/1\.1\" 200 $size bytes |client went away after $size of $size bytes \(Connection reset\))") ||
      true
    total=$((total + served[k]))
  done
  ((total >= CLIENTS))
}

# every_client_has_bytes: true once every client's file holds some of the file (one
# stat for all: on a busy machine, each process started costs).
every_client_has_bytes() {
  local -a files=()
  local id
  for ((id = 1; id <= FAILOVER_CLIENTS; id++)); do
    files+=("$failover/received_bio_$id.txt")
  done
  (($(stat -c %s -- "${files[@]}" 2>/dev/null | awk '$1 > 0' | wc -l) == FAILOVER_CLIENTS))
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
  run "$CLUSTER" --background --port "$port" --stats-port "$stats_port" "$@"
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
      haproxy | pid | prometheus) pid=${name##* } && gone "$pid" || left+=("PID $pid") ;;
    esac
  done <<<"$made"
  # Any process at all still using the cluster's directory (its config, its files).
  for pid in $(pgrep -f -- "$CLUSTER_RUN_DIR/" || true); do
    left+=("PID $pid ($(ps -o args= -p "$pid" 2>/dev/null || true))")
  done
  output=${left[*]:-}
  check "... leaving no namespace, link or process it made" test "${#left[@]}" -eq 0
  output=$(cd "$CLUSTER_RUN_DIR" && ls -A)
  check "... and in its directory only the logs" test -z "$(grep -Evx '(haproxy|prometheus|replica-[0-9]+)\.log' <<<"$output")"
  # Nothing new in the repository either (build/ may be remade by make; .git is git's).
  output=$(find "$ROOT" \( -path "$ROOT/.git" -o -path "$ROOT/build" -o -path "$ROOT/lib" \) -prune \
    -o -newer "$work/started" -print)
  check "... and no file outside it" test -z "$output"
}

# --- What an operator watches: HAProxy's exporter, the replicas' /metrics, Prometheus.

# promtool_checks NAME URL [LINT_OK]: promtool check metrics on what URL answers. Exit 3
# is promtool's for lint problems alone (the text parsed); LINT_OK accepts it, for HAProxy's
# own names (haproxy_process_failed_resolutions is a counter without _total in 2.6). Exit
# 1 is a parse error, 2 a command-line one; curl's 22 a failed fetch.
promtool_checks() {
  local name=$1 url=$2 lint_ok=${3:-}
  if ! command -v promtool >/dev/null; then
    echo "skipped: promtool check metrics on $name (no promtool: apt-get install prometheus)"
    return
  fi
  run bash -c 'set -o pipefail; curl -sSf "$1" | promtool check metrics' _ "$url"
  if [[ -n $lint_ok ]]; then
    check "promtool check metrics parses $name, finding no more than lint of HAProxy's own names" \
      test "$status" -eq 0 -o "$status" -eq 3
  else
    check "promtool check metrics passes $name" succeeded
  fi
}

# prom QUERY: Prometheus's answer to the instant QUERY, one "INSTANCE VALUE" line per
# series, sorted (INSTANCE "-" for a series without one); fails if it does not answer.
prom() {
  curl -sSfG --max-time 2 "http://127.0.0.1:$prometheus_port/api/v1/query" --data-urlencode "query=$1" |
    python3 -c 'import json, sys
for r in json.load(sys.stdin)["data"]["result"]:
    print(r["metric"].get("instance", "-"), r["value"][1])' | sort
}

# prom_is QUERY REGEX: true if prom QUERY's lines, joined by ", ", match the extended
# REGEX whole; keeps "QUERY: answer" in $output for check to show.
prom_is() {
  local answer
  answer=$(prom "$1" 2>&1 | paste -sd, - | sed 's/,/, /g') || true
  output="$1: $answer"
  [[ $answer =~ ^($2)$ ]]
}

# prometheus_before_kill: Prometheus scrapes HAProxy and the replicas, and sees replica 1
# serving; keeps what replicas 2 and 3 had sent whole (200) in before_200.
prometheus_before_kill() {
  check "Prometheus (--prometheus) scrapes HAProxy and the 3 replicas: up is 1 for each" \
    wait_until 10 prom_is up 'haproxy 1, r1 1, r2 1, r3 1'
  check "... and sees replica 1 serving transfers" wait_until 10 prom_is fileserver_transfers_in_flight 'r1 [1-9][0-9]*, r2 [0-9]+, r3 [0-9]+'
  before_200=$(prom 'sum(fileserver_transfers_total{status="200",instance=~"r2|r3"})' | awk '{ print $2 }')
}

# prometheus_after_failover: in Prometheus, replica 1 down and its series gone, and
# replicas 2 and 3's counters having taken over: the whole transfers (200) and the
# resumes (206) that their logs show.
prometheus_after_failover() {
  check "Prometheus: replica 1 down after the kill (up 0), replicas 2 and 3 up" \
    wait_until 10 prom_is 'up{job="fileserver"}' 'r1 0, r2 1, r3 1'
  local whole=0 resumed=() k
  for k in 2 3; do
    resumed[k]=$(replica_log "$k" | grep -c '"GET /bio\.txt HTTP/1\.1" 206 ') || true
    whole=$((whole + $(replica_log "$k" | grep -c '"GET /bio\.txt HTTP/1\.1" 200 '))) || true
  done
  check "... replica 1's series stopped; the survivors' 206s are the resumes their logs show (${resumed[2]} + ${resumed[3]})" \
    wait_until 10 prom_is 'fileserver_transfers_total{status="206"}' "r2 ${resumed[2]}, r3 ${resumed[3]}"
  check "... their 200s rose from ${before_200:-?} by at least the $whole whole transfers they logged (health checks count too)" \
    wait_until 10 prom_is "sum(fileserver_transfers_total{status=\"200\",instance=~\"r2|r3\"}) - ${before_200:-0} >= $whole" '- [0-9.e+]+'
  check "... and their bytes sent are those their logs show, to the byte (health checks send none)" \
    wait_until 10 prom_is fileserver_sent_bytes_total "r2 $(logged_bytes 2), r3 $(logged_bytes 3)"
}

# logged_bytes K: the body bytes replica K's log says it sent: each response's, and for
# a transfer cut short, what it had sent.
logged_bytes() {
  replica_log "$1" | awk '
    match($0, /" [0-9][0-9][0-9] [0-9]+ bytes/) { split(substr($0, RSTART + 2, RLENGTH - 2), n, " "); sum += n[2] }
    match($0, / went away after [0-9]+ of /) { split(substr($0, RSTART, RLENGTH), n, " "); sum += n[4] }
    END { printf "%d\n", sum }'
}

# check_watching: --status's URLs, HAProxy's stats page and exporter, a replica's
# /metrics from this machine, and the balancer keeping the replicas' status from the public.
check_watching() {
  run "$CLUSTER" --status
  check "--status prints the URLs of HAProxy's stats page and metrics" \
    printed "^  HAProxy's stats page: http://127\.0\.0\.1:$stats_port/stats; its metrics: http://127\.0\.0\.1:$stats_port/metrics$"
  check "... and of each replica's /status and /metrics" \
    test "$(count '^  status page: http://198\.18\.[0-9.]+:5050/status; metrics: http://198\.18\.[0-9.]+:5050/metrics$')" -eq 3
  run curl -sSf "http://127.0.0.1:$stats_port/stats"
  check "HAProxy's stats page answers on 127.0.0.1:$stats_port/stats" printed 'Statistics Report for HAProxy'
  run curl -sSf "http://127.0.0.1:$stats_port/metrics"
  check "HAProxy's exporter, on /metrics there, reports each replica UP" \
    test "$(count '^haproxy_server_status\{proxy="replicas",server="r[1-3]",state="UP"\} 1$')" -eq 3
  promtool_checks "HAProxy's /metrics" "http://127.0.0.1:$stats_port/metrics" lint-ok
  local address path unknown answers=''
  address=$(replica_address 1)
  run curl -sSf -D - "http://$address/metrics"
  check "replica 1 answers /metrics to this machine (--status-from the cluster's subnet)" \
    printed '^[Cc]ontent-[Tt]ype: text/plain; version=0\.0\.4'
  promtool_checks "replica 1's /metrics" "http://$address/metrics"
  # What the public gets through the balancer: what an unknown path gets.
  unknown=$(curl -sS "http://127.0.0.1:$port/unknown" -w ' [%{http_code}]' 2>&1 | tr -d '\n')
  for path in /status /status.json /metrics /%73tatus '/metrics?x'; do
    answers+="$path: $(curl -sS "http://127.0.0.1:$port$path" -w ' [%{http_code}]' 2>&1 | tr -d '\n')"$'\n'
  done
  output=$answers
  check "through the balancer, /status, /status.json and /metrics get 404, as an unknown path does" \
    test "$(grep -cF -- ": $unknown" <<<"$answers")" -eq 5 -a "${unknown##* }" = "[404]"
}
