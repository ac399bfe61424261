#!/usr/bin/env bash
# Goal 3: 10,000 parallel connections against one server (1 MiB file) and 1,000 at
# 10 MiB, every download verified, the server's peak threads and RSS read from /proc;
# and a flash crowd: 10,000 handshakes at once, then 10,000 requests, 503s retried; and
# the largest burst one process can hold (--max-burst).
set -euo pipefail

# shellcheck source=lib.sh
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/lib.sh"
# shellcheck source=harness/sysctl.sh
source "$BENCH_DIR/harness/sysctl.sh"

RSS_LIMIT_MIB=512
# The largest burst: the open-files limit less this margin (the JVM's own files, the
# listening socket, the log); its goal is all served, none reset, under this peak RSS.
MAX_BURST_MARGIN=1000
MAX_BURST_RSS_MIB=400
MAX_BURST_BYTES=65536
# The platform-thread burst at a --max-clients given with --platform-max-clients.
PLATFORM_RSS_LIMIT_MIB=1024
# How often one download of the burst may answer a 503 by coming back after Retry-After.
BURST_RETRIES=20

usage() {
  cat <<EOF
Usage: ${0##*/} [--small K] [--large K] [--burst K] [--platform-max-clients N] [--threads T] [--verify MODE]
         [--no-barrier] [--timeout S] [--nginx] [--quick]
       ${0##*/} --max-burst [--threads T] [--verify MODE] [--timeout S]

Runs of the load generator (fileserver.bench.LoadGenerator: one JVM, non-blocking
sockets, every copy verified in memory, nothing written), each against a fresh server:
  small   K connections at once (default 10000), a 1 MiB file (the first MiB of bio.txt)
  large   K connections at once (default 1000), bio.txt (10 MiB)
  burst   a flash crowd: K connections (default 10000) x 1 MiB, every handshake at once
          (no cap on half-open connections), then every request at once; a 503 is
          answered by coming back after its Retry-After (at most 5 s plus jitter, up to
          $BURST_RETRIES times per download). The server runs with its own defaults, as a
          user would start it: --max-clients 10000 on virtual threads, 3000 on platform
          threads (the excess get 503 and come back), unless --platform-max-clients.
  max burst (--max-burst, and nothing else): as many connections as one process may open
          (the open-files hard limit less $MAX_BURST_MARGIN: $(($(ulimit -Hn) - MAX_BURST_MARGIN)) here) in one burst like the above,
          for the first $((MAX_BURST_BYTES / 1024)) KiB of bio.txt, on virtual threads, the server at --max-clients
          that many and --request-timeout 60 (no request goes out before the last
          connection is open). Raises net.core.somaxconn and net.ipv4.tcp_max_syn_backlog
          to that many for the run if lower (as root), saying so, and puts them back on exit.
In small and large the generator keeps at most 1000 connections half-open, so the
kernel's SYN queue never overflows, and sends no request until all K are open
(--barrier), so all K transfers run at once. Each run reports completed and failed
downloads (by kind: reset, never accepted, unanswered, bad status, short or corrupt
body; and with reasons), 503s retried, the time to open all K, the time and MiB/s of
the transfers, and the server's peak threads, peak RSS (VmHWM) and CPU time. Then
Goal 3: every download verified and the server's peak RSS under $RSS_LIMIT_MIB MiB; for
the bursts also none reset or unanswered, and RSS for virtual threads (the max burst:
under $MAX_BURST_RSS_MIB MiB) and for platform threads at --platform-max-clients (under $PLATFORM_RSS_LIMIT_MIB MiB).
Raises the open-files limit to the hard limit ($(ulimit -Hn) here) for the server and the generator.
Our server runs small and burst twice: on platform threads on Java 17 (the release the
bundle targets) and on virtual threads on a JDK 21+, if there is one; large runs on
platform threads.

  --small K       connections for the 1 MiB run (default 10000; 0 skips it)
  --large K       connections for the 10 MiB run (default 1000; 0 skips it)
  --burst K       connections of the flash crowd, 1 MiB each (default 10000; 0 skips it)
  --platform-max-clients N   the platform-thread burst's server runs with --max-clients N
  --max-burst     the largest burst only (see above)
  --threads T     the generator's selector threads (default 1)
  --verify MODE   sha256 (default), bytes (compare with the file in memory) or length
  --no-barrier    small and large: send each request as soon as its connection is open
                  (then early ones may finish before the last ones connect: fewer at once)
  --timeout S     the generator gives up on unfinished downloads after S seconds, retries
                  included (default 120)
  --nginx         also run small and large against nginx, for comparison (nginx fills
                  socket buffers so fast that 10,000 of them can exhaust the kernel's
                  tcp_mem: see the "kernel:" line after each run)
  --quick         --small 2000 --large 200 --burst 2000

Environment:
  BENCH_PLATFORM_JAVA_HOME  the JDK of the platform-thread runs (default:
                            BENCH_SERVER_JAVA_HOME, else JAVA_HOME, else a Java 17)
  BENCH_VIRTUAL_JAVA_HOME   the JDK of the virtual-thread runs (default: the newest JDK
                            21+; with none, those runs are skipped)
  BENCH_SERVER_ARGS         more server options, but not --threads: each run sets it
  BENCH_SERVER_JAVA_OPTS    JVM flags, given as JAVA_TOOL_OPTIONS (run_server.sh's own
                            come after them; SERVER_JAVA_OPTS replaces those)
Each run sets BENCH_SERVER_JAVA_HOME itself, to one of the two JDKs above.
Writes: $RESULTS_DIR/scale.csv (one row per run; --max-burst: scale-max-burst.csv).
EOF
}

small=10000 large=1000 burst=10000 threads=1 verify=sha256 timeout=120
with_nginx=false max_burst=false platform_max_clients=
barrier=(--barrier)
quick_settings() { small=2000 large=200 burst=2000; }
include_nginx() { with_nginx=true; }
without_barrier() { barrier=(); }
largest_burst() { max_burst=true; }
declare -A VALUE_OPTIONS=([--small]=small [--large]=large [--burst]=burst [--threads]=threads [--verify]=verify
  [--timeout]=timeout [--platform-max-clients]=platform_max_clients)
declare -A FLAG_OPTIONS=([--nginx]=include_nginx [--no-barrier]=without_barrier [--quick]=quick_settings
  [--max-burst]=largest_burst)
parse_options "$@"
if $max_burst; then small=0 large=0 burst=0; fi
if [[ -n $platform_max_clients && ! $platform_max_clients =~ ^[1-9][0-9]{0,4}$ ]]; then
  usage_error "--platform-max-clients must be a number from 1 to 99999, not '$platform_max_clients'"
fi
for option in small large burst; do
  [[ ${!option} =~ ^(0|[1-9][0-9]{0,4})$ ]] ||
    usage_error "--$option must be a number from 0 to 99999, not '${!option}'"
done
[[ $timeout =~ ^[1-9][0-9]{0,4}$ ]] || usage_error "--timeout must be a number of seconds, not '$timeout'"
[[ $threads =~ ^[1-9]$ ]] || usage_error "--threads must be a number from 1 to 9, not '$threads'"
[[ $verify =~ ^(sha256|bytes|length)$ ]] || usage_error "--verify must be sha256, bytes or length, not '$verify'"
! $with_nginx || command -v nginx >/dev/null || die "--nginx: nginx is not installed"
# Each run gives --threads itself, and the server refuses an option given twice.
user_server_args=${BENCH_SERVER_ARGS:-}
if [[ " $user_server_args " == *" --threads "* ]]; then
  usage_error "BENCH_SERVER_ARGS: leave out --threads; each run chooses its own"
fi

# Each connection is a descriptor in the server and one in the generator.
hard_limit=$(ulimit -Hn)
ulimit -n "$hard_limit"
for count in "$small" "$large" "$burst"; do
  if ((count + 100 > hard_limit)); then
    die "$count connections need more open files than the hard limit of $hard_limit"
  fi
done
max_burst_count=$((hard_limit - MAX_BURST_MARGIN))
! $max_burst || ((max_burst_count > 0)) ||
  die "--max-burst: an open-files hard limit of $hard_limit leaves nothing after a margin of $MAX_BURST_MARGIN"

# run_server.sh would pick the newest JDK by itself, so every run names its JDK.
platform_jdk=$(platform_jdk)
virtual_jdk=${BENCH_VIRTUAL_JAVA_HOME:-$(newest_jdk 21 || true)}
! $max_burst || [[ -n $virtual_jdk ]] ||
  die "--max-burst runs on virtual threads, which need a JDK 21+ (BENCH_VIRTUAL_JAVA_HOME)"

bench_init
machine_info
ensure_built
compile_bench_java

www=$(serving_dir "$ROOT/bio.txt")
head -c 1048576 "$ROOT/bio.txt" >"$www/bio-1MiB.txt"
head -c "$MAX_BURST_BYTES" "$ROOT/bio.txt" >"$www/bio-64KiB.txt"
chmod 644 "$www/bio-1MiB.txt" "$www/bio-64KiB.txt"
if $max_burst; then
  # The kernel holds the handshakes of a burst in two queues: the SYN queue (half-open)
  # and the listen queue (complete, not yet accepted); each is capped by these.
  raise_sysctl net.core.somaxconn "$max_burst_count"
  raise_sysctl net.ipv4.tcp_max_syn_backlog "$max_burst_count"
fi
echo "# open files limit $(ulimit -n); generator: $threads selector thread(s), verify $verify, ${barrier[*]:---no-barrier};" \
  "somaxconn $(cat /proc/sys/net/core/somaxconn), local ports $(tr '\t' '-' </proc/sys/net/ipv4/ip_local_port_range)"

csv=$RESULTS_DIR/scale.csv
if $max_burst; then csv=$RESULTS_DIR/scale-max-burst.csv; fi
rm -f "$csv"
generator_log=$BENCH_TMP/generator.log

# as_our_server KIND COMMAND...: runs COMMAND (start_ours, describe_ours) for our server
# on KIND threads (platform or virtual) and that kind's JDK, with the caller's
# BENCH_SERVER_ARGS after --threads. JAVA_HOME as well as BENCH_SERVER_JAVA_HOME: without
# it run_server.sh takes the newest JDK 21+, whatever comes first in PATH.
as_our_server() {
  local kind=$1 jdk=$platform_jdk
  shift
  if [[ $kind == virtual ]]; then jdk=$virtual_jdk; fi
  JAVA_HOME=$jdk BENCH_SERVER_JAVA_HOME=$jdk BENCH_SERVER_ARGS="--threads $kind${user_server_args:+ $user_server_args}" "$@"
}

# scale_run SERVER MODE FILE K: a fresh SERVER (ours, ours-virtual or nginx) serving
# FILE, K connections; MODE paced (at most 1000 half-open, the server's --max-clients at
# least K), burst (all at once, the server's defaults or --platform-max-clients, 503s
# retried) or max-burst (all at once, --max-clients K). Prints the generator's report and
# sets RESULT_<key> from its RESULT line.
scale_run() {
  local server=$1 mode=$2 file=$3 count=$4 port status=0 name=${3##*/} counters label
  local -a server_options=() load=("${barrier[@]}")
  # The row's name in scale.csv and the report's table; its other columns give the count and size.
  label=$server
  if [[ $mode == burst || $mode == max-burst ]]; then
    # Every SYN at once, then every request at once: what a server meets when a link goes viral.
    load=(--unpaced --barrier --retries "$BURST_RETRIES")
    label=$server-$mode
    if [[ $mode == max-burst ]]; then
      # The generator holds every request back until the last connection is open, which
      # on a busy machine can take longer than the 10 s a client has to send its request.
      server_options=(--max-clients "$count" --request-timeout 60)
    elif [[ $server == ours && -n $platform_max_clients ]]; then
      server_options=(--max-clients "$platform_max_clients")
      label=$server-burst-at-$platform_max_clients
    fi
  else
    server_options=(--max-clients "$((count > 10000 ? count : 10000))")
  fi
  port=$(free_port)
  echo
  case $server in
    ours)
      as_our_server platform describe_ours
      as_our_server platform start_ours "$port" "$file" "${server_options[@]}"
      ;;
    ours-virtual)
      as_our_server virtual describe_ours
      as_our_server virtual start_ours "$port" "$file" "${server_options[@]}"
      ;;
    nginx) start_nginx "$port" "$www" ;;
  esac
  counters=$(tcp_counters)
  run_load_generator "$generator_log" --port "$port" --path "/$name" --expect "$file" --connections "$count" \
    --threads "$threads" --verify "$verify" "${load[@]}" --server-pid "$SERVER_PID" --timeout "$timeout" \
    --label "$label" --csv "$csv" || status=$?
  sed '/^RESULT /d' "$generator_log"
  echo "  $(tcp_counters_since "$counters")"
  stop_server
  if ((status != 0)) && [[ -z ${RESULT_completed:-} ]]; then
    echo "warning: the load generator exited $status without a result" >&2
  fi
}

