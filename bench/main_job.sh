#!/usr/bin/env bash
# The whole main job, ./run_clients.sh 50 against our server, beside its floor (50 bare
# JVM starts plus 50 curl downloads from the same server) and 50 curl processes against
# nginx, in the same run: the times and their ratios (Goals 1 and 5), and the clients'
# JDK choice measured (every installed JDK 17+ runs the same job).
set -euo pipefail

# shellcheck source=lib.sh
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/lib.sh"

usage() {
  cat <<EOF
Usage: ${0##*/} [--runs R] [--clients N] [--quick]

Serves one copy of bio.txt from /dev/shm with our server (run_server.sh) and with nginx
(sendfile, own config), then, R times in turn:
  ours       ./run_clients.sh N --port P --dir D   (N client JVMs, every copy verified by
             them), on the JDK run_clients.sh picks (\$JAVA_HOME's, else PATH's)
  ours-jdkF  the same with JAVA_HOME set to each other installed JDK 17+ (feature F); its
             clients run without the class-data archive, which make records for the build JDK
  nginx      N curl processes at once against nginx
  jvms       N JVMs at once that only print hello (the client JVM flags, no archive)
  transfer   N curl processes at once against our server
Every copy is then SHA-256 checked. The floor of "a JVM per client" is jvms + transfer:
starting N JVMs, and moving the bytes. Prints the medians, Goal 1 (ours / nginx <= 2.5)
and Goal 5 (ours / floor <= 1.3).

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
echo "# the floor's hello JVMs: $(describe_java "$floor_java"), flags: ${floor_args[*]:-(none)}"

ours_port=$(free_port)
start_ours "$ours_port" "$www/bio.txt"
ours_pid=$SERVER_PID
nginx_port=$(free_port)
start_nginx "$nginx_port" "$www"
nginx_pid=$SERVER_PID

received=$BENCH_TMP/received
clients_log=$BENCH_TMP/run_clients.log

# The other JDKs the clients could run on: every JDK 17+ under /usr/lib/jvm besides the
# one run_clients.sh picks (symlinked aliases skipped).
default_client_home=$(java_home_of "$floor_java" 2>/dev/null) || default_client_home=
declare -a other_homes=()
for home in /usr/lib/jvm/*; do
  [[ ! -L $home && $home != "$default_client_home" ]] || continue
  feature=$(java_feature "$home" 2>/dev/null) || continue
  ((feature >= 17)) && other_homes+=("$home")
done
declare -A home_of=([ours]="")
whats=(ours)
for home in "${other_homes[@]}"; do
  what=ours-jdk$(java_feature "$home")
  home_of[$what]=$home
  whats+=("$what")
done
whats+=(nginx jvms transfer)

# run_ours [JAVA_HOME]: ./run_clients.sh against our server, its clients on that JDK (or
# run_clients.sh's own choice); sets RUN_SECONDS, RUN_CLIENT_CPU and RUN_OWN_LINE (its
# summary line).
run_ours() {
  local c0 t0 t1 status=0
  local -a environment=()
  [[ -z ${1:-} ]] || environment=("JAVA_HOME=$1")
  rm -rf "$received"
  c0=$(children_ticks)
  t0=$(now_us)
  env "${environment[@]}" "$ROOT/run_clients.sh" "$clients" --port "$ours_port" --dir "$received" >"$clients_log" 2>&1 &
  CLIENT_PIDS=($!)
  wait "${CLIENT_PIDS[0]}" || status=$?
  CLIENT_PIDS=()
  t1=$(now_us)
  RUN_SECONDS=$(seconds_between "$t0" "$t1")
  RUN_CLIENT_CPU=$(ticks_to_seconds $(($(children_ticks) - c0)))
  RUN_OWN_LINE=$(grep -E '^[0-9]+/[0-9]+ verified' "$clients_log" | tail -n 1) || RUN_OWN_LINE="(no summary line)"
  if ((status != 0)); then
    echo "warning: run_clients.sh exited $status; its last lines:" >&2
    tail -n 5 "$clients_log" >&2
  fi
}

# run_jvms: N JVMs that print hello, at once; sets RUN_SECONDS and RUN_CLIENT_CPU.
run_jvms() {
  run_at_once "$clients" hello_jvm
  ((RUN_FAILED == 0)) || die "$RUN_FAILED of the hello JVMs failed"
}

# hello_jvm I: becomes one JVM that prints hello (I, its number, is not used).
hello_jvm() {
  exec "$floor_java" "${floor_args[@]}" -cp "$BENCH_CLASSPATH" fileserver.bench.Hello >/dev/null 2>&1
}

# Not timed: the first JVMs read each JDK from disk, the server's JIT warms up.
run_ours
for home in "${other_homes[@]}"; do
  run_ours "$home"
done
run_curls 1 "http://127.0.0.1:$nginx_port/bio.txt" "$received"
run_jvms

runs_csv=$RESULTS_DIR/main_job-runs.csv
csv_write "$runs_csv" "date,what,clients,run,seconds,verified,client_cpu_s,server_cpu_s"
date_now=$(iso_date)
declare -A times client_cpu server_cpu verified
for what in "${whats[@]}" floor; do
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
  for what in "${whats[@]}"; do
    case $what in
      ours*)
        s0=$(cpu_ticks "$ours_pid")
        run_ours "${home_of[$what]}"
        s1=$(cpu_ticks "$ours_pid")
        good=$(count_verified "$received" 'received_bio_*.txt' "$digest")
        record "$what" "$good" "$(ticks_to_seconds $((s1 - s0)))"
        echo "run $run: $what ${RUN_SECONDS} s (run_clients.sh says: $RUN_OWN_LINE), $good/$clients copies verified"
        ;;
      nginx | transfer)
        pid=$nginx_pid port=$nginx_port
        if [[ $what == transfer ]]; then
          pid=$ours_pid port=$ours_port
        fi
        rm -rf "$received"
        s0=$(cpu_ticks "$pid")
        run_curls "$clients" "http://127.0.0.1:$port/bio.txt" "$received"
        s1=$(cpu_ticks "$pid")
        good=$(count_verified "$received" 'curl_*' "$digest")
        record "$what" "$good" "$(ticks_to_seconds $((s1 - s0)))"
        echo "run $run: $what ($clients curl) ${RUN_SECONDS} s, $good/$clients copies verified"
        rm -rf "$received" "$received.errors"
        ;;
      jvms)
        run_jvms
        record jvms "$clients" 0
        echo "run $run: $clients hello JVMs ${RUN_SECONDS} s"
        ;;
    esac
  done
  # This run's floor: its JVM starts plus its transfer.
  read -r -a jvm_times <<<"${times[jvms]}"
  read -r -a transfer_times <<<"${times[transfer]}"
  times[floor]+=" $(awk -v a="${jvm_times[-1]}" -v b="${transfer_times[-1]}" 'BEGIN { printf "%.3f", a + b }')"
  client_cpu[floor]+=" 0"
  server_cpu[floor]+=" 0"
done

summary_csv=$RESULTS_DIR/main_job.csv
csv_write "$summary_csv" "date,what,clients,runs,median_s,min_s,max_s,mib_s,client_cpu_s,server_cpu_s,verified,expected"
declare -A jdk_name=([ours]="$(describe_java "$floor_java" | cut -d' ' -f1-2)")
for home in "${other_homes[@]}"; do
  jdk_name[ours-jdk$(java_feature "$home")]="Java $(java_feature "$home")"
done
declare -A label=(
  [ours]="ours: ./run_clients.sh $clients, ${jdk_name[ours]}"
  [nginx]="nginx + $clients curl"
  [jvms]="$clients JVMs printing hello"
  [transfer]="ours + $clients curl"
  [floor]="floor: hello JVMs + ours + curl"
)
for home in "${other_homes[@]}"; do
  label[ours-jdk$(java_feature "$home")]="ours: ./run_clients.sh $clients, Java $(java_feature "$home")"
done
printf '\n%-40s %9s %7s %7s %7s %12s %12s %9s\n' what 'median s' 'min s' 'max s' 'MiB/s' 'client CPU s' 'server CPU s' verified
declare -A med
for what in "${whats[@]}" floor; do
  read -r -a t <<<"${times[$what]}"
  read -r -a cc <<<"${client_cpu[$what]}"
  read -r -a sc <<<"${server_cpu[$what]}"
  med[$what]=$(median "${t[@]}")
  low=$(printf '%s\n' "${t[@]}" | sort -g | head -n 1)
  high=$(printf '%s\n' "${t[@]}" | sort -g | tail -n 1)
  rate=-
  check=-
  if [[ $what != jvms && $what != floor ]]; then
    rate=$(mib_per_s $((clients * size)) "${med[$what]}")
    check="${verified[$what]}/$((clients * runs))"
  fi
  printf '%-40s %9.3f %7.3f %7.3f %7s %12.2f %12.2f %9s\n' "${label[$what]}" "${med[$what]}" "$low" "$high" "$rate" \
    "$(median "${cc[@]}")" "$(median "${sc[@]}")" "$check"
  # The floor rows download nothing, and the floor is a sum of two runs: "-" where a
  # column does not apply, as for MiB/s.
  row_verified=${verified[$what]} row_expected=$((clients * runs))
  row_client_cpu=$(median "${cc[@]}") row_server_cpu=$(median "${sc[@]}")
  [[ $check != - ]] || row_verified=- row_expected=-
  [[ $what != floor ]] || row_client_cpu=- row_server_cpu=-
  csv_add "$summary_csv" "$date_now" "$what" "$clients" "$runs" "${med[$what]}" "$low" "$high" "$rate" \
    "$row_client_cpu" "$row_server_cpu" "$row_verified" "$row_expected"
done
echo "(ours is the wall time of the whole command, JVM starts included; the floor is each run's jvms + transfer;"
echo " wrote $summary_csv, $runs_csv)"
echo

all_verified=true
for what in "${whats[@]}"; do
  [[ $what == jvms ]] || ((verified[$what] == clients * runs)) || all_verified=false
done
value=$(ratio "${med[ours]}" "${med[nginx]}")
$all_verified || value=nan # a failed copy voids the comparison
goal 1 "main job: run_clients.sh $clients / nginx+curl time" "$value" "<=" 2.5 x
value=$(ratio "${med[ours]}" "${med[floor]}")
$all_verified || value=nan
goal 5 "main job: run_clients.sh $clients / its floor" "$value" "<=" 1.3 x
echo "         (the JVM starts alone are $(ratio "${med[jvms]}" "${med[nginx]}")x nginx+curl)"
fastest=ours
for what in "${whats[@]}"; do
  if [[ $what == ours-jdk* ]] && awk -v a="${med[$what]}" -v b="${med[$fastest]}" 'BEGIN { exit !(a < b) }'; then
    fastest=$what
  fi
done
echo "clients' JDK: the fastest here was ${jdk_name[$fastest]} (median ${med[$fastest]} s);" \
  "run_clients.sh runs them on ${jdk_name[ours]} unless JAVA_HOME says otherwise"
