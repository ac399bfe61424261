#!/usr/bin/env bash
# Our server (platform threads, and virtual threads on a JDK 21+, with the assignment's
# 1000-byte writes; and with 64 KiB writes, to show that rule's price) beside a C yardstick
# under the same chunk rule, nginx, python3 -m http.server, the JDK's jwebserver and a naive
# Python server, and, with --baseline, beside itself as an earlier commit built it; each
# serving the same file to N parallel curl clients; every copy SHA-256 checked.
set -euo pipefail

# shellcheck source=lib.sh
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/lib.sh"

usage() {
  cat <<EOF
Usage: ${0##*/} [--runs R] [--clients "N..."] [--servers "NAME..."] [--warmup N] [--naive-max N]
          [--file FILE] [--baseline REV] [--quick]

Starts each server on a free 127.0.0.1 port, all serving one copy of FILE (default
bio.txt) from /dev/shm, and checks each with one download. Then one warm-up run that is
not counted (--warmup clients against each server in turn), then for each run and each
N, N curl downloads at once against each server in turn (interleaved, so a noisy moment
hits every server; every other run in the reverse order, so no server always follows the
same one); every downloaded file's SHA-256 is checked. Prints the median of the runs per
server and N, and the goal lines at 50 clients: ours (--chunk 1000) vs nginx and vs the
naive Python server (Goal 2), and ours vs the C yardstick that obeys the same chunk rule,
on platform threads and on virtual threads (target 0.95x each); with --baseline, ours vs
before on each thread kind (issue 20: within 3%, 0.97x or better, from median seconds).

  --runs R        runs per server and N; the median is reported (default 3)
  --clients "N.." numbers of parallel clients (default "1 10 50 200")
  --servers "..." of: ours ours-virtual ours-64k before before-virtual yardstick nginx
                  python naive jwebserver, in the order they take turns (default: all of
                  them that can run here, in the order ours before yardstick ours-virtual
                  before-virtual ours-64k nginx python naive jwebserver; before and
                  before-virtual only with --baseline)
  --warmup N      clients in the warm-up run (default 50, the goals' N; 0: no warm-up
                  run, only the one check download per server)
  --naive-max N   run the naive server only up to N clients (default 50, all Goal 2
                  needs: at 200 clients it takes half a minute a run)
  --file FILE     the file to serve (default $ROOT/bio.txt)
  --baseline REV  a git commit of this repository to measure ours against (default none):
                  exported (git archive) into build/bench/baseline-<commit>, reused by
                  later runs, and built there by its own Makefile (make all); runs as
                  before and before-virtual
  --quick         --runs 1 --clients "1 50"

Servers:
  ours          run_server.sh --chunk 1000 --threads platform, on the first of
                \$BENCH_PLATFORM_JAVA_HOME, \$BENCH_SERVER_JAVA_HOME and \$JAVA_HOME that
                is set, else a Java 17 (PATH's java, else /usr/lib/jvm), else PATH's
  ours-virtual  run_server.sh --chunk 1000 --threads virtual, on \$BENCH_VIRTUAL_JAVA_HOME,
                else the newest JDK 21+ (\$JAVA_HOME, PATH, /usr/lib/jvm); left out, with
                a line saying so, if there is none
  ours-64k      ours with --chunk 65536 instead (same JDK, platform threads): what the
                assignment's 1000-byte writes cost; no goal line compares it
  before, before-virtual
                ours and ours-virtual as --baseline REV builds them, run by REV's own
                run_server.sh with the same options, JDKs and BENCH_SERVER_* settings
  yardstick     bench/yardstick.c, built with cc into build/bench/: a minimal C server, a
                thread per client, the body in write(2) calls of 1000 bytes like ours;
                left out, with a line saying so, if there is no cc
  nginx         Debian's, own config, sendfile on
  python        python3 -m http.server
  naive         bench/naive_server.py (thread per client, 1000-byte sendall)
  jwebserver    the JDK's simple file server

Environment, to try variants of our server without editing it:
  BENCH_SERVER_ARGS        more server options, for ours, ours-64k, before and their -virtual
  BENCH_SERVER_JAVA_OPTS   JVM flags for all five (given to them as JAVA_TOOL_OPTIONS)
  BENCH_PLATFORM_JAVA_HOME the JDK of ours, ours-64k and before, e.g. /usr/lib/jvm/java-17-openjdk-amd64 (as
                           for scale.sh; BENCH_SERVER_JAVA_HOME and JAVA_HOME work too)
  BENCH_VIRTUAL_JAVA_HOME  the JDK of ours-virtual and before-virtual (21 or later)
Writes: $RESULTS_DIR/peers.csv (medians), peers-runs.csv (every run) and, with
--baseline, peers-baseline.csv (the ours/before goal lines, with both commits).
EOF
}

runs=3
clients_list="1 10 50 200"
servers_list=
naive_max=50
warmup=50
file=$ROOT/bio.txt
baseline=

quick_settings() {
  runs=1
  clients_list="1 50"
}
declare -A VALUE_OPTIONS=([--runs]=runs [--clients]=clients_list [--servers]=servers_list [--naive-max]=naive_max
  [--warmup]=warmup [--file]=file [--baseline]=baseline)
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
  servers_list="ours${baseline:+ before} yardstick ours-virtual${baseline:+ before-virtual} ours-64k"
  command -v nginx >/dev/null && servers_list+=" nginx"
  command -v python3 >/dev/null && servers_list+=" python naive"
  jwebserver_path >/dev/null && servers_list+=" jwebserver"
fi
read -r -a servers <<<"$servers_list"
for server in "${servers[@]}"; do
  case $server in
    ours | ours-virtual | ours-64k | yardstick | nginx | python | naive | jwebserver) ;;
    before | before-virtual) [[ -n $baseline ]] || usage_error "--servers: $server needs --baseline REV" ;;
    *) usage_error "--servers: unknown server '$server'" ;;
  esac
