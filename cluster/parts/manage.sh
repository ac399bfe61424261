# shellcheck shell=bash
# shellcheck disable=SC2153 # STATE, TEMPLATE and the settings are set by run_cluster.sh
# Sourced by cluster/run_cluster.sh (which sets ROOT, RUN_DIR, STATE and the settings): --status, --kill-replica, --set-replica and --stop.

# --- --status.

# transfers_in LOG: "T transfers (A x 200, B x 206), R reset after the last byte, C cut
# short" from a server log. HAProxy closes a replica's connection with RST once it has the
# whole response, unless the replica's FIN came first; the replica logs that as "client
# went away after M of M bytes (Connection reset)": every byte sent, none known lost.
transfers_in() {
  [[ -f $1 ]] || {
    echo "no log"
    return
  }
  awk '
    / id=health-check / { next }
    / "GET [^"]*" 200 / { full++ }
    / "GET [^"]*" 206 / { partial++ }
    / client went away after [0-9]+ of [0-9]+ bytes / {
      match($0, /after [0-9]+ of [0-9]+ bytes/)
      split(substr($0, RSTART + 6, RLENGTH - 12), n, " of ")
      if (n[1] == n[2]) { reset++; next }
    }
    / (client went away|cut by shutdown|closed a stalled transfer) / { cut++ }
    END {
      printf "%d transfers (%d x 200, %d x 206), %d reset after the last byte, %d cut short\n",
        full + partial, full, partial, reset, cut
    }' "$1"
}

show_status() {
  require_root
  [[ -f $STATE ]] || die "no cluster is running (no $STATE)"
  local port name haproxy_pid balancer states=''
  port=$(recorded_one port)
  name=$(recorded_one name)
  haproxy_pid=$(recorded_one haproxy)
  if [[ -n $haproxy_pid ]] && runs_as "$haproxy_pid" haproxy; then
    balancer="running (PID $haproxy_pid)"
    states=$(server_states) || states=''
  else
    balancer="not running"
  fi
  echo "balancer: HAProxy on http://127.0.0.1:$port/$name, $balancer; $(recorded_one options)"
  watch_urls
  local k address netns pid process seen
  while read -r k address netns; do
    pid=$(recorded_pid "$k")
    if grep -qx "killed $k" "$STATE"; then
      process="killed (SIGKILL)"
    elif [[ -n $pid ]] && runs_as "$pid" java; then
      process="PID $pid"
    else
      process="not running"
    fi
    seen=$(awk -v name="r$k" '$1 == name {
        printf "%s (HAProxy: %s, last check %s, %d connections now)", ($2 == "UP" ? "up" : "down"), $2, $3, $4 }' \
      <<<"$states")
    echo "replica $k: $address:$REPLICA_PORT, netns $netns, $process: ${seen:-unknown (no answer from HAProxy)};" \
      "$(transfers_in "$RUN_DIR/replica-$k.log")"
    replica_urls "$address"
  done < <(recorded replica)
}

# --- --kill-replica.

kill_replica() {
  local k=$1
  require_root
  [[ -f $STATE ]] || die "no cluster is running (no $STATE)"
  local address
  address=$(recorded replica | awk -v k="$k" '$1 == k { print $2 }')
  [[ -n $address ]] || die "there is no replica $k (the cluster has $(recorded replica | wc -l))"
  local pid
  pid=$(recorded_pid "$k")
  if [[ -z $pid ]] || ! runs_as "$pid" java; then
    die "replica $k is not running${pid:+ (PID $pid)}"
  fi
  # How many transfers it is cutting short: those clients will have to --resume.
  local connections
  connections=$(server_states | awk -v name="r$k" '$1 == name { print $4 }') || connections=
  kill -KILL "$pid"
  record killed "$k"
  rm -f "$RUN_DIR/replica-$k.pid"
  local started
  started=$(now_ns)
  local deadline=$((started + KILL_TIMEOUT_S * 1000000000)) state
  until state=$(replica_state "$k") && [[ $state != UP* ]]; do
    if (($(now_ns) > deadline)); then
      echo "replica $k ($address, PID $pid) killed with SIGKILL, but HAProxy still reports it ${state:-(no answer)} after $KILL_TIMEOUT_S s"
      return 1
    fi
    sleep 0.05
  done
  awk -v k="$k" -v a="$address" -v p="$pid" -v c="${connections:-?}" -v s="$state" \
    -v ms="$((($(now_ns) - started) / 1000000))" 'BEGIN {
    printf "replica %d (%s, PID %d) killed with SIGKILL while it served %s connections;", k, a, p, c
    printf " HAProxy marked it down after %.1f s (%s)\n", ms / 1000, s }'
}

# --- --set-replica.

