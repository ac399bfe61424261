#!/usr/bin/env bash
# Our server beside nginx, python3 -m http.server, the JDK's jwebserver and a naive Python
# server, each serving the same file to N parallel curl clients; every copy SHA-256 checked.
set -euo pipefail

# shellcheck source=lib.sh
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/lib.sh"

usage() {
  cat <<EOF
Usage: ${0##*/} [--runs R] [--clients "N..."] [--servers "NAME..."] [--naive-max N] [--file FILE] [--quick]

Starts each server on a free 127.0.0.1 port, all serving one copy of FILE (default
bio.txt) from /dev/shm, then for each run and each N starts N curl downloads at once
against each server in turn (interleaved, so a noisy moment hits every server), and
checks every downloaded file's SHA-256. Prints the median of the runs per server and N,
and Goal 2 (our server at --chunk 1000 vs nginx and vs the naive Python server, 50
clients).

  --runs R        runs per server and N; the median is reported (default 3)
  --clients "N.." numbers of parallel clients (default "1 10 50 200")
  --servers "..." of: ours nginx python naive jwebserver (default: all that are installed)
  --naive-max N   run the naive server only up to N clients (default 50, all Goal 2
                  needs: at 200 clients it takes half a minute a run)
  --file FILE     the file to serve (default $ROOT/bio.txt)
  --quick         --runs 1 --clients "1 50"

Servers: ours = run_server.sh --chunk 1000 (Goal 2 is about that); nginx = Debian's, own
config, sendfile on; python = python3 -m http.server; naive = bench/naive_server.py
(thread per client, 1000-byte sendall); jwebserver = the JDK's simple file server.

Environment, to try variants of our server without editing it:
  BENCH_SERVER_ARGS       more server options, e.g. "--threads virtual"
  BENCH_SERVER_JAVA_OPTS  JVM flags (given to it as JAVA_TOOL_OPTIONS)
  BENCH_SERVER_JAVA_HOME  a JDK to run it with, e.g. /usr/lib/jvm/temurin-25-jdk-amd64
Writes: $RESULTS_DIR/peers.csv (medians) and peers-runs.csv (every run).
EOF
}

runs=3
clients_list="1 10 50 200"
servers_list=
naive_max=50
file=$ROOT/bio.txt

quick_settings() {
  runs=1
  clients_list="1 50"
}
declare -A VALUE_OPTIONS=([--runs]=runs [--clients]=clients_list [--servers]=servers_list [--naive-max]=naive_max
  [--file]=file)
declare -A FLAG_OPTIONS=([--quick]=quick_settings)
parse_options "$@"
[[ $runs =~ ^[1-9][0-9]?$ ]] || usage_error "--runs must be a number from 1 to 99, not '$runs'"
read -r -a clients <<<"$clients_list"
for n in "${clients[@]}"; do
  [[ $n =~ ^[1-9][0-9]{0,3}$ ]] || usage_error "--clients: each must be a number from 1 to 9999, not '$n'"
done
((${#clients[@]})) || usage_error "--clients is empty"
[[ $naive_max =~ ^[0-9]{1,4}$ ]] || usage_error "--naive-max must be a number, not '$naive_max'"
[[ -f $file ]] || die "no such file: $file"

if [[ -z $servers_list ]]; then
  servers_list="ours"
  command -v nginx >/dev/null && servers_list+=" nginx"
  command -v python3 >/dev/null && servers_list+=" python naive"
  jwebserver_path >/dev/null && servers_list+=" jwebserver"
fi
read -r -a servers <<<"$servers_list"
for server in "${servers[@]}"; do
  case $server in
    ours | nginx | python | naive | jwebserver) ;;
    *) usage_error "--servers: unknown server '$server'" ;;
  esac
done

bench_init
machine_info
describe_ours
command -v curl >/dev/null || die "curl is not installed"

www=$(serving_dir "$file")
name=${file##*/}
size=$(wc -c <"$www/$name")
digest=$(sha256_of "$www/$name")
echo "# file $name: $size bytes, sha256 $digest; runs $runs; clients ${clients[*]}; servers ${servers[*]}" \
  "(naive up to $naive_max clients)"

# measured SERVER N: true if SERVER is run with N clients.
measured() {
  [[ $1 != naive ]] || (($2 <= naive_max))
}

declare -A port pid
for server in "${servers[@]}"; do
  port[$server]=$(free_port)
  case $server in
    ours) start_ours "${port[$server]}" "$www/$name" --chunk 1000 ;;
    nginx) start_nginx "${port[$server]}" "$www" ;;
    python) start_python "${port[$server]}" "$www" ;;
    naive) start_naive "${port[$server]}" "$www/$name" ;;
    jwebserver) start_jwebserver "${port[$server]}" "$www" ;;
  esac
  pid[$server]=$SERVER_PID
  # One download first, not timed: lets a JIT warm up and checks the server works.
  curl -sS --max-time 60 -o "$BENCH_TMP/warmup" "http://127.0.0.1:${port[$server]}/$name" ||
    die "$server: the warm-up download failed"
  [[ $(sha256_of "$BENCH_TMP/warmup") == "$digest" ]] || die "$server: the warm-up download differs from $name"
  rm -f "$BENCH_TMP/warmup"
