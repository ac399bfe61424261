#!/usr/bin/env bash
# Runs N replicas of the file server, each on a test host of its own (a Linux network
# namespace with a veth link), behind HAProxy on 127.0.0.1; reports on them, kills one for
# a failover drill, and stops it all again.
set -euo pipefail

# First, in what macOS's bash 3.2 and readlink (no -f before macOS 12.3) still run: what
# this script needs, or one line saying what is missing.
CLUSTER_DIR=$(dirname "$(readlink -f "${BASH_SOURCE[0]}" 2>/dev/null || echo "${BASH_SOURCE[0]}")")
ROOT=$(dirname "$CLUSTER_DIR")
# shellcheck source=../scripts/platform.sh
source "$ROOT/scripts/platform.sh"
require_platform bash-5.0 proc
# shellcheck source=../scripts/common.sh
source "$ROOT/scripts/common.sh"

RUN_DIR=${CLUSTER_RUN_DIR:-$CLUSTER_DIR/run}
STATE=$RUN_DIR/state
TEMPLATE=$CLUSTER_DIR/haproxy.cfg.in
# The replicas' addresses: 198.18.0.0/15 is reserved for benchmarking networks (RFC 2544)
# and never routed, so it cannot collide with a real network. Cluster T gets
# 198.18.T.0/24, and in it replica K the /30 198.18.T.4K: the host's end of its link is
# .4K+1, the replica .4K+2.
NET_PREFIX=198.18
# Network namespaces and links are named fsc<T>-r<K> (a link name has at most 15 bytes).
NAME_PREFIX=fsc
MAX_TAG=255
MAX_REPLICAS=16
REPLICA_PORT=5050
# HAProxy's stats page and exporter: the port its documentation uses; Prometheus: its own default.
STATS_PORT=8404
PROMETHEUS_PORT=9090
START_TIMEOUT_S=${CLUSTER_START_TIMEOUT_S:-60}
KILL_TIMEOUT_S=30

