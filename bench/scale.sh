#!/usr/bin/env bash
# Goal 3: 10,000 parallel connections against one server (1 MiB file) and 1,000 at
# 10 MiB, every download verified, the server's peak threads and RSS read from /proc.
set -euo pipefail

# shellcheck source=lib.sh
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/lib.sh"

RSS_LIMIT_MIB=512

usage() {
  cat <<EOF
Usage: ${0##*/} [--small K] [--large K] [--threads T] [--verify MODE] [--no-barrier] [--timeout S] [--nginx] [--quick]

Two runs of the load generator (bench/java/LoadGenerator.java: one JVM, non-blocking
sockets, every copy verified in memory, nothing written), each against a fresh server:
  small   K connections at once (default 10000), a 1 MiB file (the first MiB of bio.txt)
  large   K connections at once (default 1000), bio.txt (10 MiB)
The generator opens all K connections before it sends any request (--barrier), so all
K transfers run at once. It reports completed and failed downloads (with reasons), the
time to open all K, the time and MiB/s of the transfers, and the server's peak threads,
peak RSS (VmHWM) and CPU time, then Goal 3: every download verified and the server's
peak RSS under $RSS_LIMIT_MIB MiB in both.
Raises the open-files limit to the hard limit ($(ulimit -Hn) here) for the server and the generator.

  --small K       connections for the 1 MiB run (default 10000; 0 skips it)
  --large K       connections for the 10 MiB run (default 1000; 0 skips it)
  --threads T     the generator's selector threads (default 1)
  --verify MODE   sha256 (default), bytes (compare with the file in memory) or length
  --no-barrier    send each request as soon as its connection is open (then early ones
                  may finish before the last ones connect: fewer at once)
  --timeout S     the generator gives up on unfinished downloads after S seconds (default 120)
  --nginx         also run both loads against nginx, for comparison (nginx fills socket
                  buffers so fast that 10,000 of them can exhaust the kernel's tcp_mem:
                  see the "kernel:" line after each run)
  --quick         --small 2000 --large 200

If a JDK 21+ is found (\$BENCH_VIRTUAL_JAVA_HOME, else /usr/lib/jvm/*), the 1 MiB run is
repeated on it with --threads virtual.

Environment, to try variants of our server without editing it:
  BENCH_SERVER_ARGS       more server options, e.g. "--threads virtual"
  BENCH_SERVER_JAVA_OPTS  JVM flags (given to it as JAVA_TOOL_OPTIONS)
  BENCH_SERVER_JAVA_HOME  a JDK to run it with, e.g. /usr/lib/jvm/temurin-25-jdk-amd64
Writes: $RESULTS_DIR/scale.csv (one row per run).
EOF
}

small=10000
large=1000
threads=1
verify=sha256
with_nginx=false
barrier=(--barrier)
timeout=120
quick_settings() {
  small=2000
  large=200
}
include_nginx() { with_nginx=true; }
without_barrier() { barrier=(); }
declare -A VALUE_OPTIONS=([--small]=small [--large]=large [--threads]=threads [--verify]=verify [--timeout]=timeout)
declare -A FLAG_OPTIONS=([--nginx]=include_nginx [--no-barrier]=without_barrier [--quick]=quick_settings)
parse_options "$@"
[[ $small =~ ^(0|[1-9][0-9]{0,4})$ ]] || usage_error "--small must be a number from 0 to 99999, not '$small'"
[[ $large =~ ^(0|[1-9][0-9]{0,4})$ ]] || usage_error "--large must be a number from 0 to 99999, not '$large'"
[[ $timeout =~ ^[1-9][0-9]{0,4}$ ]] || usage_error "--timeout must be a number of seconds, not '$timeout'"
[[ $threads =~ ^[1-9]$ ]] || usage_error "--threads must be a number from 1 to 9, not '$threads'"
[[ $verify =~ ^(sha256|bytes|length)$ ]] || usage_error "--verify must be sha256, bytes or length, not '$verify'"
if $with_nginx && ! command -v nginx >/dev/null; then
  die "--nginx: nginx is not installed"
fi

# Each connection is a descriptor in the server and one in the generator.
hard_limit=$(ulimit -Hn)
ulimit -n "$hard_limit"
for count in "$small" "$large"; do
  if ((count + 100 > hard_limit)); then
    die "$count connections need more open files than the hard limit of $hard_limit"
  fi
done

bench_init
machine_info
describe_ours
ensure_built
compile_bench_java

www=$(serving_dir "$ROOT/bio.txt")
head -c 1048576 "$ROOT/bio.txt" >"$www/bio-1MiB.txt"
chmod 644 "$www/bio-1MiB.txt"
echo "# open files limit $(ulimit -n); generator: $threads selector thread(s), verify $verify, ${barrier[*]:---no-barrier};" \
  "somaxconn $(cat /proc/sys/net/core/somaxconn), local ports $(tr '\t' '-' </proc/sys/net/ipv4/ip_local_port_range)"

csv=$RESULTS_DIR/scale.csv
rm -f "$csv"
generator_log=$BENCH_TMP/generator.log

# scale_run SERVER FILE K: a fresh SERVER (ours or nginx) serving FILE, K connections at
# once; prints the generator's report and sets RESULT_<key> from its RESULT line.
scale_run() {
  local server=$1 file=$2 count=$3 port status=0 pair name=${2##*/} counters
  port=$(free_port)
  case $server in
    ours) start_ours "$port" "$file" --max-clients "$((count > 10000 ? count : 10000))" ;;
    ours-virtual)
      BENCH_SERVER_JAVA_HOME=$virtual_jdk BENCH_SERVER_ARGS="--threads virtual" \
        start_ours "$port" "$file" --max-clients "$((count > 10000 ? count : 10000))"
      ;;
    nginx) start_nginx "$port" "$www" ;;
  esac
  unset "${!RESULT_@}"
  counters=$(tcp_counters)
  java -Xmx1g -cp "$BENCH_CLASSES" LoadGenerator --port "$port" --path "/$name" --expect "$file" \
    --connections "$count" --threads "$threads" --verify "$verify" "${barrier[@]}" --server-pid "$SERVER_PID" \
    --timeout "$timeout" --label "$server-$count-x-$name" --csv "$csv" >"$generator_log" 2>&1 &
  CLIENT_PIDS=($!)
  wait "${CLIENT_PIDS[0]}" || status=$?
  CLIENT_PIDS=()
  echo
  sed '/^RESULT /d' "$generator_log"
  echo "  $(tcp_counters_since "$counters")"
  stop_server
  for pair in $(grep '^RESULT ' "$generator_log" | tail -n 1 | cut -d ' ' -f 2-); do
    printf -v "RESULT_${pair%%=*}" '%s' "${pair#*=}"
  done
  if ((status != 0)) && [[ -z ${RESULT_completed:-} ]]; then
    echo "warning: the load generator exited $status without a result" >&2
  fi
}

