#!/usr/bin/env bash
# Scale-out behind HAProxy (cluster/run_cluster.sh): the aggregate throughput of the load
# generator's 50 connections for 1, 2 and 3 replicas, with each replica's link capped and
# without; the balancer's overhead against the same replica reached straight over its own
# link, with our server on loopback as a third row; and a lossy, slow link where the
# kernel has netem.
set -euo pipefail

# shellcheck source=lib.sh
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/lib.sh"

usage() {
  cat <<EOF
Usage: ${0##*/} [--runs R] [--connections K] [--rate MBIT] [--verify MODE] [--quick]

As root, with ip, tc, haproxy and socat. Serves one copy of bio.txt from /dev/shm with
clusters of cluster/run_cluster.sh (replicas in network namespaces behind HAProxy on
127.0.0.1), and downloads it over K connections at once with the load generator
(fileserver.bench.LoadGenerator: one JVM, every copy verified in memory), R times each,
the setups taking turns:
  capped     1, 2 and 3 replicas, each replica's link capped at --rate MBIT (tc tbf):
             each replica is a host with a NIC of its own, and the NICs add up
             (goal: 3 replicas >= 2.7x 1 replica)
  uncapped   1, 2 and 3 replicas without a cap: on one machine all replicas share its
             cores, so this is flat. Beside them, in the same turns:
    replica-direct  the replica of uncapped-1 itself, the generator connecting to its
             address in its namespace: the same replica over the same link, without
             HAProxy. uncapped-1 / replica-direct is the balancer's overhead
    loopback  our server alone on 127.0.0.1 (run_server.sh), no namespace, no veth
             link: what the link costs besides, not a measure of the balancer
    splice-1, splice-auto-1  the replica of uncapped-1 through one more HAProxy each,
             with its config but splicing the bodies (kernel pipes, not HAProxy's
             buffers): option splice-response, and option splice-auto (HAProxy's
             heuristic). They check cluster/haproxy.cfg.in's choice not to splice
  netem      3 replicas with --delay 20 --loss 0.5 against 3 without, only where the
             kernel has netem (where it has not, one line says so)
Prints the median MiB/s and wall time of each, the CPU seconds per GiB of the replicas
(all together) and of HAProxy, and the ratios: capped 3 / 1 replicas (the goal),
uncapped-1 / replica-direct (the balancer), replica-direct / loopback (the link), and
each splicing HAProxy / uncapped-1.

  --runs R          runs of each setup (default 3; the median is reported)
  --connections K   parallel downloads per run (default 50)
  --rate MBIT       each replica's link in the capped runs (default 200)
  --verify MODE     the generator's check: bytes (default), sha256 or length
  --quick           --runs 1

Environment: JAVA_HOME (the JDK of the load generator, and of the replicas and our
server unless BENCH_SERVER_JAVA_HOME); BENCH_SERVER_JAVA_HOME (a JDK for the servers).
Writes: $RESULTS_DIR/cluster.csv (medians) and cluster-runs.csv (every run).
EOF
}

runs=3
connections=50
rate=200
verify=bytes
quick_settings() { runs=1; }
declare -A VALUE_OPTIONS=([--runs]=runs [--connections]=connections [--rate]=rate [--verify]=verify)
declare -A FLAG_OPTIONS=([--quick]=quick_settings)
parse_options "$@"
[[ $runs =~ ^[1-9][0-9]?$ ]] || usage_error "--runs must be a number from 1 to 99, not '$runs'"
[[ $connections =~ ^[1-9][0-9]{0,3}$ ]] || usage_error "--connections must be a number from 1 to 9999, not '$connections'"
[[ $rate =~ ^[1-9][0-9]{0,4}$ ]] || usage_error "--rate must be a whole number of Mbit/s, not '$rate'"
[[ $verify =~ ^(sha256|bytes|length)$ ]] || usage_error "--verify must be sha256, bytes or length, not '$verify'"
((EUID == 0)) || die "needs root: cluster/run_cluster.sh makes network namespaces"
for tool in ip:iproute2 tc:iproute2 haproxy:haproxy socat:socat; do
  command -v "${tool%%:*}" >/dev/null || die "${tool%%:*} is not installed (apt-get install ${tool#*:})"
done

bench_init
# shellcheck source=harness/clusters.sh
source "$BENCH_DIR/harness/clusters.sh"
trap 'stop_clusters; bench_cleanup' EXIT

machine_info
describe_ours
ensure_built
compile_bench_java
client_java >/dev/null || exit 1 # the load generator runs on it
www=$(serving_dir "$ROOT/bio.txt")
size=$(wc -c <"$www/bio.txt")
echo "# bio.txt: $size bytes; $connections connections per run; runs $runs; verify $verify; capped runs: $rate Mbit/s per replica"

# ticks PID...: the CPU ticks of the PIDs together.
ticks() {
  local total=0 pid
  for pid in "$@"; do
    total=$((total + $(cpu_ticks "$pid")))
  done
  echo "$total"
}

generator_log=$BENCH_TMP/generator.log
# generate HOST PORT COUNT LABEL: the load generator against HOST:PORT; sets RESULT_<key>
# from its RESULT line. Fails if a download failed.
generate() {
  local host=$1 port=$2 count=$3 label=$4 status=0
  run_load_generator "$generator_log" --host "$host" --port "$port" --path /bio.txt --expect "$www/bio.txt" \
    --connections "$count" --verify "$verify" --timeout 300 --label "$label" || status=$?
  if ((status != 0)); then
    echo "warning: $label: the load generator exited $status:" >&2
    tail -n 5 "$generator_log" >&2
    return 1
  fi
}

runs_csv=$RESULTS_DIR/cluster-runs.csv
csv_write "$runs_csv" "date,setup,replicas,rate_mbit,connections,run,seconds,mib_s,completed,failed,replicas_cpu_s,haproxy_cpu_s"
date_now=$(iso_date)
declare -A rates walls replica_cpu balancer_cpu completed replicas_of rate_of host_of port_of pids_of
setups=()

# add_setup SETUP REPLICAS RATE HOST PORT PIDS: a setup to measure; PIDS is "HAPROXY
# REPLICA..." through a balancer, "- SERVER" for one server reached straight.
add_setup() {
  setups+=("$1")
  replicas_of[$1]=$2
  rate_of[$1]=$3
  host_of[$1]=$4
  port_of[$1]=$5
  pids_of[$1]=$6
  rates[$1]=''
  walls[$1]=''
  replica_cpu[$1]=''
  balancer_cpu[$1]=''
  completed[$1]=0
}

# measure SETUP...: R runs of each SETUP, taking turns, after one warm-up download each.
measure() {
  local setup run balancer others r0 b0 r1 b1
  local -a servers
  for setup in "$@"; do
    generate "${host_of[$setup]}" "${port_of[$setup]}" 4 "$setup" || die "$setup: the warm-up failed"
  done
  for ((run = 1; run <= runs; run++)); do
    for setup in "$@"; do
      read -r balancer others <<<"${pids_of[$setup]}"
      read -r -a servers <<<"$others"
      r0=$(ticks "${servers[@]}")
      b0=0
      [[ $balancer == - ]] || b0=$(ticks "$balancer")
      generate "${host_of[$setup]}" "${port_of[$setup]}" "$connections" "$setup" || true
      r1=$(ticks "${servers[@]}")
      b1=0
      [[ $balancer == - ]] || b1=$(ticks "$balancer")
      rates[$setup]+=" ${RESULT_mib_s:-0}"
      walls[$setup]+=" ${RESULT_wall_s:-nan}"
      replica_cpu[$setup]+=" $(ticks_to_seconds $((r1 - r0)))"
      balancer_cpu[$setup]+=" $(ticks_to_seconds $((b1 - b0)))"
      completed[$setup]=$((completed[$setup] + ${RESULT_completed:-0}))
      csv_add "$runs_csv" "$date_now" "$setup" "${replicas_of[$setup]}" "${rate_of[$setup]}" "$connections" "$run" \
        "${RESULT_wall_s:-}" "${RESULT_mib_s:-}" "${RESULT_completed:-}" "${RESULT_failed:-}" \
        "$(ticks_to_seconds $((r1 - r0)))" "$(ticks_to_seconds $((b1 - b0)))"
      printf 'run %d: %-14s %6s MiB/s in %6s s, %s/%s verified\n' "$run" "$setup" "${RESULT_mib_s:-nan}" \
        "${RESULT_wall_s:-nan}" "${RESULT_completed:-0}" "$connections"
    done
  done
}

echo
echo "# capped: each replica's link at $rate Mbit/s ($(awk -v r="$rate" 'BEGIN { printf "%.1f", r * 1e6 / 8 / 1048576 }') MiB/s)"
for replicas in 1 2 3; do
  add_cluster_setup "capped-$replicas" "$replicas" "$rate" --rate "$rate"
done
measure capped-1 capped-2 capped-3
stop_clusters

echo
echo "# uncapped; replica-direct: uncapped-1's replica without HAProxy; loopback: our server alone on 127.0.0.1"
for replicas in 1 2 3; do
  add_cluster_setup "uncapped-$replicas" "$replicas" none
done
add_replica_setup replica-direct uncapped-1
add_balancer_setup splice-1 uncapped-1 's/^( *)option http-server-close$/&\n\1option splice-response/'
add_balancer_setup splice-auto-1 uncapped-1 's/^( *)option http-server-close$/&\n\1option splice-auto/'
loopback_port=$(free_port)
start_ours "$loopback_port" "$www/bio.txt"
loopback_pid=$SERVER_PID
add_setup loopback 0 none 127.0.0.1 "$loopback_port" "- $loopback_pid"
measure uncapped-1 replica-direct splice-1 splice-auto-1 loopback uncapped-2 uncapped-3
# Our server on loopback, and the splicing HAProxys.
for pid in "${BENCH_PIDS[@]}"; do
  stop_pid "$pid"
done
stop_clusters

if unshare --net tc qdisc add dev lo root netem delay 1ms >/dev/null 2>&1; then
  echo
  echo "# netem: 3 replicas with --delay 20 --loss 0.5, and 3 without"
  add_cluster_setup netem-3 3 none --delay 20 --loss 0.5
  add_cluster_setup plain-3 3 none
  measure netem-3 plain-3
  stop_clusters
else
  echo
  echo "# netem: skipped: this kernel has no sch_netem (tc: \"Specified qdisc kind is unknown\")"
fi

summary_csv=$RESULTS_DIR/cluster.csv
csv_write "$summary_csv" "date,setup,replicas,rate_mbit,connections,runs,mib_s,seconds,replicas_cpu_s_per_gib,haproxy_cpu_s_per_gib,verified,expected"
gib_per_run=$(awk -v b="$((connections * size))" 'BEGIN { printf "%.4f", b / 1073741824 }')
declare -A med
printf '\n%-14s %8s %9s %9s %10s %19s %20s %9s\n' setup replicas 'rate' 'MiB/s' 'wall s' 'replicas CPU s/GiB' \
  'HAProxy CPU s/GiB' verified
for setup in "${setups[@]}"; do
  read -r -a r <<<"${rates[$setup]}"
  read -r -a w <<<"${walls[$setup]}"
  read -r -a c <<<"${replica_cpu[$setup]}"
  read -r -a b <<<"${balancer_cpu[$setup]}"
  med[$setup]=$(median "${r[@]}")
  # A setup where a download failed has no figure.
  ((completed[$setup] == runs * connections)) || med[$setup]=nan
  wall=$(median "${w[@]}")
  per_gib=$(awk -v c="$(median "${c[@]}")" -v g="$gib_per_run" 'BEGIN { printf "%.2f", c / g }')
  balancer_per_gib=-
  if [[ ${pids_of[$setup]} != -* ]]; then
    balancer_per_gib=$(awk -v c="$(median "${b[@]}")" -v g="$gib_per_run" 'BEGIN { printf "%.2f", c / g }')
  fi
  printf '%-14s %8s %9s %9s %10s %19s %20s %9s\n' "$setup" "${replicas_of[$setup]}" "${rate_of[$setup]}" \
    "${med[$setup]}" "$wall" "$per_gib" "$balancer_per_gib" "${completed[$setup]}/$((runs * connections))"
  csv_add "$summary_csv" "$date_now" "$setup" "${replicas_of[$setup]}" "${rate_of[$setup]}" "$connections" "$runs" \
    "${med[$setup]}" "$wall" "$per_gib" "$balancer_per_gib" "${completed[$setup]}" "$((runs * connections))"
done

echo
goal 10a "cluster, --rate $rate: 3 / 1 replicas, $connections conn." "$(ratio "${med[capped-3]}" "${med[capped-1]}")" '>=' 2.7 x
printf '%-9s %-52s %10s   (2 cores shared by every replica: expected flat)\n' info \
  "cluster, no cap: 3 / 1 replicas, $connections conn." "$(ratio "${med[uncapped-3]}" "${med[uncapped-1]}")x"
printf '%-9s %-52s %10s   (the same replica, the same link; 1.00x = no overhead)\n' info \
  "no cap: through HAProxy / straight to the replica" "$(ratio "${med[uncapped-1]}" "${med[replica-direct]}")x"
printf '%-9s %-52s %10s   (its veth link and namespace; not the balancer)\n' info \
  "no cap: straight to the replica / loopback, no netns" "$(ratio "${med[replica-direct]}" "${med[loopback]}")x"
printf '%-9s %-52s %10s   (HAProxy: option splice-response / no splicing)\n' info \
  "no cap: 1 replica, splice-response / no splicing" "$(ratio "${med[splice-1]}" "${med[uncapped-1]}")x"
printf '%-9s %-52s %10s   (HAProxy: option splice-auto / no splicing)\n' info \
  "no cap: 1 replica, splice-auto / no splicing" "$(ratio "${med[splice-auto-1]}" "${med[uncapped-1]}")x"
if [[ -v 'med[netem-3]' ]]; then
  printf '%-9s %-52s %10s\n' info "3 replicas: --delay 20 --loss 0.5 / plain" "$(ratio "${med[netem-3]}" "${med[plain-3]}")x"
fi
