# shellcheck shell=bash
# shellcheck disable=SC2153 # STATE, TEMPLATE and the settings are set by run_cluster.sh
# Sourced by cluster/run_cluster.sh (which sets ROOT, RUN_DIR, STATE and the settings): the checks before anything is made, and --background.

# --- Checks before anything is made.

require_root() {
  ((EUID == 0)) || die "must run as root: it creates network namespaces and veth links (try: sudo $0 ...)"
}

# require_tools: each command the mode needs, or a one-line error naming the package.
require_tools() {
  local command package
  for command in ip:iproute2 tc:iproute2 haproxy:haproxy socat:socat; do
    package=${command#*:}
    command=${command%%:*}
    command -v "$command" >/dev/null ||
      die "$command is not installed (apt-get install $package); it is needed to run the cluster"
  done
}

# require_netem: checks, in a throwaway network namespace, that the kernel has tc netem.
require_netem() {
  local answer
  if ! answer=$(unshare --net tc qdisc add dev lo root netem delay 1ms 2>&1); then
    die "--delay and --loss need tc netem, which this kernel lacks (tc says: ${answer:-nothing}); nothing was started"
  fi
}

# --- --background.

# choose_tag: prints the first cluster number T whose names (fsc<T>-*) and subnet
# ($NET_PREFIX.T.0/24) nothing uses, and reserves it by creating its first namespace.
choose_tag() {
  local tag
  for ((tag = 0; tag <= MAX_TAG; tag++)); do
    [[ -e /run/netns/$NAME_PREFIX$tag-r1 ]] && continue
    ip link show "$NAME_PREFIX$tag-r1" >/dev/null 2>&1 && continue
    [[ -n $(ip -4 -o addr show to "$NET_PREFIX.$tag.0/24") ]] && continue
    ip -4 route show to match "$NET_PREFIX.$tag.1" | grep -qv '^default' && continue
    # Atomic: of two clusters starting at once, only one creates the namespace.
    if ip netns add "$NAME_PREFIX$tag-r1" 2>/dev/null; then
      echo "$tag"
      return
    fi
  done
  return 1
}

# make_replica_host TAG K RATE DELAY LOSS: namespace, link, addresses, and the link's
# queueing discipline for replica K.
make_replica_host() {
  local tag=$1 k=$2 rate=$3 delay=$4 loss=$5
  local name=$NAME_PREFIX$tag-r$k
  local host_address=$NET_PREFIX.$tag.$((4 * k + 1)) address=$NET_PREFIX.$tag.$((4 * k + 2))
  if ((k > 1)); then
    record netns "$name"
    ip netns add "$name"
  fi
  record link "$name"
  # The replica's end is eth0 in its namespace, as on a host; ours is named like it.
  ip link add "$name" type veth peer name eth0 netns "$name"
  ip addr add "$host_address/30" dev "$name"
  ip link set "$name" up
  ip -n "$name" link set lo up
  ip -n "$name" addr add "$address/30" dev eth0
  ip -n "$name" link set eth0 up
  # What the replica sends (the files) leaves through eth0: that is the NIC to shape.
  local -a shaping=()
  if [[ -n $delay || -n $loss ]]; then
    shaping=(netem)
    [[ -z $delay ]] || shaping+=(delay "${delay}ms")
    [[ -z $loss ]] || shaping+=(loss "${loss}%")
    [[ -z $rate ]] || shaping+=(rate "${rate}mbit")
  elif [[ -n $rate ]]; then
    # A bucket of 10 ms at the rate, at least 64 KiB (a GSO packet must fit in it).
    local burst=$((rate * 1000000 / 8 / 100))
    ((burst >= 65536)) || burst=65536
    shaping=(tbf rate "${rate}mbit" burst "$burst" latency 100ms)
  fi
  if ((${#shaping[@]})); then
    tc -n "$name" qdisc add dev eth0 root "${shaping[@]}"
  fi
  record replica "$k $address $name"
}

# copy_file K SOURCE NAME: replica K's own copy of SOURCE, K minutes older than now, so
# that every replica's Last-Modified differs (and its inode).
copy_file() {
  local dir=$RUN_DIR/replica-$1
  mkdir -p "$dir"
  cp "$2" "$dir/$3"
  touch -d "@$(($(date +%s) - 60 * $1))" "$dir/$3"
}

# start_replica K ADDRESS NETNS NAME TAG: the server, inside the namespace, through
# run_server.sh --background (which returns once it listens). Its output goes to
# replica-K.start. This machine reaches a replica from the host's end of its link, not
# from loopback: --status-from lets the cluster's subnet see /status and /metrics (the
# public frontend refuses them; see docs/cluster.md).
start_replica() {
  local k=$1 address=$2 netns=$3 name=$4 tag=$5
  ip netns exec "$netns" env SERVER_PID_FILE="$RUN_DIR/replica-$k.pid" SERVER_LOG_FILE="$RUN_DIR/replica-$k.log" \
    SERVER_START_TIMEOUT_S="$START_TIMEOUT_S" "$ROOT/run_server.sh" --background --bind "$address" --port "$REPLICA_PORT" \
    --file "$RUN_DIR/replica-$k/$name" --status-from "loopback,$NET_PREFIX.$tag.0/24" \
    >"$RUN_DIR/replica-$k.start" 2>&1 </dev/null
}

# write_config PORT NAME STATS_PORT: haproxy.cfg from the template, one server line per replica.
write_config() {
  local port=$1 name=$2 stats_port=$3 servers='' k address netns
  while read -r k address netns; do
    servers+="    server r$k $address:$REPLICA_PORT"$'\n'
  done < <(recorded replica)
  local template
  template=$(<"$TEMPLATE")
  template=${template//@RUN_DIR@/$RUN_DIR}
  template=${template//@PORT@/$port}
  template=${template//@STATS_PORT@/$stats_port}
  template=${template//@FILE_PATH@//$name}
  template=${template//@SERVERS@/${servers%$'\n'}}
  printf '%s\n' "$template" >"$RUN_DIR/haproxy.cfg"
}

# start_failed: the EXIT trap while --background runs: undoes what it made.
start_failed() {
  local status=$?
  trap - EXIT
  ((status != 0)) || return 0
  echo "${0##*/}: the start failed; undoing what it made" >&2
  stop_cluster >&2 || true
  exit "$status"
}

already_running() {
  die "a cluster is already running (state in $STATE); see --status, or stop it with --stop"
}

# start_cluster REPLICAS PORT FILE RATE DELAY LOSS STATS_PORT PROMETHEUS_PORT: --background;
# RATE, DELAY, LOSS and PROMETHEUS_PORT empty for none.
start_cluster() {
  local replicas=$1 port=$2 file=$3 rate=$4 delay=$5 loss=$6 stats_port=$7 prometheus_port=$8
  require_root
  require_tools
  [[ -z $prometheus_port ]] || require_prometheus
  if [[ -n $delay || -n $loss ]]; then
    require_netem
  fi
  [[ -f $file && -r $file ]] || die "--file $file is not a readable file"
  file=$(readlink -f "$file")
  local name=${file##*/}
  [[ $name =~ ^[A-Za-z0-9._-]+$ ]] ||
    die "the file's name '$name' becomes its URL path, so it may hold only A-Z a-z 0-9 . _ -"
  [[ -f $TEMPLATE ]] || die "missing the HAProxy template $TEMPLATE"
  [[ ! -e $STATE ]] || already_running
  local option_port
  for option_port in "--port:$port" "--stats-port:$stats_port" ${prometheus_port:+"--prometheus-port:$prometheus_port"}; do
    if accepts "${option_port#*:}"; then
      die "something already accepts connections on 127.0.0.1 port ${option_port#*:}; choose another with ${option_port%%:*}"
    fi
  done
  mkdir -p "$RUN_DIR"
  # The state file is the cluster: creating it is atomic (noclobber), so two starts at
  # once cannot both go on.
  if ! (set -o noclobber && echo "started $(date -u '+%Y-%m-%dT%H:%M:%SZ') by PID $$" >"$STATE") 2>/dev/null; then
    already_running
  fi
  trap start_failed EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  rm -f "$RUN_DIR"/replica-*.log "$RUN_DIR"/replica-*.start "$RUN_DIR/haproxy.log"
  record options "replicas=$replicas port=$port file=$file rate=${rate:-none} delay=${delay:-none} loss=${loss:-none}" \
    "stats-port=$stats_port prometheus-port=${prometheus_port:-none}"
  record port "$port"
  record stats_port "$stats_port"
  record name "$name"
  ensure_built

  local tag
  tag=$(choose_tag) || die "no free cluster number: fsc0-r1 to fsc$MAX_TAG-r1 or their subnets are all taken"
  record netns "$NAME_PREFIX$tag-r1"
  record tag "$tag"
  local k
  for ((k = 1; k <= replicas; k++)); do
    make_replica_host "$tag" "$k" "$rate" "$delay" "$loss"
    copy_file "$k" "$file" "$name"
  done

  # The replicas start at once: each is a JVM, and starting one takes a second or more.
  local -A starter=()
  local address netns failed=0
  while read -r k address netns; do
    start_replica "$k" "$address" "$netns" "$name" "$tag" &
    starter[$k]=$!
  done < <(recorded replica)
  for k in "${!starter[@]}"; do
    if ! wait "${starter[$k]}"; then
      echo "${0##*/}: replica $k did not start:" >&2
      sed 's/^/    /' "$RUN_DIR/replica-$k.start" >&2
      failed=1
    fi
    if [[ -f $RUN_DIR/replica-$k.pid ]]; then
      record pid "$k $(<"$RUN_DIR/replica-$k.pid")"
    fi
  done
  ((failed == 0)) || die "not every replica started"

  write_config "$port" "$name" "$stats_port"
  local answer
  answer=$(haproxy -c -q -f "$RUN_DIR/haproxy.cfg" 2>&1) || die "HAProxy rejects $RUN_DIR/haproxy.cfg: $answer"
  haproxy -db -f "$RUN_DIR/haproxy.cfg" >"$RUN_DIR/haproxy.log" 2>&1 </dev/null &
  local haproxy_pid=$!
  record haproxy "$haproxy_pid"

  local waited=0
  wait_ready "$haproxy_pid" "$START_TIMEOUT_S" all_up "$replicas" || waited=$?
  if ((waited == 1)); then
    echo "${0##*/}: HAProxy exited; end of $RUN_DIR/haproxy.log:" >&2
    tail -n 10 "$RUN_DIR/haproxy.log" | sed 's/^/    /' >&2
    exit 1
  elif ((waited == 2)); then
    echo "${0##*/}: HAProxy did not see every replica up within $START_TIMEOUT_S s:" >&2
    server_states 2>&1 | sed 's/^/    /' >&2 || true
    exit 1
  fi
  [[ -z $prometheus_port ]] || start_prometheus "$prometheus_port" "$stats_port"
  trap - EXIT INT TERM

  local java_line
  java_line=$(grep -ho ' on Java .*' "$RUN_DIR/replica-1.start" | head -n 1) || java_line=
  echo "cluster running: HAProxy (PID $haproxy_pid, leastconn) on http://127.0.0.1:$port/$name," \
    "$replicas replicas up${java_line}"
  local link=''
  [[ -z $rate ]] || link+=" rate ${rate} Mbit/s"
  [[ -z $delay ]] || link+=" delay ${delay} ms"
  [[ -z $loss ]] || link+=" loss ${loss}%"
  while read -r k address netns; do
    echo "  replica $k: $address:$REPLICA_PORT in netns $netns, PID $(recorded_pid "$k"), log $RUN_DIR/replica-$k.log${link:+; link$link}"
  done < <(recorded replica)
  watch_urls
}

# recorded_pid K: the PID recorded for replica K (empty if none).
recorded_pid() {
  recorded pid | awk -v k="$1" '$1 == k { pid = $2 } END { print pid }'
}
