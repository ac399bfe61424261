#!/usr/bin/env bash
# The whole main job, ./run_clients.sh 50 against our server, beside 50 curl processes
# against nginx in the same run: both times and their ratio (Goal 1).
set -euo pipefail

# shellcheck source=lib.sh
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/lib.sh"

usage() {
  cat <<EOF
Usage: ${0##*/} [--runs R] [--clients N] [--quick]

Serves one copy of bio.txt from /dev/shm with our server (run_server.sh) and with nginx
(sendfile, own config), then, R times in turn:
  ours    ./run_clients.sh N --port P --dir D   (N client JVMs, every copy verified by them)
  nginx   N curl processes at once
  floor   N JVMs at once that only print hello (the client JVM flags, no class-data archive)
Every copy is then SHA-256 checked. Prints the medians and Goal 1: ours / nginx <= 2.5.

  --runs R      runs of each (default 3; the median is reported)
  --clients N   parallel clients (default 50)
  --quick       --runs 1

Environment:
  CLIENT_JAVA_OPTS        the client JVM's flags (see run_clients.sh --help)
  BENCH_SERVER_ARGS       more options for our server, e.g. "--threads virtual"
  BENCH_SERVER_JAVA_OPTS  our server's JVM flags (given to it as JAVA_TOOL_OPTIONS)
  BENCH_SERVER_JAVA_HOME  a JDK to run our server on (given to run_server.sh as JAVA_HOME);
                          default: run_server.sh's choice (\$JAVA_HOME's, else the newest
                          JDK 21+, else PATH's)
  JAVA_HOME               the JDK of the clients, and of our server unless the above
Writes: $RESULTS_DIR/main_job.csv (medians) and main_job-runs.csv (every run).
EOF
}

runs=3
clients=50
quick_settings() { runs=1; }
declare -A VALUE_OPTIONS=([--runs]=runs [--clients]=clients)
declare -A FLAG_OPTIONS=([--quick]=quick_settings)
parse_options "$@"
[[ $runs =~ ^[1-9][0-9]?$ ]] || usage_error "--runs must be a number from 1 to 99, not '$runs'"
[[ $clients =~ ^[1-9][0-9]{0,3}$ ]] || usage_error "--clients must be a number from 1 to 9999, not '$clients'"
command -v nginx >/dev/null || die "nginx is not installed (apt-get install nginx-light)"
command -v curl >/dev/null || die "curl is not installed"

bench_init
machine_info
describe_ours
ensure_built
compile_bench_java

www=$(serving_dir "$ROOT/bio.txt")
size=$(wc -c <"$www/bio.txt")
digest=$(sha256_of "$www/bio.txt")
client_java_args
# The floor's JVMs run on the JDK run_clients.sh runs the clients on.
floor_java=$(client_java) || exit 1
floor_args=()
for arg in "${CLIENT_JAVA_ARGS[@]}"; do
  [[ $arg == -XX:SharedArchiveFile=* ]] || floor_args+=("$arg")
done
echo "# bio.txt: $size bytes; $clients clients; runs $runs; client JVM flags: ${CLIENT_JAVA_ARGS[*]:-(none)}"

ours_port=$(free_port)
start_ours "$ours_port" "$www/bio.txt"
ours_pid=$SERVER_PID
nginx_port=$(free_port)
start_nginx "$nginx_port" "$www"
nginx_pid=$SERVER_PID

received=$BENCH_TMP/received
clients_log=$BENCH_TMP/run_clients.log

# run_ours: ./run_clients.sh against our server; sets RUN_SECONDS, RUN_CLIENT_CPU and
# RUN_OWN_LINE (its summary line).
run_ours() {
  local c0 t0 t1 status=0
  rm -rf "$received"
  c0=$(children_ticks)
  t0=${EPOCHREALTIME/./}
  "$ROOT/run_clients.sh" "$clients" --port "$ours_port" --dir "$received" >"$clients_log" 2>&1 &
  CLIENT_PIDS=($!)
  wait "${CLIENT_PIDS[0]}" || status=$?
  CLIENT_PIDS=()
  t1=${EPOCHREALTIME/./}
  RUN_SECONDS=$(seconds_between "$t0" "$t1")
  RUN_CLIENT_CPU=$(ticks_to_seconds $(($(children_ticks) - c0)))
  RUN_OWN_LINE=$(grep -E '^[0-9]+/[0-9]+ verified' "$clients_log" | tail -n 1) || RUN_OWN_LINE="(no summary line)"
  if ((status != 0)); then
    echo "warning: run_clients.sh exited $status; its last lines:" >&2
    tail -n 5 "$clients_log" >&2
  fi
}

# run_floor: N JVMs that print hello; sets RUN_SECONDS and RUN_CLIENT_CPU.
run_floor() {
  local i c0 t0 t1 failed=0
  c0=$(children_ticks)
  t0=${EPOCHREALTIME/./}
  for ((i = 1; i <= clients; i++)); do
    "$floor_java" "${floor_args[@]}" -cp "$BENCH_CLASSES" Hello >/dev/null 2>&1 &
    CLIENT_PIDS[i]=$!
  done
  for ((i = 1; i <= clients; i++)); do
    wait "${CLIENT_PIDS[i]}" || failed=$((failed + 1))
    unset 'CLIENT_PIDS[i]'
  done
  t1=${EPOCHREALTIME/./}
  RUN_SECONDS=$(seconds_between "$t0" "$t1")
  RUN_CLIENT_CPU=$(ticks_to_seconds $(($(children_ticks) - c0)))
  ((failed == 0)) || die "$failed of the hello JVMs failed"
}

# Not timed: the first JVMs read the JDK from disk, the server's JIT warms up.
run_ours
run_curls 1 "http://127.0.0.1:$nginx_port/bio.txt" "$received"
run_floor

runs_csv=$RESULTS_DIR/main_job-runs.csv
csv_write "$runs_csv" "date,what,clients,run,seconds,verified,client_cpu_s,server_cpu_s"
date_now=$(iso_date)
declare -A times client_cpu server_cpu verified
for what in ours nginx floor; do
  verified[$what]=0
done
# record WHAT GOOD SERVER_SECONDS: adds the run just made (RUN_SECONDS, RUN_CLIENT_CPU,
# GOOD verified copies) to WHAT's tallies and to the CSV of every run.
record() {
  local what=$1 good=$2 server_seconds=$3
  times[$what]+=" $RUN_SECONDS"
  client_cpu[$what]+=" $RUN_CLIENT_CPU"
  server_cpu[$what]+=" $server_seconds"
  verified[$what]=$((verified[$what] + good))
  csv_add "$runs_csv" "$date_now" "$what" "$clients" "$run" "$RUN_SECONDS" "$good" "$RUN_CLIENT_CPU" "$server_seconds"
}

for ((run = 1; run <= runs; run++)); do
  s0=$(cpu_ticks "$ours_pid")
  run_ours
  s1=$(cpu_ticks "$ours_pid")
  good=$(count_verified "$received" 'received_bio_*.txt' "$digest")
  record ours "$good" "$(ticks_to_seconds $((s1 - s0)))"
  echo "run $run: ours ${RUN_SECONDS} s (run_clients.sh says: $RUN_OWN_LINE), $good/$clients copies verified"

  rm -rf "$received"
  s0=$(cpu_ticks "$nginx_pid")
  run_curls "$clients" "http://127.0.0.1:$nginx_port/bio.txt" "$received"
  s1=$(cpu_ticks "$nginx_pid")
  good=$(count_verified "$received" 'curl_*' "$digest")
  record nginx "$good" "$(ticks_to_seconds $((s1 - s0)))"
  echo "run $run: nginx + curl ${RUN_SECONDS} s, $good/$clients copies verified"
  rm -rf "$received" "$received.errors"

  run_floor
  times[floor]+=" $RUN_SECONDS"
  client_cpu[floor]+=" $RUN_CLIENT_CPU"
  server_cpu[floor]+=" 0"
  verified[floor]=$((verified[floor] + clients))
  csv_add "$runs_csv" "$date_now" floor "$clients" "$run" "$RUN_SECONDS" "" "$RUN_CLIENT_CPU" ""
  echo "run $run: $clients hello JVMs ${RUN_SECONDS} s"
done

summary_csv=$RESULTS_DIR/main_job.csv
csv_write "$summary_csv" "date,what,clients,runs,median_s,min_s,max_s,mib_s,client_cpu_s,server_cpu_s,verified,expected"
declare -A label=(
  [ours]="ours: ./run_clients.sh $clients"
  [nginx]="nginx + $clients curl"
  [floor]="$clients JVMs printing hello"
)
printf '\n%-32s %9s %7s %7s %7s %12s %12s %9s\n' what 'median s' 'min s' 'max s' 'MiB/s' 'client CPU s' 'server CPU s' verified
declare -A med
for what in ours nginx floor; do
  read -r -a t <<<"${times[$what]}"
  read -r -a cc <<<"${client_cpu[$what]}"
  read -r -a sc <<<"${server_cpu[$what]}"
  med[$what]=$(median "${t[@]}")
  low=$(printf '%s\n' "${t[@]}" | sort -g | head -n 1)
  high=$(printf '%s\n' "${t[@]}" | sort -g | tail -n 1)
  rate=-
  check=-
  if [[ $what != floor ]]; then
    rate=$(mib_per_s $((clients * size)) "${med[$what]}")
    check="${verified[$what]}/$((clients * runs))"
  fi
  printf '%-32s %9.3f %7.3f %7.3f %7s %12.2f %12.2f %9s\n' "${label[$what]}" "${med[$what]}" "$low" "$high" "$rate" \
    "$(median "${cc[@]}")" "$(median "${sc[@]}")" "$check"
  csv_add "$summary_csv" "$date_now" "$what" "$clients" "$runs" "${med[$what]}" "$low" "$high" "$rate" \
    "$(median "${cc[@]}")" "$(median "${sc[@]}")" "${verified[$what]}" "$((clients * runs))"
done
echo "(ours is the wall time of the whole command, JVM starts included; wrote $summary_csv, $runs_csv)"
echo

value=$(ratio "${med[ours]}" "${med[nginx]}")
if ((verified[ours] != clients * runs || verified[nginx] != clients * runs)); then
  value=nan # a failed copy voids the comparison
fi
goal 1 "main job: run_clients.sh $clients / nginx+curl time" "$value" "<=" 2.5 x
echo "         (the JVM floor alone is $(ratio "${med[floor]}" "${med[nginx]}")x nginx+curl)"