# find_virtual_jdk: prints the home of a JDK with virtual threads (21 or newer), from
# $BENCH_VIRTUAL_JAVA_HOME or /usr/lib/jvm, or nothing if there is none.
find_virtual_jdk() {
  local home feature
  for home in ${BENCH_VIRTUAL_JAVA_HOME:-} /usr/lib/jvm/*; do
    [[ -x $home/bin/java ]] || continue
    feature=$("$home/bin/java" -XshowSettings:properties -version 2>&1 |
      awk -F '= ' '/java.specification.version/ { print $2; exit }')
    if [[ $feature =~ ^[0-9]+$ ]] && ((feature >= 21)); then
      echo "$home"
      return
    fi
  done
}
virtual_jdk=$(find_virtual_jdk)

declare -a goal_lines=()
# check_goals ID K WHAT: adds the goal lines of the run just made.
check_goals() {
  local id=$1 count=$2 what=$3
  goal_lines+=("$(goal "${id}a" "scale: $what at once, downloads verified" "${RESULT_completed:-0}" ">=" "$count")")
  goal_lines+=("$(goal "${id}b" "scale: $what, server peak RSS" "${RESULT_server_hwm_mib:-nan}" "<=" "$RSS_LIMIT_MIB" " MiB")")
}

if ((small > 0)); then
  scale_run ours "$www/bio-1MiB.txt" "$small"
  check_goals 3.1 "$small" "$small x 1 MiB"
  # The same load on virtual threads, where a JDK has them: the thread model that fits
  # this many clients in the memory target (the bundle itself targets Java 17).
  if [[ -n $virtual_jdk ]]; then
    echo "# the same with --threads virtual on $("$virtual_jdk/bin/java" -version 2>&1 | head -n 1)"
    scale_run ours-virtual "$www/bio-1MiB.txt" "$small"
    check_goals 3.1v "$small" "$small x 1 MiB, virtual threads"
  fi
  if $with_nginx; then
    scale_run nginx "$www/bio-1MiB.txt" "$small"
  fi
fi
if ((large > 0)); then
  scale_run ours "$www/bio.txt" "$large"
  check_goals 3.2 "$large" "$large x 10 MiB"
  if $with_nginx; then
    scale_run nginx "$www/bio.txt" "$large"
  fi
fi
echo
echo "(wrote $csv)"
echo
printf '%s\n' "${goal_lines[@]}"
