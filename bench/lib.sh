# shellcheck shell=bash
# shellcheck disable=SC2034 # SERVER_PID, SERVER_LOG and RUN_* are results for the script that sources this
# Helpers shared by the benchmark scripts in bench/: machine line, temporary directory,
# free ports, starting and stopping servers by PID, timing, CPU accounting, SHA-256
# checks, medians, CSV and goal lines. Source it from a script in bench/; it sets ROOT
# (the repository), BENCH_DIR, RESULTS_DIR and BENCH_TMP, and installs the EXIT trap
# that stops every process the script started and removes BENCH_TMP.

BENCH_DIR=$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")
ROOT=$(dirname "$BENCH_DIR")
# shellcheck source=../tools/common.sh
source "$ROOT/tools/common.sh"

export LC_ALL=C # a '.' in $EPOCHREALTIME and in printf's numbers

RESULTS_DIR=${BENCH_RESULTS_DIR:-$BENCH_DIR/results}
BENCH_CLASSES=$ROOT/build/bench-classes
YARDSTICK=$ROOT/build/bench/yardstick
START_TIMEOUT_S=20
STOP_TIMEOUT_S=30
CLK_TCK=$(getconf CLK_TCK)

# Every server this script started and has not stopped yet, and every client running.
declare -a BENCH_PIDS=()
declare -a CLIENT_PIDS=()
BENCH_TMP=

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

# machine_info: one line with the date, the machine and how busy it is. The JDK named is
# the clients' (client_java: $JAVA_HOME's, else the java on PATH); describe_ours names
# the server's.
machine_info() {
  local memory cpu java_version
  memory=$(awk '/^MemTotal:/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
  cpu=$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo)
  java_version=$("$(client_java)" -version 2>&1 | awk 'NR == 1')
  printf '# %s | %s cores (%s), %s | %s | Linux %s | load average %s\n' \
    "$(date -u '+%Y-%m-%d %H:%M:%S UTC')" "$(nproc)" "${cpu:-unknown CPU}" "$memory" \
    "$java_version" "$(uname -r)" "$(cut -d ' ' -f 1-3 /proc/loadavg)"
  # The load average lags by minutes (and counts our own last run): look at the last second.
  local idle
  idle=$(idle_percent)
  echo "# CPU idle over the last second: $idle%"
  if ((idle < 90)); then
    echo "# warning: something else is using the CPU: the figures will be noisy"
  fi
}

