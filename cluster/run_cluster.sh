#!/usr/bin/env bash
# Runs N replicas of the file server, each on a test host of its own (a Linux network
# namespace with a veth link), behind HAProxy on 127.0.0.1; reports on them, kills one for
# a failover drill, and stops it all again.
set -euo pipefail

CLUSTER_DIR=$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")
ROOT=$(dirname "$CLUSTER_DIR")
# shellcheck source=../tools/common.sh
source "$ROOT/tools/common.sh"

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
START_TIMEOUT_S=${CLUSTER_START_TIMEOUT_S:-60}
KILL_TIMEOUT_S=30

usage() {
  cat <<EOF
Usage: ${0##*/} --background [--replicas N] [--port P] [--file F] [--rate MBIT]
                       [--delay MS] [--loss PCT]
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
  --status          one line for the balancer, then one per replica: its address,
                    whether HAProxy sees it up, how many transfers its log shows
  --kill-replica K  kills replica K (1 to N) with SIGKILL, for failover drills, and
                    returns once HAProxy has marked it down
  --set-replica K STATE
                    puts replica K in HAProxy's state ready, drain (no new transfers;
                    those in flight finish) or maint (out of rotation), as for a rolling
                    update (see README); returns once HAProxy reports it
  --stop            stops HAProxy and the replicas and removes the namespaces, links and
                    files it made, by the PIDs and names it recorded, also after a
                    partial start or a killed replica. The logs stay
  --help            this text

State, PIDs and logs are in $RUN_DIR: state (what was made), haproxy.cfg,
haproxy.log (one line per request), haproxy.sock (HAProxy's stats socket, level admin),
replica-K.log (each replica's server log), replica-K.pid, replica-K/ (its copy).
curl, run_clients.sh and check_diff.sh work against 127.0.0.1:P unchanged.

Environment:
  CLUSTER_RUN_DIR          where the state goes (default $CLUSTER_DIR/run)
  CLUSTER_START_TIMEOUT_S  how long --background waits for each replica to listen, and
                           then for HAProxy to see them all up (default 60)
  JAVA_HOME                the JDK the replicas run on (default: run_server.sh's choice)
EOF
}

# --- The state file: one line per thing made, recorded before it is made, so that
# --stop can undo a start that was cut short at any point.

# record WORDS...: appends one line to the state file.
record() {
  echo "$*" >>"$STATE"
}

# recorded KEY: prints the rest of each state line that starts with KEY.
recorded() {
  [[ -f $STATE ]] || return 0
  awk -v key="$1" '$1 == key { sub("^[^ ]+ ", ""); print }' "$STATE"
}

# recorded_one KEY: the last value recorded for KEY (empty if none).
recorded_one() {
  recorded "$1" | tail -n 1
}

# --- HAProxy's stats socket.

# haproxy_command COMMAND: sends COMMAND to HAProxy's stats socket and prints the answer.
haproxy_command() {
  echo "$1" | socat -t 5 stdio "unix-connect:$RUN_DIR/haproxy.sock"
}

# server_states: one line per replica from HAProxy's `show stat`: "rK STATUS CHECK SCUR
# STOT" (e.g. "r1 UP L7OK 3 17": up, its last check passed, 3 connections now, 17 in
# all). Fails if HAProxy does not answer.
server_states() {
  local answer
  answer=$(haproxy_command "show stat" 2>/dev/null) || return 1
  awk -F, '
    NR == 1 { sub(/^# /, ""); for (i = 1; i <= NF; i++) column[$i] = i; next }
    $1 == "replicas" && $2 ~ /^r[0-9]+$/ {
      # A status in transition has a space: "UP 1/2" is up with 1 of 2 checks failed.
      status = $column["status"]; gsub(/ /, "_", status)
      check = $column["check_status"]; sub(/^\* /, "", check)
      print $2, status, (check == "" ? "-" : check), $column["scur"], $column["stot"]
    }' <<<"$answer"
}

# all_up COUNT: true if HAProxy reports COUNT replicas, each UP after a passed check.
all_up() {
  local states
  states=$(server_states) || return 1
  (($(awk '$2 == "UP" && $3 == "L7OK"' <<<"$states" | wc -l) == $1))
}

# replica_state K: prints HAProxy's "STATUS CHECK" for replica K, or fails.
replica_state() {
  local states
  states=$(server_states) || return 1
  awk -v name="r$1" '$1 == name { print $2, $3; found = 1 } END { exit !found }' <<<"$states"
}

# --- Processes.

# is_alive PID: true if PID is a running process; a zombie (exited, not yet reaped) is not.
is_alive() {
  local stat
  { read -r stat <"/proc/$1/stat"; } 2>/dev/null || return 1
  stat=${stat##*) }
  [[ ${stat:0:1} != Z ]]
}

# runs_as PID COMMAND: true if PID is a live process named COMMAND, so that a stale PID
# (after a reboot, say) never gets an unrelated process killed.
runs_as() {
  local name
  [[ $1 =~ ^[0-9]+$ ]] && is_alive "$1" && { read -r name <"/proc/$1/comm"; } 2>/dev/null && [[ $name == "$2" ]]
}

# stop_process PID TIMEOUT_S [WHAT]: stops PID with SIGTERM; if it is still running after
# TIMEOUT_S seconds, kills it with SIGKILL, says so on stderr and returns 1. Reaps PID if
# it is this shell's child. A PID that is already gone is fine.
stop_process() {
  local pid=$1 timeout_s=$2 what=${3:-PID $1} deadline
  if is_alive "$pid"; then
    kill -TERM "$pid" 2>/dev/null || true
    deadline=$(($(now_ns) + timeout_s * 1000000000))
    while is_alive "$pid"; do
      if (($(now_ns) > deadline)); then
        kill -KILL "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
        printf '%s: %s did not stop within %s s of SIGTERM; killed it (SIGKILL)\n' "${0##*/}" "$what" "$timeout_s" >&2
        return 1
      fi
      sleep 0.05
    done
  fi
  wait "$pid" 2>/dev/null || true
}

# accepts PORT [HOST]: true if a TCP connection to HOST (default 127.0.0.1) port PORT succeeds.
accepts() {
  (exec 3<>"/dev/tcp/${2:-127.0.0.1}/$1") 2>/dev/null
}

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

# start_replica K ADDRESS NETNS NAME: the server, inside the namespace, through
# run_server.sh --background (which returns once it listens). Its output goes to
# replica-K.start.
start_replica() {
  local k=$1 address=$2 netns=$3 name=$4
  ip netns exec "$netns" env SERVER_PID_FILE="$RUN_DIR/replica-$k.pid" SERVER_LOG_FILE="$RUN_DIR/replica-$k.log" \
    SERVER_START_TIMEOUT_S="$START_TIMEOUT_S" "$ROOT/run_server.sh" --background --bind "$address" --port "$REPLICA_PORT" \
    --file "$RUN_DIR/replica-$k/$name" >"$RUN_DIR/replica-$k.start" 2>&1 </dev/null
}

# write_config PORT NAME: haproxy.cfg from the template, one server line per replica.
write_config() {
  local port=$1 name=$2 servers='' k address netns
  while read -r k address netns; do
    servers+="    server r$k $address:$REPLICA_PORT"$'\n'
  done < <(recorded replica)
  local template
  template=$(<"$TEMPLATE")
  template=${template//@RUN_DIR@/$RUN_DIR}
  template=${template//@PORT@/$port}
  template=${template//@CHECK_PATH@//$name}
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

start_cluster() {
  local replicas=$1 port=$2 file=$3 rate=$4 delay=$5 loss=$6
  require_root
  require_tools
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
  if accepts "$port"; then
    die "something already accepts connections on 127.0.0.1 port $port; choose another with --port"
  fi
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
  record options "replicas=$replicas port=$port file=$file rate=${rate:-none} delay=${delay:-none} loss=${loss:-none}"
  record port "$port"
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
    start_replica "$k" "$address" "$netns" "$name" &
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

  write_config "$port" "$name"
  local answer
  answer=$(haproxy -c -q -f "$RUN_DIR/haproxy.cfg" 2>&1) || die "HAProxy rejects $RUN_DIR/haproxy.cfg: $answer"
  haproxy -db -f "$RUN_DIR/haproxy.cfg" >"$RUN_DIR/haproxy.log" 2>&1 </dev/null &
  local haproxy_pid=$!
  record haproxy "$haproxy_pid"

  local deadline=$(($(now_ns) + START_TIMEOUT_S * 1000000000))
  until all_up "$replicas"; do
    if ! is_alive "$haproxy_pid"; then
      echo "${0##*/}: HAProxy exited; end of $RUN_DIR/haproxy.log:" >&2
      tail -n 10 "$RUN_DIR/haproxy.log" | sed 's/^/    /' >&2
      exit 1
    fi
    if (($(now_ns) > deadline)); then
      echo "${0##*/}: HAProxy did not see every replica up within $START_TIMEOUT_S s:" >&2
      server_states 2>&1 | sed 's/^/    /' >&2 || true
      exit 1
    fi
    sleep 0.1
  done
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
}

# recorded_pid K: the PID recorded for replica K (empty if none).
recorded_pid() {
  recorded pid | awk -v k="$1" '$1 == k { pid = $2 } END { print pid }'
}

# --- --status.

# transfers_in LOG: "T transfers (A x 200, B x 206), C cut short" from a server log.
transfers_in() {
  [[ -f $1 ]] || {
    echo "no log"
    return
  }
  awk '
    / id=health-check / { next }
    / "GET [^"]*" 200 / { full++ }
    / "GET [^"]*" 206 / { partial++ }
    / (client went away|cut by shutdown|closed a stalled transfer) / { cut++ }
    END { printf "%d transfers (%d x 200, %d x 206), %d cut short\n", full + partial, full, partial, cut }' "$1"
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
    local deadline=$(($(now_ns) + 5000000000))
    for leftover in "${leftovers[@]}"; do
      while is_alive "$leftover" && (($(now_ns) < deadline)); do
        sleep 0.05
      done
      if is_alive "$leftover"; then
        kill -KILL "$leftover" 2>/dev/null || true
      fi
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

# --- Command line.

main() {
  if wants_help "$@"; then
    usage
    return
  fi
  local mode='' replica_k='' replica_state_wanted='' replicas=3 port=5050 file=$ROOT/bio.txt rate='' delay='' loss='' option value
  local -a background_only=()
  while (($#)); do
    option=$1
    value=
    if [[ $option == --*=* ]]; then
      value=${option#*=}
      option=${option%%=*}
    elif [[ $option =~ ^--(replicas|port|file|rate|delay|loss|kill-replica|set-replica)$ ]]; then
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
      [[ $port =~ ^[1-9][0-9]{0,4}$ && $port -le 65535 ]] ||
        usage_error "--port must be a whole number from 1 to 65535, not '$port'"
      [[ -z $rate || ($rate =~ ^[1-9][0-9]{0,5}$ && rate -le 100000) ]] ||
        usage_error "--rate must be a whole number of Mbit/s from 1 to 100000, not '$rate'"
      [[ -z $delay || ($delay =~ ^[0-9]{1,5}$ && delay -le 10000) ]] ||
        usage_error "--delay must be a whole number of milliseconds from 0 to 10000, not '$delay'"
      [[ -z $loss || ($loss =~ ^[0-9]{1,2}(\.[0-9]{1,3})?$|^100$) ]] ||
        usage_error "--loss must be a percentage from 0 to 100 (e.g. 0.5), not '$loss'"
      start_cluster "$replicas" "$port" "$file" "$rate" "$delay" "$loss"
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
