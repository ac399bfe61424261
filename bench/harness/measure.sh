# shellcheck shell=bash
# shellcheck disable=SC2034 # RUN_* are results for the script that sources this
# bench/lib.sh's part for measuring: the machine, elapsed time, CPU ticks, curl runs,
# SHA-256 checks and the kernel's TCP counters.

# machine_info: one line with the date, the machine and how busy it is. The JDK named is
# the clients' (client_java: $JAVA_HOME's, else the java on PATH); describe_ours names
# the server's.
machine_info() {
  local memory cpu java_version
  memory=$(awk '/^MemTotal:/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
  cpu=$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo)
  java_version=$("$(client_java)" -version 2>&1 | awk 'NR == 1')
  printf '# %s | %s | %s cores (%s), %s | %s | Linux %s | load average %s\n' \
    "$(date -u '+%Y-%m-%d %H:%M:%S UTC')" "$(code_commit)" "$(nproc)" "${cpu:-unknown CPU}" \
    "$memory" "$java_version" "$(uname -r)" "$(cut -d ' ' -f 1-3 /proc/loadavg)"
  # The load average lags by minutes (and counts our own last run): look at the last second.
  local idle
  idle=$(idle_percent)
  echo "# CPU idle over the last second: $idle%"
  if ((idle < 90)); then
    echo "# warning: something else is using the CPU: the figures will be noisy"
  fi
}

# code_commit: which code is measured: "commit abc1234", with " plus uncommitted changes"
# when the tree differs from it, or "no git commit" outside a clone. What the benchmarks
# and the report write themselves (bench/results/, whose log is open as this runs, and
# the report's pictures) is not a change to the code measured.
code_commit() {
  local commit
  commit=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null) || { echo "no git commit"; return; }
  git -C "$ROOT" diff --quiet HEAD -- . ':(exclude)bench/results' ':(exclude)screenshots' \
    ':(exclude)report/figures' ':(exclude)REPORT.pdf' 2>/dev/null || commit+=" plus uncommitted changes"
  echo "commit $commit"
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

# run_at_once N COMMAND...: starts N copies of COMMAND at once, each in the background
# with its number (1 to N) as one more argument, and waits for all. Sets RUN_SECONDS (first
# start to last exit), RUN_FAILED (copies that exited non-zero) and RUN_CLIENT_CPU (their
# CPU seconds). A COMMAND that is a function should exec its program, so that each copy
# is one process, as it would be without the function.
run_at_once() {
  local count=$1 i t0 t1 c0 failed=0
  shift
  c0=$(children_ticks)
  t0=$(now_us)
  for ((i = 1; i <= count; i++)); do
    "$@" "$i" &
    CLIENT_PIDS[i]=$!
  done
  for ((i = 1; i <= count; i++)); do
    wait "${CLIENT_PIDS[i]}" || failed=$((failed + 1))
    unset 'CLIENT_PIDS[i]'
  done
  t1=$(now_us)
  RUN_SECONDS=$(seconds_between "$t0" "$t1")
  RUN_FAILED=$failed
  RUN_CLIENT_CPU=$(ticks_to_seconds $(($(children_ticks) - c0)))
}

# run_curls N URL DIR: N curl downloads of URL at once, into DIR/curl_<i>; waits for all.
# Sets RUN_SECONDS, RUN_FAILED (curl exits not 0) and RUN_CLIENT_CPU, as run_at_once.
run_curls() {
  mkdir -p "$3"
  run_at_once "$1" curl_into "$2" "$3"
}

# curl_into URL DIR I: becomes one curl that downloads URL into DIR/curl_I.
curl_into() {
  exec curl -sS --max-time 300 -o "$2/curl_$3" "$1" 2>>"$2.errors"
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

# run_load_generator LOG ARGS...: runs the load generator (bench/java) with ARGS on the
# clients' JDK, its output in LOG, as a client that the cleanup stops if this script is
# interrupted; sets RESULT_<key> from its RESULT line and returns its exit status.
run_load_generator() {
  local log=$1 status=0 pair
  shift
  unset "${!RESULT_@}"
  "$(client_java)" -Xmx1g -cp "$BENCH_CLASSPATH" fileserver.bench.LoadGenerator "$@" >"$log" 2>&1 &
  CLIENT_PIDS=($!)
  wait "${CLIENT_PIDS[0]}" || status=$?
  CLIENT_PIDS=()
  for pair in $(grep '^RESULT ' "$log" | tail -n 1 | cut -d ' ' -f 2-); do
    printf -v "RESULT_${pair%%=*}" '%s' "${pair#*=}"
  done
  return "$status"
}
