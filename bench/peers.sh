#!/usr/bin/env bash
# Our server (platform threads, and virtual threads on a JDK 21+) beside a C yardstick under
# the same chunk rule, nginx, python3 -m http.server, the JDK's jwebserver and a naive
# Python server, each serving the same file to N parallel curl clients; every copy SHA-256
# checked.
set -euo pipefail

# shellcheck source=lib.sh
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/lib.sh"

usage() {
  cat <<EOF
Usage: ${0##*/} [--runs R] [--clients "N..."] [--servers "NAME..."] [--warmup N] [--naive-max N] [--file FILE] [--quick]

Starts each server on a free 127.0.0.1 port, all serving one copy of FILE (default
bio.txt) from /dev/shm, and checks each with one download. Then one warm-up run that is
not counted (--warmup clients against each server in turn), then for each run and each
N, N curl downloads at once against each server in turn (interleaved, so a noisy moment
hits every server); every downloaded file's SHA-256 is checked. Prints the median of the
runs per server and N, and the goal lines at 50 clients: ours (--chunk 1000) vs nginx
and vs the naive Python server (Goal 2), and ours vs the C yardstick that obeys the same
chunk rule, on platform threads and on virtual threads (target 0.95x each).

  --runs R        runs per server and N; the median is reported (default 3)
  --clients "N.." numbers of parallel clients (default "1 10 50 200")
  --servers "..." of: ours ours-virtual yardstick nginx python naive jwebserver, in the
                  order they take turns (default: all of them that can run here, in the
                  order ours yardstick ours-virtual nginx python naive jwebserver)
  --warmup N      clients in the warm-up run (default 50, the goals' N; 0: no warm-up
                  run, only the one check download per server)
  --naive-max N   run the naive server only up to N clients (default 50, all Goal 2
                  needs: at 200 clients it takes half a minute a run)
  --file FILE     the file to serve (default $ROOT/bio.txt)
  --quick         --runs 1 --clients "1 50"

Servers:
  ours          run_server.sh --chunk 1000 --threads platform, on the first of
                \$BENCH_PLATFORM_JAVA_HOME, \$BENCH_SERVER_JAVA_HOME and \$JAVA_HOME that
                is set, else a Java 17 (PATH's java, else /usr/lib/jvm), else PATH's
  ours-virtual  run_server.sh --chunk 1000 --threads virtual, on \$BENCH_VIRTUAL_JAVA_HOME,
                else the newest JDK 21+ (\$JAVA_HOME, PATH, /usr/lib/jvm); left out, with
                a line saying so, if there is none
  yardstick     bench/yardstick.c, built with cc into build/bench/: a minimal C server, a
                thread per client, the body in write(2) calls of 1000 bytes like ours;
                left out, with a line saying so, if there is no cc
  nginx         Debian's, own config, sendfile on
  python        python3 -m http.server
  naive         bench/naive_server.py (thread per client, 1000-byte sendall)
  jwebserver    the JDK's simple file server

Environment, to try variants of our server without editing it:
  BENCH_SERVER_ARGS        more server options, for ours and ours-virtual
  BENCH_SERVER_JAVA_OPTS   JVM flags for both (given to them as JAVA_TOOL_OPTIONS)
  BENCH_PLATFORM_JAVA_HOME the JDK of ours, e.g. /usr/lib/jvm/java-17-openjdk-amd64 (as
                           for scale.sh; BENCH_SERVER_JAVA_HOME and JAVA_HOME work too)
  BENCH_VIRTUAL_JAVA_HOME  the JDK of ours-virtual (21 or later)
Writes: $RESULTS_DIR/peers.csv (medians) and peers-runs.csv (every run).
EOF
}

runs=3
clients_list="1 10 50 200"
servers_list=
naive_max=50
warmup=50
file=$ROOT/bio.txt

quick_settings() {
  runs=1
  clients_list="1 50"
}
declare -A VALUE_OPTIONS=([--runs]=runs [--clients]=clients_list [--servers]=servers_list [--naive-max]=naive_max
  [--warmup]=warmup [--file]=file)
declare -A FLAG_OPTIONS=([--quick]=quick_settings)
parse_options "$@"
[[ $runs =~ ^[1-9][0-9]?$ ]] || usage_error "--runs must be a number from 1 to 99, not '$runs'"
read -r -a clients <<<"$clients_list"
for n in "${clients[@]}"; do
  [[ $n =~ ^[1-9][0-9]{0,3}$ ]] || usage_error "--clients: each must be a number from 1 to 9999, not '$n'"
done
((${#clients[@]})) || usage_error "--clients is empty"
[[ $naive_max =~ ^[0-9]{1,4}$ ]] || usage_error "--naive-max must be a number, not '$naive_max'"
[[ $warmup =~ ^(0|[1-9][0-9]{0,3})$ ]] || usage_error "--warmup must be a number from 0 to 9999, not '$warmup'"
[[ -f $file ]] || die "no such file: $file"

if [[ -z $servers_list ]]; then
  # ours-virtual and the yardstick are always listed: when one cannot run, a line says so.
  servers_list="ours yardstick ours-virtual"
  command -v nginx >/dev/null && servers_list+=" nginx"
  command -v python3 >/dev/null && servers_list+=" python naive"
  jwebserver_path >/dev/null && servers_list+=" jwebserver"
fi
read -r -a servers <<<"$servers_list"
for server in "${servers[@]}"; do
  case $server in
    ours | ours-virtual | yardstick | nginx | python | naive | jwebserver) ;;
    *) usage_error "--servers: unknown server '$server'" ;;
  esac
done
((${#servers[@]})) || usage_error "--servers is empty"

# The JDK of each of our two servers: ours on platform threads on a Java 17 (or the one
# asked for), ours-virtual on one with virtual threads.
platform_home=$(platform_jdk) || die "found no JDK for our server (set JAVA_HOME)"
platform_feature=$(java_feature "$platform_home") || die "$platform_home is not a JDK (no release file or bin/java)"
virtual_feature=
if [[ -n ${BENCH_VIRTUAL_JAVA_HOME:-} ]]; then
  virtual_home=$BENCH_VIRTUAL_JAVA_HOME
  virtual_feature=$(java_feature "$virtual_home") || die "BENCH_VIRTUAL_JAVA_HOME=$virtual_home is not a JDK"
  ((virtual_feature >= 21)) ||
    die "BENCH_VIRTUAL_JAVA_HOME=$virtual_home is Java $virtual_feature; virtual threads need 21 or later"
elif virtual_home=$(newest_jdk 21); then
  virtual_feature=$(java_feature "$virtual_home")
fi

# Leave out what cannot run here, each with a line saying why (printed after the machine line).
skipped_lines=()
kept=()
for server in "${servers[@]}"; do
  if [[ $server == ours-virtual && -z $virtual_feature ]]; then
    skipped_lines+=("# skipped: ours-virtual: no JDK 21+ (JAVA_HOME, PATH, /usr/lib/jvm) for --threads virtual")
  elif [[ $server == yardstick ]] && ! build_yardstick; then
    skipped_lines+=("# skipped: yardstick: no cc to compile bench/yardstick.c (apt-get install gcc)")
  else
    kept+=("$server")
  fi
done
((${#kept[@]})) || die "none of the servers asked for can run here: ${skipped_lines[*]}"
servers=("${kept[@]}")

bench_init
machine_info
if ((${#skipped_lines[@]})); then
  printf '%s\n' "${skipped_lines[@]}"
fi
# The options each of our servers is started with (after --port and --file).
ours_options=(--chunk 1000 --threads platform)
virtual_options=(--chunk 1000 --threads virtual)
for server in "${servers[@]}"; do
  case $server in
    ours) BENCH_SERVER_JAVA_HOME=$platform_home describe_ours_as ours "${ours_options[@]}" ;;
    ours-virtual) BENCH_SERVER_JAVA_HOME=$virtual_home describe_ours_as ours-virtual "${virtual_options[@]}" ;;
    yardstick) echo "# yardstick: ${YARDSTICK#"$ROOT"/}, from bench/yardstick.c, by $(cc --version | head -n 1)" ;;
  esac
done
command -v curl >/dev/null || die "curl is not installed"

www=$(serving_dir "$file")
name=${file##*/}
size=$(wc -c <"$www/$name")
digest=$(sha256_of "$www/$name")
warmup_text=" (no warm-up run)"
if ((warmup > 0)); then
  warmup_text=" after a warm-up run of $warmup clients"
fi
echo "# file $name: $size bytes, sha256 $digest; runs $runs$warmup_text; clients ${clients[*]};" \
  "servers ${servers[*]} (naive up to $naive_max clients)"

# measured SERVER N: true if SERVER is run with N clients.
measured() {
  [[ $1 != naive ]] || (($2 <= naive_max))
}

declare -A port pid
for server in "${servers[@]}"; do
  port[$server]=$(free_port)
  case $server in
    ours) BENCH_SERVER_JAVA_HOME=$platform_home start_ours "${port[$server]}" "$www/$name" "${ours_options[@]}" ;;
    ours-virtual)
      BENCH_SERVER_JAVA_HOME=$virtual_home start_ours "${port[$server]}" "$www/$name" "${virtual_options[@]}"
      ;;
    yardstick) start_yardstick "${port[$server]}" "$www/$name" ;;
    nginx) start_nginx "${port[$server]}" "$www" ;;
    python) start_python "${port[$server]}" "$www" ;;
    naive) start_naive "${port[$server]}" "$www/$name" ;;
    jwebserver) start_jwebserver "${port[$server]}" "$www" ;;
  esac
  pid[$server]=$SERVER_PID
  # One download first, not timed: checks the server works (and starts its JIT warming up).
  curl -sS --max-time 60 -o "$BENCH_TMP/check" "http://127.0.0.1:${port[$server]}/$name" ||
    die "$server: the check download failed"
  [[ $(sha256_of "$BENCH_TMP/check") == "$digest" ]] || die "$server: the check download differs from $name"
  rm -f "$BENCH_TMP/check"
done

# one_run SERVER N WHAT: N curl downloads at once from SERVER; sets GOOD (copies verified),
# SERVER_SECONDS (the server's CPU) and run_curls' RUN_*. Warns if a copy failed.
one_run() {
  local server=$1 n=$2 what=$3 received=$BENCH_TMP/received s0 s1
  rm -rf "$received" "$received.errors"
  s0=$(cpu_ticks "${pid[$server]}")
  run_curls "$n" "http://127.0.0.1:${port[$server]}/$name" "$received"
  s1=$(cpu_ticks "${pid[$server]}")
  GOOD=$(count_verified "$received" 'curl_*' "$digest")
  SERVER_SECONDS=$(ticks_to_seconds $((s1 - s0)))
  rm -rf "$received" "$received.errors"
  if ((GOOD != n)); then
    echo "warning: $server, $n clients, $what: only $GOOD of $n copies verified" >&2
  fi
}

# The warm-up run, not counted: every server at full concurrency once (thread creation,
# the JIT's compiled code for the write loop under load, the page cache), in turn.
if ((warmup > 0)); then
  for server in "${servers[@]}"; do
    if measured "$server" "$warmup"; then
      one_run "$server" "$warmup" "the warm-up run"
    fi
  done
fi

runs_csv=$RESULTS_DIR/peers-runs.csv
csv_write "$runs_csv" "date,server,clients,run,seconds,mib_s,verified,failed,server_cpu_s,client_cpu_s"
declare -A times server_cpu client_cpu verified_total
date_now=$(iso_date)
for ((run = 1; run <= runs; run++)); do
  for n in "${clients[@]}"; do
    for server in "${servers[@]}"; do
      measured "$server" "$n" || continue
      one_run "$server" "$n" "run $run"
      key="$server $n"
      times[$key]+=" $RUN_SECONDS"
      server_cpu[$key]+=" $SERVER_SECONDS"
      client_cpu[$key]+=" $RUN_CLIENT_CPU"
      verified_total[$key]=$((${verified_total[$key]:-0} + GOOD))
      csv_add "$runs_csv" "$date_now" "$server" "$n" "$run" "$RUN_SECONDS" \
        "$(mib_per_s $((n * size)) "$RUN_SECONDS")" "$GOOD" "$RUN_FAILED" "$SERVER_SECONDS" "$RUN_CLIENT_CPU"
    done
  done
done

summary_csv=$RESULTS_DIR/peers.csv
csv_write "$summary_csv" "date,server,clients,runs,median_s,min_s,max_s,mib_s,server_cpu_s,client_cpu_s,verified,expected"
printf '\n%-12s %7s %9s %8s %8s %8s %12s %12s %11s\n' server clients 'median s' 'min s' 'max s' 'MiB/s' \
  'server CPU s' 'client CPU s' verified
declare -A rate
for n in "${clients[@]}"; do
  for server in "${servers[@]}"; do
    measured "$server" "$n" || continue
    key="$server $n"
    read -r -a t <<<"${times[$key]}"
    med=$(median "${t[@]}")
    low=$(printf '%s\n' "${t[@]}" | sort -g | head -n 1)
    high=$(printf '%s\n' "${t[@]}" | sort -g | tail -n 1)
    read -r -a sc <<<"${server_cpu[$key]}"
    read -r -a cc <<<"${client_cpu[$key]}"
    rate[$key]=$(mib_per_s $((n * size)) "$med")
    expected=$((n * runs))
    printf '%-12s %7d %9.3f %8.3f %8.3f %8s %12.2f %12.2f %11s\n' "$server" "$n" "$med" "$low" "$high" \
      "${rate[$key]}" "$(median "${sc[@]}")" "$(median "${cc[@]}")" "${verified_total[$key]}/$expected"
    csv_add "$summary_csv" "$date_now" "$server" "$n" "$runs" "$med" "$low" "$high" "${rate[$key]}" \
      "$(median "${sc[@]}")" "$(median "${cc[@]}")" "${verified_total[$key]}" "$expected"
  done
done
echo "(MiB/s: clients x $size bytes / median seconds; CPU: medians per run; wrote $summary_csv, $runs_csv)"

# all_verified SERVER N: true if every copy from SERVER with N clients was verified.
all_verified() {
  ((${verified_total["$1 $2"]:-0} == $2 * runs))
}

echo
goal_n=50
goal_lines=0
# ratio_goal ID TEXT MINE OTHER OP TARGET: the goal line for MINE's MiB/s / OTHER's at
# goal_n clients, "nan" if any copy from either failed; nothing if either was not measured.
ratio_goal() {
  local id=$1 text=$2 mine=$3 other=$4 op=$5 target=$6 value
  [[ -v "rate[$mine $goal_n]" && -v "rate[$other $goal_n]" ]] || return 0
  value=$(ratio "${rate[$mine $goal_n]}" "${rate[$other $goal_n]}")
  if ! all_verified "$mine" $goal_n || ! all_verified "$other" $goal_n; then
    value=nan # a failed copy voids the comparison
  fi
  goal "$id" "$text" "$value" "$op" "$target" x
  goal_lines=$((goal_lines + 1))
}

# rates MINE OTHER: "225/250 MiB/s", their MiB/s at goal_n clients.
rates() {
  echo "${rate[$1 $goal_n]:-?}/${rate[$2 $goal_n]:-?} MiB/s"
}

if [[ " ${clients[*]} " != *" $goal_n "* ]]; then
  echo "(the goals need --clients to include $goal_n)"
elif [[ ! -v "rate[ours $goal_n]" && ! -v "rate[ours-virtual $goal_n]" ]]; then
  echo "(the goals need --servers to include ours or ours-virtual)"
else
  ratio_goal 2a "engine: ours/nginx MiB/s, $goal_n curl clients" ours nginx ">=" 0.9
  ratio_goal 2b "engine: ours/naive Python MiB/s, $goal_n curl clients" ours naive ">=" 2
  # The chunk rule's own cost, on each thread kind: the yardstick obeys it too.
  ratio_goal 2c "ours/yardstick $(rates ours yardstick), $goal_n curl, Java $platform_feature platform" \
    ours yardstick ">=" 0.95
  ratio_goal 2d "ours-virtual/yardstick $(rates ours-virtual yardstick), $goal_n curl, Java $virtual_feature virtual" \
    ours-virtual yardstick ">=" 0.95
  if ((goal_lines == 0)); then
    echo "(no goal line: the goals compare ours with nginx, naive or yardstick, and none of them ran)"
  fi
fi