declare -a goal_lines=() burst_lines=()
# check_goals ID K WHAT: adds the goal lines of the paced run just made.
check_goals() {
  local id=$1 count=$2 what=$3
  goal_lines+=("$(goal "${id}a" "scale: $what at once, downloads verified" "${RESULT_completed:-0}" ">=" "$count")")
  goal_lines+=("$(goal "${id}b" "scale: $what, server peak RSS" "${RESULT_server_hwm_mib:-nan}" "<=" "$RSS_LIMIT_MIB" " MiB")")
}

# check_burst ID K KIND [SIZE]: adds the goal lines and the summary line of the burst just
# made, of K downloads of SIZE (default 1 MiB).
# A 503 retried is the server saying "later", which is allowed; a reset or a connection
# never answered leaves a client without a word, which is not. The memory target is for
# virtual threads: on platform threads K transfers at once are K thread stacks.
check_burst() {
  local id=$1 count=$2 kind=$3 size=${4:-1 MiB} dropped=nan limit=$RSS_LIMIT_MIB
  if [[ -n ${RESULT_completed:-} ]]; then
    dropped=$((${RESULT_reset:-0} + ${RESULT_unanswered:-0}))
  fi
  if [[ $size != "1 MiB" ]]; then
    limit=$MAX_BURST_RSS_MIB
  elif [[ $kind == platform && -n $platform_max_clients ]]; then
    kind="platform, --max-clients $platform_max_clients"
    limit=$PLATFORM_RSS_LIMIT_MIB
  fi
  goal_lines+=("$(goal "${id}a" "burst: $count x $size, $kind, downloads verified" "${RESULT_completed:-0}" ">=" "$count")")
  goal_lines+=("$(goal "${id}b" "burst: $count x $size, $kind, reset or unanswered" "$dropped" "<=" 0)")
  if [[ $kind != platform ]]; then
    goal_lines+=("$(goal "${id}c" "burst: $count x $size, $kind, server peak RSS" "${RESULT_server_hwm_mib:-nan}" \
      "<=" "$limit" " MiB")")
  fi
  burst_lines+=("$(printf '%s' "burst of $size, $kind threads: ${RESULT_completed:-0}/$count served and verified," \
    " ${RESULT_retries_503:--} 503s retried; reset ${RESULT_reset:--}, never accepted ${RESULT_never_accepted:--}," \
    " unanswered ${RESULT_unanswered:--}, bad status ${RESULT_bad_status:--}," \
    " short or corrupt body ${RESULT_bad_body:--}, other ${RESULT_other_failed:--};" \
    " server peak RSS ${RESULT_server_hwm_mib:--} MiB, peak threads ${RESULT_server_peak_threads:--};" \
    " wall ${RESULT_wall_s:--} s")")
}