# idle_percent: how idle all CPUs were over one second, in percent (from /proc/stat).
idle_percent() {
  local -a a b
  read -r -a a < <(grep '^cpu ' /proc/stat)
  sleep 1
  read -r -a b < <(grep '^cpu ' /proc/stat)
  local total=0 i
  for ((i = 1; i < ${#a[@]}; i++)); do
    total=$((total + b[i] - a[i]))
  done
  # Fields: user nice system idle iowait irq softirq steal ...; idle is the 4th.
  echo $(((b[4] - a[4]) * 100 / (total > 0 ? total : 1)))
}

# seconds_between T0_US T1_US: prints the difference in seconds, 3 decimals.
seconds_between() {
  awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", (b - a) / 1e6 }'
}

# accepts PORT: true if something accepts TCP connections on 127.0.0.1:PORT.
accepts() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# free_port: prints a port on 127.0.0.1 that nothing listens on, below the kernel's
# ephemeral range so that no client connection can be using it either.
free_port() {
  local port tries
  for ((tries = 0; tries < 200; tries++)); do
    port=$((20000 + RANDOM % 12000))
    if ! accepts "$port"; then
      echo "$port"
      return
    fi
  done
  die "found no free port"
}

# is_alive PID: true if PID is a running process (a zombie is not).
is_alive() {
  local stat
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  stat=${stat##*) }
  [[ ${stat:0:1} != Z ]]
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

# stop_pid PID: SIGTERM, then SIGKILL after STOP_TIMEOUT_S; reaps it if it is our child.
# Says so if the process took more than 5 s to go.
stop_pid() {
  local pid=$1 start deadline
  if is_alive "$pid"; then
    kill -TERM "$pid" 2>/dev/null || true
    start=${EPOCHREALTIME/./}
    deadline=$((start + STOP_TIMEOUT_S * 1000000))
    while is_alive "$pid"; do
      if ((${EPOCHREALTIME/./} > deadline)); then
        echo "${0##*/}: PID $pid ignored SIGTERM for ${STOP_TIMEOUT_S} s; killing it" >&2
        kill -KILL "$pid" 2>/dev/null || true
        break
      fi
      sleep 0.05
    done
    if ((${EPOCHREALTIME/./} - start > 5000000)); then
      echo "(note: PID $pid took $(seconds_between "$start" "${EPOCHREALTIME/./}") s to exit after SIGTERM)" >&2
    fi
  fi
  wait "$pid" 2>/dev/null || true
  forget_pid "$pid"
}

# wait_accepting PORT PID LOG: polls until 127.0.0.1:PORT accepts, failing (with the end
# of LOG) if PID exits first or START_TIMEOUT_S passes.
wait_accepting() {
  local port=$1 pid=$2 log=$3 deadline
  deadline=$((${EPOCHREALTIME/./} + START_TIMEOUT_S * 1000000))
  until accepts "$port"; do
    if ! is_alive "$pid"; then
      echo "${0##*/}: the server (PID $pid) exited before accepting on port $port; end of $log:" >&2
      tail -n 15 "$log" >&2 || true
      return 1
    fi
    if ((${EPOCHREALTIME/./} > deadline)); then
      echo "${0##*/}: nothing accepted on port $port within ${START_TIMEOUT_S} s" >&2
      return 1
    fi
    sleep 0.05
  done
}

# start_bg LOG COMMAND...: starts COMMAND in the background with its output in LOG and
# remembers its PID in SERVER_PID and BENCH_PIDS.
start_bg() {
  local log=$1
  shift
  "$@" >"$log" 2>&1 &
  SERVER_PID=$!
  BENCH_PIDS+=("$SERVER_PID")
}

# The servers. Each start_* takes a port and a directory holding the served file (or the
# file), starts one server on 127.0.0.1:PORT, waits until it accepts, and sets SERVER_PID.

# start_ours PORT FILE [SERVER OPTIONS...]: our server, through run_server.sh --background
# so that it runs as a user runs it, on the JDK that script picks ($JAVA_HOME's if set,
# else the newest JDK 21+, else the java on PATH). To try variants without editing
# anything: BENCH_SERVER_ARGS (more server options, e.g. "--threads virtual"),
# BENCH_SERVER_JAVA_OPTS (JVM flags, passed as JAVA_TOOL_OPTIONS) and
# BENCH_SERVER_JAVA_HOME (a JDK to run it on, passed as JAVA_HOME; e.g. a Java 25).
start_ours() {
  local port=$1 file=$2
  shift 2
  local pid_file=$BENCH_TMP/ours-$port.pid
  SERVER_LOG=$BENCH_TMP/ours-$port.log
  local -a environment=("SERVER_PID_FILE=$pid_file" "SERVER_LOG_FILE=$SERVER_LOG") extra=()
  if [[ -n ${BENCH_SERVER_JAVA_OPTS:-} ]]; then
    environment+=("JAVA_TOOL_OPTIONS=$BENCH_SERVER_JAVA_OPTS")
  fi
  # run_server.sh takes its JDK from JAVA_HOME, never from PATH; without
  # BENCH_SERVER_JAVA_HOME, the caller's JAVA_HOME (if any) reaches it unchanged.
  if [[ -n ${BENCH_SERVER_JAVA_HOME:-} ]]; then
    environment+=("JAVA_HOME=$BENCH_SERVER_JAVA_HOME")
  fi
  read -r -a extra <<<"${BENCH_SERVER_ARGS:-}"
  if ! env "${environment[@]}" "$ROOT/run_server.sh" --background --port "$port" --file "$file" "$@" \
    "${extra[@]}" >/dev/null; then
    if [[ -f $pid_file ]]; then
      BENCH_PIDS+=("$(<"$pid_file")")
    fi
    die "our server did not start"
  fi
  SERVER_PID=$(<"$pid_file")
  BENCH_PIDS+=("$SERVER_PID")
}

# ours_java: prints the java launcher run_server.sh will run our server on: server_java,
# with BENCH_SERVER_JAVA_HOME as JAVA_HOME when it is set, as start_ours passes it.
ours_java() {
  local JAVA_HOME=${BENCH_SERVER_JAVA_HOME:-${JAVA_HOME:-}}
  server_java
}

# ours_threads [SERVER OPTIONS...]: prints the thread kind our server will use with these
# options and BENCH_SERVER_ARGS: the last --threads given, or what auto means on the
# JDK of ours_java (virtual on Java 21+, platform before).
ours_threads() {
  local kind=auto feature
  local -a extra=()
  read -r -a extra <<<"${BENCH_SERVER_ARGS:-}"
  set -- "$@" "${extra[@]}"
  while (($#)); do
    case $1 in
      --threads)
        kind=${2:-auto}
        if (($# > 1)); then shift; fi
        ;;
      --threads=*) kind=${1#*=} ;;
    esac
    shift
  done
  if [[ $kind == auto ]]; then
    feature=$(java_feature "$(java_home_of "$(ours_java)")") || feature=0
    if ((feature >= 21)); then kind="virtual (auto)"; else kind="platform (auto)"; fi
  fi
  echo "$kind"
}

# describe_ours_as LABEL [SERVER OPTIONS...]: one line on how our server is run when
# started with these options: the JDK run_server.sh will really use, the thread kind and
# the BENCH_SERVER_* settings.
describe_ours_as() {
  local label=$1 java
  shift
  java=$(ours_java) || exit 1 # ours_java has said why
  printf '# %s: run_server.sh on %s, threads %s; extra options: %s; JAVA_TOOL_OPTIONS: %s\n' "$label" \
    "$(describe_java "$java")" "$(ours_threads "$@")" "${BENCH_SERVER_ARGS:-(none)}" \
    "${BENCH_SERVER_JAVA_OPTS:-(none)}"
}

# describe_ours: describe_ours_as for a script that starts our server without options
# that change the JDK or the thread kind.
describe_ours() {
  describe_ours_as "our server"
}

# platform_jdk: prints the home of the JDK for our server on platform threads: the first
# of $BENCH_PLATFORM_JAVA_HOME, $BENCH_SERVER_JAVA_HOME and $JAVA_HOME that is set; else a
# Java 17, the release the code targets (the java on PATH first, then /usr/lib/jvm); else
# the java on PATH's. Fails if there is none. (run_server.sh alone would take the newest
# JDK, 21+, and virtual threads.)
platform_jdk() {
  local home path_home
  for home in "${BENCH_PLATFORM_JAVA_HOME:-}" "${BENCH_SERVER_JAVA_HOME:-}" "${JAVA_HOME:-}"; do
    if [[ -n $home ]]; then
      echo "$home"
      return
    fi
  done
  path_home=$(java_home_of java 2>/dev/null) || true
  for home in ${path_home:+"$path_home"} /usr/lib/jvm/*; do
    if [[ ! -L $home && $(java_feature "$home" 2>/dev/null) == 17 ]]; then
      echo "$home"
      return
    fi
  done
  [[ -n $path_home ]] && echo "$path_home"
}

# ours_supports OPTION: true if the server's --help lists OPTION (e.g. --zero-copy).
ours_supports() {
  ensure_built
  "$(ours_java)" -cp "$ROOT/build/classes" Server --help 2>&1 | grep -q -e "$1"
}

# start_nginx PORT DIR: nginx (sendfile on, access log off, worker_processes auto) with
# a configuration of its own in BENCH_TMP; master and workers stop with the master's PID.
start_nginx() {
  local port=$1 root=$2
  local dir=$BENCH_TMP/nginx-$port
  mkdir -p "$dir"
  cat >"$dir/nginx.conf" <<EOF
daemon off;
master_process on;
worker_processes auto;
worker_rlimit_nofile 20000;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events {
    worker_connections 16384;
}
http {
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_timeout 0;
    default_type text/plain;
    client_body_temp_path $dir/client_body;
    proxy_temp_path $dir/proxy;
    fastcgi_temp_path $dir/fastcgi;
    uwsgi_temp_path $dir/uwsgi;
    scgi_temp_path $dir/scgi;
    server {
        listen 127.0.0.1:$port backlog=4096;
        root $root;
    }
}
EOF
  SERVER_LOG=$dir/stderr.log
  start_bg "$SERVER_LOG" nginx -p "$dir" -e "$dir/error.log" -c "$dir/nginx.conf"
  wait_accepting "$port" "$SERVER_PID" "$dir/error.log"
}

# start_python PORT DIR: python3 -m http.server (a thread per request).
start_python() {
  SERVER_LOG=$BENCH_TMP/python-$1.log
  start_bg "$SERVER_LOG" python3 -m http.server "$1" --bind 127.0.0.1 --directory "$2"
  wait_accepting "$1" "$SERVER_PID" "$SERVER_LOG"
}

# start_naive PORT FILE: bench/naive_server.py, a thread per client and 1000-byte sends.
start_naive() {
  SERVER_LOG=$BENCH_TMP/naive-$1.log
  start_bg "$SERVER_LOG" python3 "$BENCH_DIR/naive_server.py" --port "$1" --file "$2"
  wait_accepting "$1" "$SERVER_PID" "$SERVER_LOG"
}

# jwebserver_path: prints the newest jwebserver found (JDK 18+), or fails.
jwebserver_path() {
  local found
  found=$(command -v jwebserver 2>/dev/null) && {
    echo "$found"
    return
  }
  found=$(find /usr/lib/jvm -maxdepth 3 -path '*/bin/jwebserver' 2>/dev/null | sort -V | tail -n 1)
  [[ -n $found ]] && echo "$found"
}

# start_jwebserver PORT DIR: the JDK's simple file server.
start_jwebserver() {
  SERVER_LOG=$BENCH_TMP/jwebserver-$1.log
  start_bg "$SERVER_LOG" "$(jwebserver_path)" -b 127.0.0.1 -p "$1" -d "$2" -o none
  wait_accepting "$1" "$SERVER_PID" "$SERVER_LOG"
}

# build_yardstick: compiles bench/yardstick.c into YARDSTICK with cc when the binary is
# missing or older than the source. Fails, saying nothing, if there is no cc: the caller
# then says the yardstick is skipped. Dies if cc fails.
build_yardstick() {
  command -v cc >/dev/null || return 1
  if [[ ! -x $YARDSTICK || $BENCH_DIR/yardstick.c -nt $YARDSTICK ]]; then
    mkdir -p "${YARDSTICK%/*}"
    # Into a temporary name first: a failed or interrupted build leaves no stale binary.
    cc -O2 -Wall -Wextra -pthread -o "$YARDSTICK.$$" "$BENCH_DIR/yardstick.c" ||
      die "compiling bench/yardstick.c failed"
    mv -f "$YARDSTICK.$$" "$YARDSTICK"
  fi
}

# start_yardstick PORT FILE: bench/yardstick.c, the C server under the chunk rule (a
# thread per client, 1000-byte writes), built first if needed; dies if there is no cc
# (check build_yardstick first to skip it instead).
start_yardstick() {
  build_yardstick || die "no cc to compile bench/yardstick.c"
  SERVER_LOG=$BENCH_TMP/yardstick-$1.log
  start_bg "$SERVER_LOG" "$YARDSTICK" "$1" "$2"
  wait_accepting "$1" "$SERVER_PID" "$SERVER_LOG"
}

# stop_server: stops the server in SERVER_PID.
stop_server() {
  stop_pid "$SERVER_PID"
}

# cpu_ticks PID: user + system CPU of PID and its children (nginx's workers), in ticks.
cpu_ticks() {
  local total=0 pid stat
  local -a fields
  for pid in "$1" $(ps -o pid= --ppid "$1" 2>/dev/null); do
    stat=$(cat "/proc/$pid/stat" 2>/dev/null) || continue
    read -r -a fields <<<"${stat##*) }"
    # fields[0] is field 3 (state); utime and stime are fields 14 and 15.
    total=$((total + fields[11] + fields[12]))
  done
  echo "$total"
}

# children_ticks: user + system CPU of this script's children that have been waited for.
children_ticks() {
  local stat
  local -a fields
  stat=$(<"/proc/$$/stat")
  read -r -a fields <<<"${stat##*) }"
  echo $((fields[13] + fields[14]))
}

# ticks_to_seconds TICKS
ticks_to_seconds() {
  awk -v t="$1" -v hz="$CLK_TCK" 'BEGIN { printf "%.2f", t / hz }'
}

# run_curls N URL DIR: N curl downloads of URL at once, into DIR/curl_<i>; waits for all.
# Sets RUN_SECONDS (first start to last exit), RUN_FAILED (curl exits not 0) and
# RUN_CLIENT_CPU (the curls' CPU seconds).
run_curls() {
  local count=$1 url=$2 dir=$3 i t0 t1 c0 failed=0
  mkdir -p "$dir"
  c0=$(children_ticks)
  t0=${EPOCHREALTIME/./}
  for ((i = 1; i <= count; i++)); do
    curl -sS --max-time 300 -o "$dir/curl_$i" "$url" 2>>"$dir.errors" &
    CLIENT_PIDS[i]=$!
  done
  for ((i = 1; i <= count; i++)); do
    wait "${CLIENT_PIDS[i]}" || failed=$((failed + 1))
    unset 'CLIENT_PIDS[i]'
  done
  t1=${EPOCHREALTIME/./}
  RUN_SECONDS=$(seconds_between "$t0" "$t1")
  RUN_FAILED=$failed
  RUN_CLIENT_CPU=$(ticks_to_seconds $(($(children_ticks) - c0)))
}

# sha256_of FILE: prints FILE's SHA-256 in hex.
sha256_of() {
  sha256sum "$1" | cut -d ' ' -f 1
}

# count_verified DIR PATTERN SHA256: prints how many files in DIR matching PATTERN have
# that SHA-256. Hashes on every core, with openssl (SHA-NI) if present.
count_verified() {
  local dir=$1 pattern=$2 expected=$3
  local -a hasher=(sha256sum)
  if command -v openssl >/dev/null; then
    hasher=(openssl dgst -sha256 -r)
  fi
  find "$dir" -maxdepth 1 -type f -name "$pattern" -print0 |
    xargs -0 -r -n 8 -P "$(nproc)" "${hasher[@]}" |
    awk -v h="$expected" '$1 == h { n++ } END { print n + 0 }'
}

# tcp_counters: prints three of the kernel's TCP counters (from /proc/net/netstat):
# accept-queue overflows, connections aborted for lack of TCP memory, memory-pressure
# episodes. Differences around a run show what the kernel did to it.
tcp_counters() {
  awk '$1 == "TcpExt:" {
      if (!names) { for (i = 2; i <= NF; i++) name[i] = $i; names = 1; next }
      for (i = 2; i <= NF; i++) value[name[i]] = $i
    }
    END { printf "%d %d %d\n", value["ListenOverflows"], value["TCPAbortOnMemory"], value["TCPMemoryPressures"] }' \
    /proc/net/netstat 2>/dev/null || echo "0 0 0"
}

# tcp_counters_since "BEFORE": prints what changed since tcp_counters printed BEFORE.
tcp_counters_since() {
  local -a a b
  read -r -a a <<<"$1"
  read -r -a b < <(tcp_counters)
  printf 'kernel: accept-queue overflows +%d, connections aborted for lack of TCP memory +%d, memory pressure +%d\n' \
    $((b[0] - a[0])) $((b[1] - a[1])) $((b[2] - a[2]))
}

# median NUMBERS...: prints the median.
median() {
  printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 }
    END { if (NR == 0) print "nan"; else if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# mib_per_s BYTES SECONDS
mib_per_s() {
  awk -v b="$1" -v s="$2" 'BEGIN { printf "%.0f", (s > 0 ? b / 1048576 / s : 0) }'
}

# ratio A B: prints A / B with 2 decimals ("nan" if B is 0 or missing).
ratio() {
  awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 == 0) print "nan"; else printf "%.2f", a / b }'
}

# meets VALUE OP TARGET: true if VALUE OP TARGET holds (OP is <= or >=).
meets() {
  awk -v v="$1" -v op="$2" -v t="$3" 'BEGIN {
    if (v == "nan" || v == "") exit 1
    exit !((op == "<=") ? (v + 0 <= t + 0) : (v + 0 >= t + 0)) }'
}

# goal ID TEXT VALUE OP TARGET [UNIT]: prints one goal line: what was measured, the target
# and whether it is met, e.g. "goal 1   main job, ours / nginx+curl    3.20x   target <= 2.5x   MISSED".
goal() {
  local id=$1 text=$2 value=$3 op=$4 target=$5 unit=${6:-}
  local verdict=MISSED
  if meets "$value" "$op" "$target"; then
    verdict=met
  fi
  printf 'goal %-4s %-52s %10s   target %s %s%s   %s\n' "$id" "$text" "$value$unit" "$op" "$target" "$unit" "$verdict"
}

# compile_bench_java: compiles bench/java into build/bench-classes when a source is newer,
# with $JAVA_HOME's javac if JAVA_HOME is set (as make does), else the one on PATH.
compile_bench_java() {
  local stamp=$BENCH_CLASSES/.stamp
  if [[ -f $stamp ]] && [[ -z $(find "$BENCH_DIR/java" -name '*.java' -newer "$stamp") ]]; then
    return
  fi
  rm -rf "$BENCH_CLASSES"
  mkdir -p "$BENCH_CLASSES"
  "${JAVA_HOME:+$JAVA_HOME/bin/}javac" --release 17 -encoding UTF-8 -Xlint:all -Werror -d "$BENCH_CLASSES" "$BENCH_DIR"/java/*.java ||
    die "compiling bench/java failed"
  touch "$stamp"
}

# csv_write FILE HEADER: starts FILE with the header line (the latest run replaces it).
csv_write() {
  printf '%s\n' "$2" >"$1"
}

# csv_add FILE FIELDS...: appends one comma-separated row.
csv_add() {
  local file=$1
  shift
  local IFS=,
  printf '%s\n' "$*" >>"$file"
}

# iso_date: the date in the CSV rows.
iso_date() {
  date -u '+%Y-%m-%dT%H:%M:%SZ'
}