done
((${#servers[@]})) || usage_error "--servers is empty"
[[ -z $baseline || " ${servers[*]} " == *" before"* ]] ||
  usage_error "--baseline: --servers names neither before nor before-virtual"
[[ -z $baseline ]] || baseline_commit "$baseline"

# The JDKs of our servers: ours (and before) on platform threads on a Java 17 (or the one
# asked for), ours-virtual (and before-virtual) on one with virtual threads.
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
  if [[ $server == *-virtual && -z $virtual_feature ]]; then
    skipped_lines+=("# skipped: $server: no JDK 21+ (JAVA_HOME, PATH, /usr/lib/jvm) for --threads virtual")
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
# Our servers: each one's tree (its run_server.sh and build), JDK, thread kind and bytes per
# write; started with --chunk CHUNK --threads KIND (after --port and --file).
declare -A tree_of=([ours]=$ROOT [ours-virtual]=$ROOT [ours-64k]=$ROOT) jdk_of threads_of chunk_of
if [[ " ${servers[*]} " == *" before"* ]]; then
  baseline_tree
  describe_baseline "$baseline"
  tree_of+=([before]=$BASELINE_ROOT [before-virtual]=$BASELINE_ROOT)
fi
for server in "${!tree_of[@]}"; do
  jdk_of[$server]=$platform_home threads_of[$server]=platform chunk_of[$server]=1000
  if [[ $server == *-virtual ]]; then
    jdk_of[$server]=$virtual_home threads_of[$server]=virtual
  fi
done
chunk_of[ours-64k]=65536
for server in "${servers[@]}"; do
  if [[ -v "tree_of[$server]" ]]; then
    BENCH_SERVER_JAVA_HOME=${jdk_of[$server]} describe_ours_as "$server" --chunk "${chunk_of[$server]}" --threads "${threads_of[$server]}"
  elif [[ $server == yardstick ]]; then
    echo "# yardstick: ${YARDSTICK#"$ROOT"/}, from bench/yardstick.c, by $(cc --version | head -n 1)"
  fi
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
    ours | ours-virtual | ours-64k | before | before-virtual)
      ROOT=${tree_of[$server]} BENCH_SERVER_JAVA_HOME=${jdk_of[$server]} \
        start_ours "${port[$server]}" "$www/$name" --chunk "${chunk_of[$server]}" --threads "${threads_of[$server]}"
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
  order=("${servers[@]}")
  if ((run % 2 == 0)); then
    for ((i = 0; i < ${#servers[@]}; i++)); do order[i]=${servers[${#servers[@]} - 1 - i]}; done
  fi
  for n in "${clients[@]}"; do
    for server in "${order[@]}"; do
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

# The report: the table of medians (peers.csv) and the goal lines at 50 clients.
# shellcheck source=harness/peers_report.sh
source "$BENCH_DIR/harness/peers_report.sh"
summary_table
echo
goal_report