if ((small > 0)); then
  scale_run ours paced "$www/bio-1MiB.txt" "$small"
  check_goals 3.1 "$small" "$small x 1 MiB"
  # The same load on virtual threads, where a JDK has them: the thread model that fits
  # this many clients in the memory target (the bundle itself targets Java 17).
  if [[ -n $virtual_jdk ]]; then
    scale_run ours-virtual paced "$www/bio-1MiB.txt" "$small"
    check_goals 3.1v "$small" "$small x 1 MiB, virtual threads"
  fi
  if $with_nginx; then
    scale_run nginx paced "$www/bio-1MiB.txt" "$small"
  fi
fi
if ((large > 0)); then
  scale_run ours paced "$www/bio.txt" "$large"
  check_goals 3.2 "$large" "$large x 10 MiB"
  if $with_nginx; then
    scale_run nginx paced "$www/bio.txt" "$large"
  fi
fi
if ((burst > 0)); then
  scale_run ours burst "$www/bio-1MiB.txt" "$burst"
  check_burst 3.3 "$burst" platform
  if [[ -n $virtual_jdk ]]; then
    scale_run ours-virtual burst "$www/bio-1MiB.txt" "$burst"
    check_burst 3.3v "$burst" virtual
  fi
fi
if $max_burst; then
  scale_run ours-virtual max-burst "$www/bio-64KiB.txt" "$max_burst_count"
  check_burst 3.4 "$max_burst_count" virtual "$((MAX_BURST_BYTES / 1024)) KiB"
fi
echo
echo "(wrote $csv)"
if ((${#burst_lines[@]} > 0)); then
  echo
  printf '%s\n' "${burst_lines[@]}"
fi
echo
printf '%s\n' "${goal_lines[@]}"
