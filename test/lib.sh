# shellcheck shell=bash
# Helpers for the script tests in test/ (e2e.sh, kill_resume.sh). Source it after setting
# ROOT; it sets passes and failures to 0 and keeps count in them. It brings scripts/common.sh
# (and with it scripts/processes.sh: free_port, accepts, wait_ready, stop_process...).

# shellcheck source=../scripts/common.sh
source "$ROOT/scripts/common.sh"

passes=0
failures=0

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

# show_server_log_if_failed: after a failed check, the end of $SERVER_LOG_FILE.
show_server_log_if_failed() {
  if ((failures)) && [[ -f $SERVER_LOG_FILE ]]; then
    echo "end of the server's log:"
    tail -n 20 "$SERVER_LOG_FILE"
  fi
}

# server_log_ends_cleanly: true if the last line of $SERVER_LOG_FILE is the server's
# clean-shutdown line, which it writes only when it cut no transfer (never when killed).
server_log_ends_cleanly() {
  tail -n 1 "$SERVER_LOG_FILE" | grep -q ' stopped: shut down cleanly$'
}

# summary NAME: prints "NAME: P passed, F failed" and returns non-zero if any check failed.
summary() {
  echo "$1: $passes passed, $failures failed"
  ((failures == 0))
}

# flip_byte FILE OFFSET: inverts the lowest bit of the byte at OFFSET (counted from 0).
flip_byte() {
  python3 - "$1" "$2" <<'EOF'
import sys
path, offset = sys.argv[1], int(sys.argv[2])
with open(path, "r+b") as f:
    f.seek(offset)
    byte = f.read(1)[0]
    f.seek(offset)
    f.write(bytes([byte ^ 1]))
EOF
}
