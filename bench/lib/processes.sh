# shellcheck shell=bash
# shellcheck disable=SC2034 # SERVER_PID is a result for the script that sources this
# bench/lib.sh's part for the processes a benchmark starts: scripts/processes.sh's helpers,
# with every server remembered in BENCH_PIDS, so that bench_cleanup stops what is left.

# start_bg LOG COMMAND...: starts COMMAND in the background with its output in LOG and
# remembers its PID in SERVER_PID and BENCH_PIDS.
start_bg() {
  start_logged "$@"
  SERVER_PID=$STARTED_PID
  BENCH_PIDS+=("$SERVER_PID")
}

# forget_pid PID: removes PID from BENCH_PIDS.
forget_pid() {
  local -a kept=()
  local pid
  for pid in "${BENCH_PIDS[@]}"; do
    [[ $pid == "$1" ]] || kept+=("$pid")
  done
  BENCH_PIDS=("${kept[@]}")
}

# stop_pid PID: stop_process with STOP_TIMEOUT_S (SIGTERM, then SIGKILL, said on stderr),
# and forgets PID. Says so if the process took more than 5 s to go.
stop_pid() {
  local pid=$1 start
  start=$(now_us)
  stop_process "$pid" "$STOP_TIMEOUT_S" || true
  if (($(now_us) - start > 5000000)); then
    echo "(note: PID $pid took $(seconds_between "$start" "$(now_us)") s to exit after SIGTERM)" >&2
  fi
  forget_pid "$pid"
}

# stop_server: stops the server in SERVER_PID.
stop_server() {
  stop_pid "$SERVER_PID"
}

# wait_accepting PORT PID LOG: waits until 127.0.0.1:PORT accepts, failing (with the end
# of LOG) if PID exits first or START_TIMEOUT_S passes.
wait_accepting() {
  local port=$1 pid=$2 log=$3 ready=0
  wait_ready "$pid" "$START_TIMEOUT_S" accepts "$port" || ready=$?
  case $ready in
    1)
      echo "${0##*/}: the server (PID $pid) exited before accepting on port $port; end of $log:" >&2
      tail -n 15 "$log" >&2 || true
      return 1
      ;;
    2)
      echo "${0##*/}: nothing accepted on port $port within ${START_TIMEOUT_S} s" >&2
      return 1
      ;;
  esac
}
