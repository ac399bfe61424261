# shellcheck shell=bash
# Helpers shared by the benchmark scripts in bench/. Source it from a script in bench/; it
# sets ROOT (the repository), BENCH_DIR, RESULTS_DIR and BENCH_TMP, and installs the EXIT
# trap that stops every process the script started and removes BENCH_TMP. This file holds
# the command line, the temporary directory, the processes started (by PID, on
# scripts/processes.sh) and the load generator's build; the harness is in bench/harness/,
# one file a concern:
#   servers.sh    how each server compared is started, and how ours is run
#   measure.sh    the machine line, timing, CPU ticks, curl runs, SHA-256 checks, TCP counters
#   figures.sh    medians, rates, ratios, goal lines and CSV
#   baseline.sh   our server as another commit builds it (peers.sh --baseline)

BENCH_DIR=$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")
ROOT=$(dirname "$BENCH_DIR")
# shellcheck source=../scripts/common.sh
source "$ROOT/scripts/common.sh"

export LC_ALL=C # a '.' in $EPOCHREALTIME and in printf's numbers

RESULTS_DIR=${BENCH_RESULTS_DIR:-$BENCH_DIR/results}
# The load generator's classes, and the product's that it runs on.
BENCH_CLASSPATH=$ROOT/build/bench-classes:$ROOT/build/classes
YARDSTICK=$ROOT/build/bench/yardstick
START_TIMEOUT_S=20
STOP_TIMEOUT_S=30
CLK_TCK=$(getconf CLK_TCK)

# Every server this script started and has not stopped yet, and every client running.
declare -a BENCH_PIDS=()
declare -a CLIENT_PIDS=()
BENCH_TMP=

# shellcheck source=harness/servers.sh
source "$BENCH_DIR/harness/servers.sh"
# shellcheck source=harness/measure.sh
source "$BENCH_DIR/harness/measure.sh"
# shellcheck source=harness/figures.sh
source "$BENCH_DIR/harness/figures.sh"
# shellcheck source=harness/baseline.sh
source "$BENCH_DIR/harness/baseline.sh"

bench_cleanup() {
  local pid
  for pid in "${CLIENT_PIDS[@]}"; do
    kill -TERM "$pid" 2>/dev/null || true
  done
  for pid in "${BENCH_PIDS[@]}"; do
    stop_pid "$pid"
  done
  if [[ -n $BENCH_TMP && -d $BENCH_TMP ]]; then
    rm -rf "$BENCH_TMP"
  fi
}

# The processes a benchmark starts: scripts/processes.sh's helpers, with every server
# remembered in BENCH_PIDS, so that bench_cleanup stops what is left.

# start_bg LOG COMMAND...: starts COMMAND in the background with its output in LOG and
# remembers its PID in SERVER_PID and BENCH_PIDS.
start_bg() {
  start_logged "$@"
  # shellcheck disable=SC2034 # a result for the script that sources this
  SERVER_PID=$STARTED_PID
  BENCH_PIDS+=("$SERVER_PID")
}

# forget_pid PID: removes PID from BENCH_PIDS.
forget_pid() {
  local -a kept=()
  local pid
  for pid in "${BENCH_PIDS[@]}"; do
    [[ $pid == "$1" ]] || kept+=("$pid")
  done
  BENCH_PIDS=("${kept[@]}")
}

# stop_pid PID: stop_process with STOP_TIMEOUT_S (SIGTERM, then SIGKILL, said on stderr),
# and forgets PID. Says so if the process took more than 5 s to go.
stop_pid() {
  local pid=$1 start
  start=$(now_us)
  stop_process "$pid" "$STOP_TIMEOUT_S" || true
  if (($(now_us) - start > 5000000)); then
    echo "(note: PID $pid took $(seconds_between "$start" "$(now_us)") s to exit after SIGTERM)" >&2
  fi
  forget_pid "$pid"
}

# stop_server: stops the server in SERVER_PID.
stop_server() {
  stop_pid "$SERVER_PID"
}

# wait_accepting PORT PID LOG: waits until 127.0.0.1:PORT accepts, failing (with the end
# of LOG) if PID exits first or START_TIMEOUT_S passes.
wait_accepting() {
  local port=$1 pid=$2 log=$3 ready=0
  wait_ready "$pid" "$START_TIMEOUT_S" accepts "$port" || ready=$?
  case $ready in
    1)
      echo "${0##*/}: the server (PID $pid) exited before accepting on port $port; end of $log:" >&2
      tail -n 15 "$log" >&2 || true
      return 1
      ;;
    2)
      echo "${0##*/}: nothing accepted on port $port within ${START_TIMEOUT_S} s" >&2
      return 1
      ;;
  esac
}

# parse_options ARGS...: reads a benchmark script's command line. The script declares
# two associative arrays first: VALUE_OPTIONS maps an option that takes a value to the
# variable that receives it ([--runs]=runs), and FLAG_OPTIONS maps an option without one
# to the function that applies it ([--quick]=quick_settings). -h and --help print the
# script's usage(); anything else is a usage error.
parse_options() {
  while (($#)); do
    if [[ $1 == --help || $1 == -h ]]; then
      usage
      exit 0
    elif [[ -v VALUE_OPTIONS[$1] ]]; then
      (($# >= 2)) || usage_error "$1 needs a value"
      printf -v "${VALUE_OPTIONS[$1]}" '%s' "$2"
      shift
    elif [[ -v FLAG_OPTIONS[$1] ]]; then
      "${FLAG_OPTIONS[$1]}"
    else
      usage_error "unknown option '$1'"
    fi
    shift
  done
}

# bench_init: makes BENCH_TMP (in /dev/shm, so received files never touch a disk) and
# installs the traps. Call once, after the command line has been read.
bench_init() {
  local base=/dev/shm
  [[ -d $base && -w $base ]] || base=${TMPDIR:-/tmp}
  BENCH_TMP=$(mktemp -d "$base/bench.XXXXXX")
  # nginx's workers run as nobody and must reach the served file.
  chmod 755 "$BENCH_TMP"
  trap bench_cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  mkdir -p "$RESULTS_DIR"
}

# serving_dir FILE...: makes BENCH_TMP/www with a copy of each FILE, all readable by
# nginx's workers (they run as nobody), and prints the directory's path.
serving_dir() {
  local www=$BENCH_TMP/www file
  mkdir -p "$www"
  chmod 755 "$www"
  for file in "$@"; do
    cp "$file" "$www/${file##*/}"
    chmod 644 "$www/${file##*/}"
  done
  echo "$www"
}

# compile_bench_java: makes the load generator (bench/java, package fileserver.bench) and
# the product's classes it runs on, if a source is newer: `make bench-classes`, with the
# Makefile's javac and flags ($JAVA_HOME's javac if JAVA_HOME is set, else the one on PATH).
compile_bench_java() {
  make -s --no-print-directory -C "$ROOT" bench-classes >/dev/null || die "compiling bench/java failed"
}
