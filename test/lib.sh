# shellcheck shell=bash
# The helpers the shell tests in test/ source (e2e.sh, kill_resume.sh, socket_writes.sh,
# cluster.sh). Source it after setting ROOT; it sets passes and failures to 0 and keeps
# count in them. It brings scripts/common.sh, and with it scripts/processes.sh (free_port,
# wait_ready, is_alive, stop_process...).

# shellcheck source=../scripts/common.sh
source "$ROOT/scripts/common.sh"

passes=0
failures=0

# --- The temporary directory, and what is left running at the end.

# make_work_dir: makes $work, a temporary directory for everything the test writes, and
# sets the traps: on exit, whatever the reason, the test's own cleanup function (if it
# has defined one by then: it stops what the test started) runs, then $work is removed.
make_work_dir() {
  work=$(mktemp -d)
  trap on_exit EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
}

on_exit() {
  set +e # whatever fails here, the rest must still run
  if declare -F cleanup >/dev/null; then
    cleanup
  fi
  rm -rf "$work"
}

# use_own_server_files: puts the server's PID and log files in $work, so that a server the
# user runs is left alone by run_server.sh --stop.
use_own_server_files() {
  export SERVER_PID_FILE=$work/server.pid SERVER_LOG_FILE=$work/server.log
}

# stop_own_server: for cleanup: stops the test's server if it runs and, if a check
# failed, shows the end of its log.
stop_own_server() {
  "$ROOT/run_server.sh" --stop >/dev/null 2>&1 || true
  if ((failures)) && [[ -f $SERVER_LOG_FILE ]]; then
    echo "end of the server's log:"
    tail -n 20 "$SERVER_LOG_FILE"
  fi
}

# --- Checks.

# run COMMAND...: runs COMMAND, keeping what it prints in $output and its exit status in $status.
run() {
  status=0
  output=$("$@" 2>&1) || status=$?
}

# check NAME TEST...: runs TEST and counts check NAME as passed if TEST is true; on a
# failure, shows the end of $output (what the last command printed), if any.
check() {
  local name=$1
  shift
  if "$@"; then
    passes=$((passes + 1))
    echo "ok - $name"
  else
    failures=$((failures + 1))
    echo "FAILED - $name${status:+ (the command exited $status)}"
    if [[ -n ${output:-} ]]; then
      tail -n 20 <<<"$output" | sed 's/^/    /'
    fi
  fi
}

# give_up MESSAGE: a check that cannot go on; counts a failure and ends the test.
give_up() {
  failures=$((failures + 1))
  echo "FAILED - $1"
  summary || true
  exit 1
}

# summary: prints "NAME: P passed, F failed", NAME being the test script's name without
# .sh, and returns non-zero if any check failed.
summary() {
  local name=${0##*/}
  echo "${name%.sh}: $passes passed, $failures failed"
  ((failures == 0))
}

# --- Tests for check, most of them on what the last run left in $status and $output.

succeeded() { ((status == 0)); }
failed() { ((status != 0)); }
# printed REGEX: true if a line of $output matches the extended REGEX.
printed() { grep -Eq -- "$1" <<<"$output"; }
# count REGEX: how many lines of $output match the extended REGEX.
count() { grep -Ec -- "$1" <<<"$output" || true; }
# gone PID: true if process PID has exited (a zombie, not yet reaped, has).
gone() { ! is_alive "$1"; }

# server_log_ends_cleanly: true if the last line of $SERVER_LOG_FILE is the server's
# clean-shutdown line, which it writes only when it cut no transfer (never when killed).
server_log_ends_cleanly() {
  tail -n 1 "$SERVER_LOG_FILE" | grep -q ' stopped: shut down cleanly$'
}

# --- Files.

# size_of FILE: FILE's size in bytes; 0 if there is no such file (yet).
size_of() { if [[ -f $1 ]]; then stat -c %s "$1"; else echo 0; fi; }

# flip_byte FILE OFFSET: inverts the lowest bit of the byte at OFFSET (counted from 0).
flip_byte() {
  python3 - "$1" "$2" <<'PYTHON'
import sys
path, offset = sys.argv[1], int(sys.argv[2])
with open(path, "r+b") as f:
    f.seek(offset)
    byte = f.read(1)[0]
    f.seek(offset)
    f.write(bytes([byte ^ 1]))
PYTHON
}