usage() {
  cat <<EOF
Usage: ${0##*/} --background [--replicas N] [--port P] [--file F] [--rate MBIT]
                       [--delay MS] [--loss PCT] [--stats-port S]
                       [--prometheus [--prometheus-port Q]]
       ${0##*/} --status | --kill-replica K | --set-replica K STATE | --stop

Runs N replicas of the file server behind HAProxy, each replica on a test host of its
own: a network namespace (ip netns) linked to this one by a veth pair on a private
test subnet ($NET_PREFIX.0.0/15, reserved for benchmarks). Needs root, ip and tc
(iproute2), haproxy, and socat (to talk to HAProxy's stats socket).

  --background      starts the replicas and HAProxy, and returns once HAProxy's health
                    checks report every replica up
    --replicas N    replicas, 1 to $MAX_REPLICAS (default 3)
    --port P        HAProxy's port on 127.0.0.1 (default 5050)
    --file F        the file to serve (default: $ROOT/bio.txt); each replica serves a
                    copy of its own, with a different mtime, as /<name of F>
    --rate MBIT     caps each replica's link at MBIT Mbit/s (tc tbf), as if each were a
                    host with a NIC of its own
    --delay MS      adds MS milliseconds to each replica's outgoing packets (tc netem)
    --loss PCT      drops PCT percent of them (tc netem). Both need the kernel's
                    sch_netem; where it is missing they are refused, and nothing starts
    --stats-port S  HAProxy's stats page (/stats) and Prometheus exporter (/metrics),
                    on 127.0.0.1:S (default $STATS_PORT)
    --prometheus    also starts Prometheus (Debian: prometheus) in the run directory,
                    scraping HAProxy and every replica's /metrics every second
                    (with --background only: it is not added to a running cluster)
    --prometheus-port Q
                    Prometheus's web UI and API on 127.0.0.1:Q (default $PROMETHEUS_PORT)
  --status          one line for the balancer, then one per replica: its address,
                    whether HAProxy sees it up, how many transfers its log shows; and
                    the URLs to watch: HAProxy's stats page and metrics, each replica's
                    /status and /metrics (from this machine), Prometheus's
  --kill-replica K  kills replica K (1 to N) with SIGKILL, for failover drills, and
                    returns once HAProxy has marked it down
  --set-replica K STATE
                    puts replica K in HAProxy's state ready, drain (no new transfers;
                    those in flight finish) or maint (out of rotation), as for a rolling
                    update (see docs/cluster.md); returns once HAProxy reports it
  --stop            stops Prometheus, HAProxy and the replicas and removes the
                    namespaces, links and files it made, by the PIDs and names it
                    recorded, also after a partial start or a killed replica. The logs stay
  --help            this text

State, PIDs and logs are in $RUN_DIR: state (what was made), haproxy.cfg,
haproxy.log (one line per request), haproxy.sock (HAProxy's stats socket, level admin),
replica-K.log (each replica's server log), replica-K.pid, replica-K/ (its copy);
with --prometheus, prometheus.yml, prometheus-data/ and prometheus.log. The public port
P answers 404 for /status, /status.json and /metrics: only this machine sees them.
curl, run_clients.sh and check_diff.sh work against 127.0.0.1:P unchanged.

Environment:
  CLUSTER_RUN_DIR          where the state goes (default $CLUSTER_DIR/run)
  CLUSTER_START_TIMEOUT_S  how long --background waits for each replica to listen, and
                           then for HAProxy to see them all up (default 60)
  JAVA_HOME                the JDK the replicas run on (default: run_server.sh's choice)
EOF
}

# shellcheck source=parts/state.sh
source "$CLUSTER_DIR/parts/state.sh"
# shellcheck source=parts/start.sh
source "$CLUSTER_DIR/parts/start.sh"
# shellcheck source=parts/manage.sh
source "$CLUSTER_DIR/parts/manage.sh"
# shellcheck source=parts/observe.sh
source "$CLUSTER_DIR/parts/observe.sh"

# --- Command line.

main() {
  if wants_help "$@"; then
    usage
    return
  fi
  local mode='' replica_k='' replica_state_wanted='' replicas=3 port=5050 file=$ROOT/bio.txt rate='' delay='' loss='' option value
  local stats_port=$STATS_PORT prometheus='' prometheus_port=$PROMETHEUS_PORT
  local -a background_only=()
  while (($#)); do
    option=$1
    value=
    if [[ $option == --*=* ]]; then
      value=${option#*=}
      option=${option%%=*}
    elif [[ $option =~ ^--(replicas|port|file|rate|delay|loss|stats-port|prometheus-port|kill-replica|set-replica)$ ]]; then
      (($# > 1)) || usage_error "$option needs a value"
      value=$2
      shift
    fi
    case $option in
      --background | --status | --stop | --kill-replica | --set-replica)
        [[ -z $mode ]] || usage_error "one mode at a time, not both $mode and $option"
        mode=$option
        replica_k=$value
        if [[ $option == --set-replica ]]; then
          (($# > 1)) || usage_error "--set-replica needs a replica and a state (ready, drain or maint)"
          replica_state_wanted=$2
          shift
        fi
        ;;
      --replicas) replicas=$value ;;
      --port) port=$value ;;
      --file) file=$value ;;
      --rate) rate=$value ;;
      --delay) delay=$value ;;
      --loss) loss=$value ;;
      --stats-port) stats_port=$value ;;
      --prometheus) prometheus=yes ;;
      --prometheus-port) prometheus_port=$value ;;
      *) usage_error "unknown option '$1'" ;;
    esac
    [[ $option =~ ^--(background|status|stop|kill-replica|set-replica)$ ]] || background_only+=("$option")
    shift
  done
  [[ -n $mode ]] || usage_error "say what to do: --background, --status, --kill-replica K, --set-replica K STATE or --stop"
  if [[ $mode != --background ]] && ((${#background_only[@]})); then
    usage_error "${background_only[0]} goes with --background only"
  fi
  case $mode in
    --background)
      [[ $replicas =~ ^[1-9][0-9]?$ && $replicas -le $MAX_REPLICAS ]] ||
        usage_error "--replicas must be a whole number from 1 to $MAX_REPLICAS, not '$replicas'"
      local option_port
      for option_port in "--port:$port" "--stats-port:$stats_port" "--prometheus-port:$prometheus_port"; do
        [[ ${option_port#*:} =~ ^[1-9][0-9]{0,4}$ && ${option_port#*:} -le 65535 ]] ||
          usage_error "${option_port%%:*} must be a whole number from 1 to 65535, not '${option_port#*:}'"
      done
      [[ -n $prometheus || $prometheus_port == "$PROMETHEUS_PORT" ]] || usage_error "--prometheus-port goes with --prometheus"
      [[ $stats_port != "$port" ]] || usage_error "--stats-port must differ from --port (both $port)"
      [[ -z $prometheus || ($prometheus_port != "$port" && $prometheus_port != "$stats_port") ]] ||
        usage_error "--prometheus-port must differ from --port and --stats-port, not $prometheus_port"
      [[ -z $rate || ($rate =~ ^[1-9][0-9]{0,5}$ && rate -le 100000) ]] ||
        usage_error "--rate must be a whole number of Mbit/s from 1 to 100000, not '$rate'"
      [[ -z $delay || ($delay =~ ^[0-9]{1,5}$ && delay -le 10000) ]] ||
        usage_error "--delay must be a whole number of milliseconds from 0 to 10000, not '$delay'"
      [[ -z $loss || ($loss =~ ^[0-9]{1,2}(\.[0-9]{1,3})?$|^100$) ]] ||
        usage_error "--loss must be a percentage from 0 to 100 (e.g. 0.5), not '$loss'"
      start_cluster "$replicas" "$port" "$file" "$rate" "$delay" "$loss" "$stats_port" "${prometheus:+$prometheus_port}"
      ;;
    --status) show_status ;;
    --kill-replica | --set-replica)
      [[ $replica_k =~ ^[1-9][0-9]?$ ]] || usage_error "$mode needs a replica number (1, 2, ...), not '$replica_k'"
      if [[ $mode == --kill-replica ]]; then
        kill_replica "$replica_k"
      else
        [[ $replica_state_wanted =~ ^(ready|drain|maint)$ ]] ||
          usage_error "--set-replica's state is ready, drain or maint, not '$replica_state_wanted'"
        set_replica "$replica_k" "$replica_state_wanted"
      fi
      ;;
    --stop)
      require_root
      if [[ ! -f $STATE ]]; then
        echo "no cluster to stop"
        return
      fi
      stop_cluster
      ;;
  esac
}

main "$@"
