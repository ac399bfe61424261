#!/usr/bin/env bash
# Script test of the server's status endpoints (issue 20): /status, /status.json and
# /metrics on each thread kind, checked by promtool and by headless Chromium while
# rate-limited downloads run; then who may see them (--status-from), from a peer in a
# network namespace. Real processes, every file in a temporary directory.
set -euo pipefail

ROOT=$(readlink -f "$(dirname "${BASH_SOURCE[0]}")/..")
# shellcheck source=lib.sh
source "$ROOT/test/lib.sh"
# shellcheck source=status_page.sh
source "$ROOT/test/status_page.sh"

# The browser test's downloads: so slow that all are still in flight when the page is
# loaded, Chromium's start on a busy machine included (bio.txt takes 100 s at this rate,
# and curl lets through more than its limit). The last id is hostile: it must show as text.
RATE=100k
HOSTILE='<img src=x onerror=alert(1)>'
IDS=(c1 c2 c3 c4 "$HOSTILE")
# A private test subnet for the namespace, apart from the cluster's 198.18.0.0/15.
NET_PREFIX=10.203

if wants_help "$@"; then
  echo "Usage: ${0##*/}"
  echo "Starts the server on a free port, on platform threads (Java on PATH) and on virtual"
  echo "threads (the newest JDK 21+), and checks /status, /status.json and /metrics: types,"
  echo "promtool, neither logged nor counted, the counters after a download, and, in headless"
  echo "Chromium while ${#IDS[@]} downloads run, each client id with its progress, a hostile one as text."
  echo "As root, from a network namespace ($NET_PREFIX.X.0/30): a non-loopback peer gets 404"
  echo "unless --status-from allows it. And --status-from off hides them from loopback. Prints"
  echo "\"skipped: ...\" for what it lacks; one line per check; exits 1 if one fails."
  exit 0
