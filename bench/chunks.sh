#!/usr/bin/env bash
# Our server's throughput for --chunk 1000, 4096, 16384 and 65536 bytes per write, with
# nginx as the ceiling: what the 1000-byte rule costs.
set -euo pipefail

# shellcheck source=lib.sh
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/lib.sh"

usage() {
  cat <<EOF
Usage: ${0##*/} [--runs R] [--connections K] [--chunks "BYTES..."] [--verify MODE] [--no-nginx] [--quick]

Starts one server per mode, each serving one copy of bio.txt from /dev/shm: ours with
--chunk BYTES for each size, and nginx (sendfile) as the ceiling. Then R times, in turn,
the load generator (fileserver.bench.LoadGenerator: one JVM, K connections at once, every
copy verified in memory) downloads over K connections from each. Prints the median throughput, the
server's CPU seconds per GiB sent, and the ratio to --chunk 1000.

  --runs R          runs per mode (default 3; the median is reported)
  --connections K   parallel downloads per run (default 50)
  --chunks "..."    chunk sizes (default "1000 4096 16384 65536")
  --verify MODE     the generator's check: bytes (default: every byte compared with the
                    file in memory), sha256 (each copy's SHA-256: about twice the
                    generator's CPU, which then competes with the server) or length
  --no-nginx        leave nginx out
  --quick           --runs 1

Environment, to try variants of our server without editing it:
  BENCH_SERVER_ARGS       more server options, e.g. "--threads virtual"
  BENCH_SERVER_JAVA_OPTS  JVM flags (given to it as JAVA_TOOL_OPTIONS)
  BENCH_SERVER_JAVA_HOME  a JDK to run it on (given to run_server.sh as JAVA_HOME), e.g.
                          /usr/lib/jvm/java-17-openjdk-amd64; default: run_server.sh's
                          choice (\$JAVA_HOME's, else the newest JDK 21+, else PATH's)
  JAVA_HOME               the JDK of the clients, and of our server unless the above
Writes: $RESULTS_DIR/chunks.csv (medians) and chunks-runs.csv (every run).
EOF
}

runs=3
connections=50
chunks_list="1000 4096 16384 65536"
verify=bytes
with_nginx=true
quick_settings() { runs=1; }
without_nginx() { with_nginx=false; }
declare -A VALUE_OPTIONS=([--runs]=runs [--connections]=connections [--chunks]=chunks_list [--verify]=verify)
declare -A FLAG_OPTIONS=([--no-nginx]=without_nginx [--quick]=quick_settings)
parse_options "$@"
[[ $runs =~ ^[1-9][0-9]?$ ]] || usage_error "--runs must be a number from 1 to 99, not '$runs'"
[[ $connections =~ ^[1-9][0-9]{0,3}$ ]] || usage_error "--connections must be a number from 1 to 9999, not '$connections'"
[[ $verify =~ ^(sha256|bytes|length)$ ]] || usage_error "--verify must be sha256, bytes or length, not '$verify'"
read -r -a chunks <<<"$chunks_list"
((${#chunks[@]})) || usage_error "--chunks is empty"
for chunk in "${chunks[@]}"; do
  [[ $chunk =~ ^[1-9][0-9]{0,6}$ ]] || usage_error "--chunks: each must be a number of bytes, not '$chunk'"
done
if $with_nginx && ! command -v nginx >/dev/null; then
  echo "(nginx is not installed: leaving it out)"
  with_nginx=false
fi

bench_init
machine_info
describe_ours
ensure_built
compile_bench_java
# The load generator runs on the clients' JDK ($JAVA_HOME's, else the java on PATH).
client_java >/dev/null || exit 1

www=$(serving_dir "$ROOT/bio.txt")
size=$(wc -c <"$www/bio.txt")

modes=()
for chunk in "${chunks[@]}"; do
  modes+=("chunk-$chunk")
done
if $with_nginx; then
  modes+=(nginx)
fi
echo "# bio.txt: $size bytes; $connections connections per run; runs $runs; verify $verify"

declare -A port pid
for mode in "${modes[@]}"; do
  port[$mode]=$(free_port)
  case $mode in
    chunk-*) start_ours "${port[$mode]}" "$www/bio.txt" --chunk "${mode#chunk-}" ;;
    nginx) start_nginx "${port[$mode]}" "$www" ;;
  esac
  pid[$mode]=$SERVER_PID
done

generator_log=$BENCH_TMP/generator.log
# generate MODE K: runs the load generator against MODE's server; sets RESULT_<key>
# from its RESULT line. Fails if a download failed.
generate() {
  local mode=$1 count=$2 status=0
  run_load_generator "$generator_log" --port "${port[$mode]}" --path /bio.txt --expect "$www/bio.txt" \
    --connections "$count" --verify "$verify" --server-pid "${pid[$mode]}" --timeout 120 --label "$mode" || status=$?
  if ((status != 0)); then
    echo "warning: $mode: the load generator exited $status:" >&2
    cat "$generator_log" >&2
    return 1
  fi
}

# Not measured: warms up each server's JIT (and the generator's first JVM start).
for mode in "${modes[@]}"; do
  generate "$mode" 4 || die "$mode: the warm-up failed"
done

runs_csv=$RESULTS_DIR/chunks-runs.csv
csv_write "$runs_csv" "date,mode,connections,run,seconds,mib_s,completed,failed,server_cpu_s,generator_cpu_s,server_peak_threads,server_hwm_mib"
date_now=$(iso_date)
declare -A rates cpus completed
for ((run = 1; run <= runs; run++)); do
  for mode in "${modes[@]}"; do
    generate "$mode" "$connections" || true
    rates[$mode]+=" ${RESULT_mib_s:-0}"
    cpus[$mode]+=" ${RESULT_server_cpu_s:-0}"
    completed[$mode]=$((${completed[$mode]:-0} + ${RESULT_completed:-0}))
    csv_add "$runs_csv" "$date_now" "$mode" "$connections" "$run" "${RESULT_wall_s:-}" "${RESULT_mib_s:-}" \
      "${RESULT_completed:-}" "${RESULT_failed:-}" "${RESULT_server_cpu_s:-}" "${RESULT_generator_cpu_s:-}" \
      "${RESULT_server_peak_threads:-}" "${RESULT_server_hwm_mib:-}"
  done
done

summary_csv=$RESULTS_DIR/chunks.csv
csv_write "$summary_csv" "date,mode,connections,runs,mib_s,min_mib_s,max_mib_s,server_cpu_s_per_gib,vs_chunk_1000,verified,expected"
gib_per_run=$(awk -v b="$((connections * size))" 'BEGIN { printf "%.4f", b / 1073741824 }')
printf '\n%-12s %9s %9s %9s %16s %14s %9s\n' mode 'MiB/s' 'min' 'max' 'server CPU s/GiB' 'vs chunk 1000' verified
declare -A med
for mode in "${modes[@]}"; do
  read -r -a r <<<"${rates[$mode]}"
  read -r -a c <<<"${cpus[$mode]}"
  med[$mode]=$(median "${r[@]}")
done
base=${med[chunk-1000]:-}
for mode in "${modes[@]}"; do
  read -r -a r <<<"${rates[$mode]}"
  read -r -a c <<<"${cpus[$mode]}"
  low=$(printf '%s\n' "${r[@]}" | sort -g | head -n 1)
  high=$(printf '%s\n' "${r[@]}" | sort -g | tail -n 1)
  per_gib=$(awk -v c="$(median "${c[@]}")" -v g="$gib_per_run" 'BEGIN { printf "%.2f", c / g }')
  versus=$(ratio "${med[$mode]}" "$base")
  printf '%-12s %9.0f %9.0f %9.0f %16s %13sx %9s\n' "$mode" "${med[$mode]}" "$low" "$high" "$per_gib" "$versus" \
    "${completed[$mode]}/$((connections * runs))"
  csv_add "$summary_csv" "$date_now" "$mode" "$connections" "$runs" "${med[$mode]}" "$low" "$high" "$per_gib" \
    "$versus" "${completed[$mode]}" "$((connections * runs))"
done
echo "(MiB/s: bytes of verified bodies / generator wall time, median of runs; CPU: the server's user+system"
echo " time per GiB sent, nginx's workers included; wrote $summary_csv, $runs_csv)"
echo
# Goal 4, the optional zero-copy fast path, is not built (docs/performance.md).
printf 'goal %-4s %-52s %10s   target %s\n' 4 "optional fast path: --zero-copy" absent "optional (not built)"
