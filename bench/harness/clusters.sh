# shellcheck shell=bash
# The clusters bench/cluster.sh measures: each one started by cluster/run_cluster.sh with
# its state in a directory of its own under BENCH_TMP, and each added as a setup (see
# add_setup there) through its HAProxy, straight to a replica, or through one more HAProxy
# with a config of its own. Sourced by bench/cluster.sh after bench/lib.sh; uses its
# www (the directory serving the file) and add_setup.

CLUSTER=$ROOT/cluster/run_cluster.sh
# The clusters running now, by name; each has its own state directory and port.
declare -A cluster_port=()

# Besides what lib.sh's trap stops: every cluster still running.
stop_clusters() {
  local name
  for name in "${!cluster_port[@]}"; do
    CLUSTER_RUN_DIR=$BENCH_TMP/$name "$CLUSTER" --stop >/dev/null 2>&1 || true
    unset "cluster_port[$name]"
  done
}

# start_cluster NAME REPLICAS [OPTIONS...]: a cluster of REPLICAS serving the file, its
# state in BENCH_TMP/NAME, on a port of its own.
start_cluster() {
  local name=$1 replicas=$2 port
  shift 2
  port=$(free_port)
  cluster_port[$name]=$port
  # Several clusters run at once, so each has its own stats port too.
  set -- --stats-port "$(free_port)" "$@"
  # run_server.sh takes the replicas' JDK from JAVA_HOME, as start_ours passes it.
  local -a environment=("CLUSTER_RUN_DIR=$BENCH_TMP/$name")
  [[ -z ${BENCH_SERVER_JAVA_HOME:-} ]] || environment+=("JAVA_HOME=$BENCH_SERVER_JAVA_HOME")
  # shellcheck disable=SC2154 # www: bench/cluster.sh sets it before any cluster starts
  if ! env "${environment[@]}" "$CLUSTER" --background --port "$port" --replicas "$replicas" \
    --file "$www/bio.txt" "$@" >"$BENCH_TMP/$name.out" 2>&1; then
    cat "$BENCH_TMP/$name.out" >&2
    die "the cluster $name did not start"
  fi
}

# cluster_pids NAME: "HAPROXY_PID REPLICA_PID..." from the cluster's --status.
cluster_pids() {
  CLUSTER_RUN_DIR=$BENCH_TMP/$1 "$CLUSTER" --status | grep -oE 'PID [0-9]+' | awk '{ printf "%s ", $2 }'
}

# add_cluster_setup SETUP REPLICAS RATE [OPTIONS...]: starts the cluster and adds the setup.
add_cluster_setup() {
  local setup=$1 replicas=$2 rate=$3
  shift 3
  start_cluster "$setup" "$replicas" "$@"
  add_setup "$setup" "$replicas" "$rate" 127.0.0.1 "${cluster_port[$setup]}" "$(cluster_pids "$setup")"
}

# add_replica_setup SETUP CLUSTER: replica 1 of CLUSTER, reached straight at its address
# in its namespace (from the cluster's state file), over the link HAProxy uses.
add_replica_setup() {
  local address port pids
  read -r _ address _ < <(awk '$1 == "replica" && $2 == 1 { print $2, $3, $4 }' "$BENCH_TMP/$2/state")
  port=$(awk '/^ *server r1 / { split($3, a, ":"); print a[2] }' "$BENCH_TMP/$2/haproxy.cfg")
  read -r -a pids <<<"$(cluster_pids "$2")"
  add_setup "$1" 1 none "$address" "$port" "- ${pids[1]}"
}

# add_balancer_setup SETUP CLUSTER SED: one more HAProxy in front of CLUSTER's replicas,
# its config the cluster's edited by SED, on ports and a socket of its own.
add_balancer_setup() {
  local setup=$1 cluster=$2 edit=$3 port stats_port config=$BENCH_TMP/$1.cfg
  port=$(free_port)
  stats_port=$(free_port)
  sed -E -e "$edit" -e "s|^( *bind 127\.0\.0\.1:)${cluster_port[$cluster]}\$|\1$port|" \
    -e "/^frontend stats/,/^\$/ s|^( *bind 127\.0\.0\.1:)[0-9]+\$|\1$stats_port|" \
    -e "s|stats socket [^ ]+|stats socket $BENCH_TMP/$setup.sock|" "$BENCH_TMP/$cluster/haproxy.cfg" >"$config"
  start_bg "$BENCH_TMP/$setup.log" haproxy -db -f "$config"
  wait_accepting "$port" "$SERVER_PID" "$BENCH_TMP/$setup.log" || die "$setup: HAProxy did not start"
  local -a pids
  read -r -a pids <<<"$(cluster_pids "$cluster")"
  add_setup "$setup" 1 none 127.0.0.1 "$port" "$SERVER_PID ${pids[*]:1}"
}