fi
(($# == 0)) || usage_error "takes no arguments"

make_work_dir
use_own_server_files
downloads=() netns=
cleanup() {
  stop_downloads
  stop_own_server
  [[ -z $netns ]] || remove_namespace
}

ensure_built
size=$(stat -c %s "$ROOT/bio.txt")
through=() # the command a request runs under: none, or ip netns exec NS
host=127.0.0.1

# start_server ARGS...: starts the server on a free port (run_server.sh --background ARGS,
# on $JAVA_HOME's java if set) and checks that it started; sets port and base.
start_server() {
  port=$(free_port)
  base=http://$host:$port
  run "$ROOT/run_server.sh" --background --bind "$host" --port "$port" "$@"
  check "the server starts (${*:-no options})" succeeded
  succeeded
}

stop_server() { "$ROOT/run_server.sh" --stop >/dev/null; }

# get PATH [CURL_ARGS...]: requests $base/PATH into $work/body; $output is the status
# code, the Content-Type and the Cache-Control.
get() {
  run "${through[@]}" curl -sS --max-time 20 -o "$work/body" "${@:2}" \
    -w '%{http_code} %{content_type} %header{cache-control}\n' "$base$1"
}

# series_is SERIES VALUE: true if a fresh /metrics (kept in $work/metrics) gives SERIES,
# a name with its labels as /metrics writes them, the numeric VALUE.
series_is() {
  curl -sS --max-time 10 -o "$work/metrics" "$base/metrics" 2>/dev/null || return 1
  awk -v series="$1" -v want="$2" '$1 == series { found = 1; value = $2 }
    END { exit !(found && value + 0 == want + 0) }' "$work/metrics"
}

# metric_reaches SERIES VALUE: series_is, polled for up to 5 s; $output shows what was seen.
metric_reaches() {
  local reached=0
  wait_until 5 series_is "$1" "$2" || reached=1
  status=''
  output="last seen: $(grep -F -- "$1 " "$work/metrics" || echo "no $1")"
  return "$reached"
}

log_lines() { wc -l <"$SERVER_LOG_FILE"; }
logged() { grep -Fq -- "$1" "$SERVER_LOG_FILE"; }

# all_in_flight: true if a fresh /status.json lists a transfer in flight for every id in IDS.
all_in_flight() {
  local listed id
  listed=$(curl -sS --max-time 10 "$base/status.json" | python3 -c \
    'import json, sys; print(*(t["clientId"] for t in json.load(sys.stdin)["inFlight"]), sep="\n")') || return 1
  for id in "${IDS[@]}"; do
    grep -Fxq -- "$id" <<<"$listed" || return 1
  done
}

stop_downloads() {
  local pid
  for pid in "${downloads[@]}"; do
    stop_process "$pid" 5 "a download (curl)" || true
  done
  downloads=()
}

browser_test() {
  local id
  for id in "${IDS[@]}"; do
    curl -sS --max-time 120 --limit-rate "$RATE" -H "X-Client-Id: $id" -o /dev/null "$base/bio.txt" 2>/dev/null &
    downloads+=("$!")
  done
  run wait_until 20 all_in_flight
  check "/status.json lists all ${#IDS[@]} rate-limited downloads in flight" succeeded
  check "/metrics: fileserver_transfers_in_flight ${#IDS[@]}" metric_reaches fileserver_transfers_in_flight "${#IDS[@]}"
  get /status.json
  check "... the hostile id escaped in it (no '<')" test "$(grep -c '<' "$work/body")" -eq 0
  if ! command -v chromium >/dev/null; then
    echo "skipped: the real-browser test: chromium is not installed (apt-get install chromium)"
    stop_downloads
    return
  fi
  # The virtual-time budget lets the page's polls run before the DOM is dumped. An alert()
  # that a hostile id got to run would block Chromium: the timeout ends that.
  status=0
  timeout -k 5 30 chromium --headless --no-sandbox --disable-gpu --user-data-dir="$work/chromium" \
    --virtual-time-budget=4000 --dump-dom "$base/status" >"$work/dom.html" 2>"$work/chromium.log" || status=$?
  output=$(cat "$work/chromium.log")
  check "headless Chromium loads /status" test -s "$work/dom.html"
  if [[ -s $work/dom.html ]]; then
    run dom_rows "$work/dom.html"
    for id in c1 c2 c3 c4; do
      check "... its DOM shows $id in a td.id row, with a percentage" shows_progress "$id"
    done
    check "... and the hostile id as text, in a row of its own" shows_progress "$HOSTILE"
    check "... each rate as the client prints one" rates_as_printed
    check "... the DOM holding it only escaped" grep -Fq '&lt;img src=x onerror=alert(1)&gt;' "$work/dom.html"
    check "... and no <img> element" printed '^img elements: 0$'
  fi
  stop_downloads
}

# round KIND JAVA_HOME: the checks of the endpoints on the server on KIND threads.
round() {
  local kind=$1 start_lines counted
  echo "# on $kind threads, $(describe_java "$2/bin/java")"
  JAVA_HOME=$2 start_server --threads "$kind" || return 0
  start_lines=$(log_lines)
  get /status
  check "/status: 200 text/html, not cached" printed '^200 text/html; charset=utf-8 no-store$'
  get /status.json
  check "/status.json: 200 application/json, not cached" printed '^200 application/json(;[^ ]*)? no-store$'
  get /metrics
  check "/metrics: 200 Prometheus text 0.0.4, not cached" printed '^200 text/plain; version=0\.0\.4; charset=utf-8 no-store$'
  cp "$work/body" "$work/metrics"
  output=$(grep '^fileserver_build_info' "$work/metrics" || true)
  check "... fileserver_build_info says $kind threads" printed "^fileserver_build_info\{.*thread_kind=\"$kind\".*\} 1$"
  if command -v promtool >/dev/null; then
    run promtool check metrics <"$work/metrics"
    check "... promtool check metrics passes it" succeeded
  else
    echo "skipped: promtool check metrics: promtool is not installed (apt-get install prometheus)"
  fi
  output=$(grep '^fileserver_transfers_total' "$work/metrics" || true)
  counted=$(awk '/^fileserver_transfers_total[{]/ { n++; sum += $2 } END { print n + 0, sum + 0 }' "$work/metrics")
  check "... not counted: fileserver_transfers_total sums to 0" test "${counted% *}" -gt 0 -a "${counted#* }" = 0
  check "... nor in flight: fileserver_transfers_in_flight 0" metric_reaches fileserver_transfers_in_flight 0
  check "... nor holding a worker: fileserver_workers_busy 0" metric_reaches fileserver_workers_busy 0
  get /status -I
  check "HEAD /status: 200" printed '^200 text/html'

  get /bio.txt -H 'X-Client-Id: one'
  check "a download of bio.txt: 200, the whole file" test "${output%% *}" = 200 -a "$(size_of "$work/body")" -eq "$size"
  run wait_until 10 logged ' id=one "GET /bio.txt HTTP/1.1" 200 '
  check "... logged" succeeded
  output=$(cat "$SERVER_LOG_FILE")
  check "... the only line since start-up: the status requests left none" test "$(log_lines)" -eq $((start_lines + 1))
  check "/metrics: fileserver_transfers_total{status=\"200\"} 1" metric_reaches 'fileserver_transfers_total{status="200"}' 1
  check "... fileserver_sent_bytes_total $size, the file's size" metric_reaches fileserver_sent_bytes_total "$size"

  browser_test
  stop_server
}

# hidden_from_loopback: with --status-from off, loopback gets 404 too, and run_server.sh
# prints no status URL.
hidden_from_loopback() {
  echo "# --status-from off"
  start_server --status-from off || return 0
  check "... printing no status URL" test "$(count '^status:')" -eq 0
  get /no-such-path
  local unknown=$output path
  for path in /status /metrics; do
    get "$path"
    check "loopback gets the unknown path's 404 for $path" test "$output" = "$unknown" -a "${output%% *}" = 404
  done
  stop_server
}

remove_namespace() {
  ip link del "$netns" 2>/dev/null || true
  ip netns del "$netns" 2>/dev/null || true
}

# make_namespace: makes a network namespace linked to this one by a veth pair on the first
# free $NET_PREFIX.X.0/30, this end .1 and its eth0 .2; sets netns and subnet.
make_namespace() {
  local x
  for ((x = 0; x < 64; x++)); do
    [[ -z $(ip -4 -o addr show to "$NET_PREFIX.$x.0/30") ]] || continue
    ip netns add "fsstatus$x" 2>/dev/null || continue
    netns=fsstatus$x
    subnet=$NET_PREFIX.$x
    ip link add "$netns" type veth peer name eth0 netns "$netns" && ip addr add "$subnet.1/30" dev "$netns" &&
      ip link set "$netns" up && ip -n "$netns" link set lo up &&
      ip -n "$netns" addr add "$subnet.2/30" dev eth0 && ip -n "$netns" link set eth0 up
    return
  done
  return 1
}

# from_a_peer: the server listens on this end of the veth link; requests come from the
# namespace's end, a peer that is not loopback.
from_a_peer() {
  local skip="skipped: the access rule from a non-loopback peer:" probe unknown path
  if ((EUID != 0)); then
    echo "$skip it needs root, for a network namespace"
    return
  elif ! probe=$(unshare --net ip link add fsprobe0 type veth peer name fsprobe1 2>&1); then
    echo "$skip no network namespaces with veth links here (${probe:-unshare failed})"
    return
  fi
  echo "# from a peer in a network namespace"
  make_namespace || give_up "could not make a network namespace with a veth link on $NET_PREFIX.X.0/30"
  host=$subnet.1
  through=(ip netns exec "$netns")
  start_server || return 0
  get /no-such-path
  unknown=$output
  for path in /status /status.json /metrics; do
    get "$path"
    check "from $subnet.2: $path gets the unknown path's 404" test "$output" = "$unknown" -a "${output%% *}" = 404
  done
  get /bio.txt
  check "... while /bio.txt gets 200, the whole file" test "${output%% *}" = 200 -a "$(size_of "$work/body")" -eq "$size"
  run wait_until 5 logged '"GET /metrics HTTP/1.1" 404 '
  check "... the refused /metrics logged like any 404" succeeded
  stop_server
  start_server --status-from "$subnet.0/30" || return 0
  get /metrics
  check "with --status-from $subnet.0/30, the peer gets /metrics: 200" printed '^200 text/plain; version=0\.0\.4'
  stop_server
}

if command -v chromium >/dev/null; then
  rate_formatter_test
else
  echo "skipped: the status page's rate formatter: chromium is not installed (apt-get install chromium)"
fi
round platform "$(java_home_of java)"
if virtual_home=$(newest_jdk 21); then
  round virtual "$virtual_home"
else
  echo "skipped: the checks on virtual threads: no JDK 21+ (JAVA_HOME, PATH, /usr/lib/jvm)"
fi
hidden_from_loopback
from_a_peer
summary
