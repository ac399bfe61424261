# shellcheck shell=bash
# Processes and ports, for every script: the clock, starting a command in the background,
# waiting until it is ready, stopping it by PID, and the TCP ports it listens on.
# scripts/common.sh sources this file, so run_server.sh, test/ and bench/ all share it.

# now_us: the wall-clock time in microseconds, from bash's own clock (no fork of date).
now_us() {
  echo "${EPOCHREALTIME/[.,]/}"
}

# now_ns: now_us in nanoseconds, for scripts that count in those.
now_ns() {
  echo "$(now_us)000"
}

# is_alive PID: true if PID is a running process; a zombie (exited, not yet reaped) is not.
# Reads /proc, forking nothing, so it is cheap inside a polling loop.
is_alive() {
  local stat
  { read -r stat <"/proc/$1/stat"; } 2>/dev/null || return 1
  stat=${stat##*) }
  [[ ${stat:0:1} != Z ]]
}

# runs_as PID COMMAND: true if PID is a running process named COMMAND, so that a stale PID
# (from a PID file that outlived its process, say) never gets an unrelated process killed.
runs_as() {
  local name
  [[ $1 =~ ^[0-9]+$ ]] && is_alive "$1" && { read -r name <"/proc/$1/comm"; } 2>/dev/null && [[ $name == "$2" ]]
}

# is_java PID: true if PID is a running java process.
is_java() {
  runs_as "$1" java
}

# accepts PORT [HOST]: true if a TCP connection to HOST (default 127.0.0.1) port PORT succeeds.
accepts() {
  (exec 3<>"/dev/tcp/${2:-127.0.0.1}/$1") 2>/dev/null
}

# free_port: prints a port on 127.0.0.1 that nothing listens on, below the kernel's
# ephemeral range so that no client connection can be using it either.
free_port() {
  local port tries
  for ((tries = 0; tries < 200; tries++)); do
    port=$((20000 + RANDOM % 12000))
    if ! accepts "$port"; then
      echo "$port"
      return
    fi
  done
  die "found no free port"
}

# start_logged LOG COMMAND...: starts COMMAND in the background with its output (stdout
# and stderr) in LOG, and sets STARTED_PID to its PID.
start_logged() {
  local log=$1
  shift
  "$@" >"$log" 2>&1 &
  # shellcheck disable=SC2034 # for the caller
  STARTED_PID=$!
}

# wait_ready PID TIMEOUT_S PROBE...: runs PROBE every 0.05 s until it succeeds. Returns 0
# once it has, 1 if PID exits first, 2 if TIMEOUT_S seconds pass first. What PROBE prints
# on success goes to the caller's stdout.
wait_ready() {
  local pid=$1 deadline=$(($(now_us) + $2 * 1000000))
  shift 2
  until "$@"; do
    is_alive "$pid" || return 1
    (($(now_us) <= deadline)) || return 2
    sleep 0.05
  done
}

# wait_until TIMEOUT_S PROBE...: runs PROBE every 0.05 s until it succeeds; false if
# TIMEOUT_S seconds pass first. For what no one process stands for, such as a log line.
wait_until() {
  local deadline=$(($(now_us) + $1 * 1000000))
  shift
  until "$@"; do
    (($(now_us) <= deadline)) || return 1
    sleep 0.05
  done
}

# wait_gone PID [SECONDS]: waits up to SECONDS (default 5) for PID to be gone, as it is
# soon after SIGKILL; false if it is still there.
wait_gone() {
  local deadline=$(($(now_us) + ${2:-5} * 1000000))
  while is_alive "$1"; do
    (($(now_us) < deadline)) || return 1
    sleep 0.05
  done
}

# stop_process PID TIMEOUT_S [WHAT]: stops PID with SIGTERM; if it is still running after
# TIMEOUT_S seconds, kills it with SIGKILL, says so on stderr ("WHAT did not stop within
# ... killed it (SIGKILL)"; WHAT defaults to "PID <PID>") and returns 1. Reaps PID if it
# is this shell's child. A PID that is already gone is fine.
stop_process() {
  local pid=$1 timeout_s=$2 what=${3:-PID $1} deadline
  if is_alive "$pid"; then
    kill -TERM "$pid" 2>/dev/null || true
    deadline=$(($(now_us) + timeout_s * 1000000))
    while is_alive "$pid"; do
      if (($(now_us) > deadline)); then
        kill -KILL "$pid" 2>/dev/null || true
        wait_gone "$pid" || true
        wait "$pid" 2>/dev/null || true
        printf '%s: %s did not stop within %s s of SIGTERM; killed it (SIGKILL)\n' "${0##*/}" "$what" "$timeout_s" >&2
        return 1
      fi
      sleep 0.05
    done
  fi
  wait "$pid" 2>/dev/null || true
}