# set_replica K STATE: puts replica K in HAProxy's STATE (ready, drain or maint) through
# the stats socket, and returns once HAProxy reports it so.
set_replica() {
  local k=$1 state=$2
  require_root
  [[ -f $STATE ]] || die "no cluster is running (no $STATE)"
  recorded replica | awk -v k="$k" '$1 == k { found = 1 } END { exit !found }' ||
    die "there is no replica $k (the cluster has $(recorded replica | wc -l))"
  local answer
  answer=$(haproxy_command "set server replicas/r$k state $state" 2>&1) || die "HAProxy does not answer: $answer"
  [[ -z ${answer//[[:space:]]/} ]] || die "HAProxy refused: $answer"
  local deadline=$(($(now_ns) + KILL_TIMEOUT_S * 1000000000)) now
  while now=$(replica_state "$k"); do
    case $state:${now%% *} in
      drain:DRAIN* | maint:MAINT* | ready:UP* | ready:DOWN* | ready:NOLB*) break ;;
    esac
    (($(now_ns) < deadline)) || die "HAProxy still reports replica $k as $now after $KILL_TIMEOUT_S s"
    sleep 0.05
  done
  echo "replica $k: $state (HAProxy: ${now:-no answer})"
}

# --- --stop.

# stop_cluster: undoes everything the state file records, newest first where it matters;
# goes on past what fails and returns non-zero if something could not be undone.
stop_cluster() {
  local problems=0 pid k address netns
  stop_prometheus
  pid=$(recorded_one haproxy)
  if [[ -n $pid ]] && runs_as "$pid" haproxy; then
    stop_process "$pid" 10 HAProxy || true
    echo "stopped HAProxy (PID $pid)"
  fi
  # The replicas at once: each may take a moment to finish what is in flight.
  local -A replica_pid=() stopper=()
  while read -r k pid; do
    if [[ -n $pid ]] && runs_as "$pid" java; then
      SERVER_PID_FILE=$RUN_DIR/replica-$k.pid "$ROOT/run_server.sh" --stop >/dev/null 2>&1 &
      stopper[$k]=$!
      replica_pid[$k]=$pid
    fi
  done < <(recorded pid)
  for k in "${!stopper[@]}"; do
    wait "${stopper[$k]}" || true
    # run_server.sh --stop stops the PID in the replica's PID file; without one (a start
    # cut short before it was written), the PID recorded here is stopped instead.
    stop_process "${replica_pid[$k]}" 10 "replica $k" || true
    echo "stopped replica $k (PID ${replica_pid[$k]})"
  done
  # Anything still inside one of our namespaces (a replica whose PID was never recorded,
  # as after a start cut short; a process someone started there with ip netns exec)
  # would keep it alive: SIGTERM, and SIGKILL for what is left 5 s later.
  local -a leftovers=() names=()
  local leftover name
  while read -r netns; do
    [[ -e /run/netns/$netns ]] || continue
    for leftover in $(ip netns pids "$netns" 2>/dev/null); do
      name=$(ps -o comm= -p "$leftover" 2>/dev/null) || continue
      leftovers+=("$leftover")
      names+=("$name ($leftover)")
    done
  done < <(recorded netns)
  if ((${#leftovers[@]})); then
    echo "stopping what still ran in the cluster's namespaces: ${names[*]}"
    kill -TERM "${leftovers[@]}" 2>/dev/null || true
    for leftover in "${leftovers[@]}"; do
      wait_gone "$leftover" 5 || kill -KILL "$leftover" 2>/dev/null || true
    done
  fi
  # Deleting the host's end of a veth pair deletes both ends at once; deleting the
  # namespace's name lets the kernel free the namespace once nothing is left in it.
  while read -r netns; do
    if ip link show "$netns" >/dev/null 2>&1; then
      ip link del "$netns" || problems=$((problems + 1))
    fi
  done < <(recorded link)
  local removed=()
  while read -r netns; do
    if [[ -e /run/netns/$netns ]]; then
      if ip netns del "$netns"; then
        removed+=("$netns")
      else
        problems=$((problems + 1))
      fi
    fi
  done < <(recorded netns)
  ((${#removed[@]} == 0)) || echo "removed network namespaces and their links: ${removed[*]}"
  rm -rf "$RUN_DIR"/replica-*/ "$RUN_DIR"/replica-*.pid "$RUN_DIR"/replica-*.start \
    "$RUN_DIR/haproxy.cfg" "$RUN_DIR/haproxy.sock"
  if ((problems)); then
    echo "${0##*/}: $problems namespaces or links could not be removed; $STATE is kept for another --stop" >&2
    return 1
  fi
  rm -f "$STATE"
  echo "cluster stopped; the logs are kept in $RUN_DIR"
}