done

runs_csv=$RESULTS_DIR/peers-runs.csv
csv_write "$runs_csv" "date,server,clients,run,seconds,mib_s,verified,failed,server_cpu_s,client_cpu_s"
declare -A times server_cpu client_cpu verified_total
date_now=$(iso_date)
for ((run = 1; run <= runs; run++)); do
  for n in "${clients[@]}"; do
    for server in "${servers[@]}"; do
      measured "$server" "$n" || continue
      received=$BENCH_TMP/received
      rm -rf "$received"
      s0=$(cpu_ticks "${pid[$server]}")
      run_curls "$n" "http://127.0.0.1:${port[$server]}/$name" "$received"
      s1=$(cpu_ticks "${pid[$server]}")
      good=$(count_verified "$received" 'curl_*' "$digest")
      key="$server $n"
      times[$key]+=" $RUN_SECONDS"
      server_cpu[$key]+=" $(ticks_to_seconds $((s1 - s0)))"
      client_cpu[$key]+=" $RUN_CLIENT_CPU"
      verified_total[$key]=$((${verified_total[$key]:-0} + good))
      csv_add "$runs_csv" "$date_now" "$server" "$n" "$run" "$RUN_SECONDS" \
        "$(mib_per_s $((n * size)) "$RUN_SECONDS")" "$good" "$RUN_FAILED" \
        "$(ticks_to_seconds $((s1 - s0)))" "$RUN_CLIENT_CPU"
      if ((good != n)); then
        echo "warning: $server, $n clients, run $run: only $good of $n copies verified" >&2
      fi
    done
  done
  rm -rf "$BENCH_TMP/received" "$BENCH_TMP/received.errors"
done

summary_csv=$RESULTS_DIR/peers.csv
csv_write "$summary_csv" "date,server,clients,runs,median_s,min_s,max_s,mib_s,server_cpu_s,client_cpu_s,verified,expected"
printf '\n%-11s %7s %9s %8s %8s %8s %12s %12s %11s\n' server clients 'median s' 'min s' 'max s' 'MiB/s' \
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
    printf '%-11s %7d %9.3f %8.3f %8.3f %8s %12.2f %12.2f %11s\n' "$server" "$n" "$med" "$low" "$high" \
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
if [[ " ${clients[*]} " == *" $goal_n "* && -v "rate[ours $goal_n]" ]]; then
  if [[ -v "rate[nginx $goal_n]" ]]; then
    value=$(ratio "${rate[ours $goal_n]}" "${rate[nginx $goal_n]}")
    if ! all_verified ours $goal_n || ! all_verified nginx $goal_n; then
      value=nan # a failed copy voids the comparison
    fi
    goal 2a "engine: ours/nginx MiB/s, $goal_n curl clients" "$value" ">=" 0.9 x
  fi
  if [[ -v "rate[naive $goal_n]" ]]; then
    value=$(ratio "${rate[ours $goal_n]}" "${rate[naive $goal_n]}")
    if ! all_verified ours $goal_n || ! all_verified naive $goal_n; then
      value=nan
    fi
    goal 2b "engine: ours/naive Python MiB/s, $goal_n curl clients" "$value" ">=" 2 x
  fi
else
  echo "(Goal 2 needs --clients to include $goal_n and --servers to include ours)"
fi
