#!/usr/bin/env bash
# Runs the file server in the foreground, or starts and stops it in the background.
set -euo pipefail

# First, in what macOS's bash 3.2 and readlink (no -f before macOS 12.3) still run: what
# this script needs, or one line saying what is missing.
ROOT=$(dirname "$(readlink -f "${BASH_SOURCE[0]}" 2>/dev/null || echo "${BASH_SOURCE[0]}")")
# shellcheck source=scripts/platform.sh
source "$ROOT/scripts/platform.sh"
require_platform bash-5.0 proc
# shellcheck source=scripts/common.sh
source "$ROOT/scripts/common.sh"

PID_FILE=${SERVER_PID_FILE:-$ROOT/server.pid}
LOG_FILE=${SERVER_LOG_FILE:-$ROOT/server.log}
START_TIMEOUT_S=${SERVER_START_TIMEOUT_S:-15}
STOP_TIMEOUT_S=${SERVER_STOP_TIMEOUT_S:-10}
# The server JVM's flags unless SERVER_JAVA_OPTS says otherwise. Each open connection
# keeps about 10 KiB on the heap, and left to itself the JVM lets its heap, and so its
# resident memory, grow to several times what is live before it collects: a bound on the
# heap keeps 19,000 connections at once under 400 MiB. The serial collector needs the
# least memory beside the heap, and on a server whose garbage is small it costs no
# throughput. 320 MiB holds what about 25,000 connections keep live; a server allowed
# more (--max-clients, and an open-files limit to match) needs a larger -Xmx.
# docs/performance.md ("Memory per connection") has the measurements.
SERVER_DEFAULT_JAVA_OPTS="-XX:+UseSerialGC -Xmx320m"

usage() {
  cat <<EOF
Usage: ${0##*/} [--background | --stop] [server options...]

Runs the file server, serving $ROOT/bio.txt unless --file is given.
  (no mode)      in the foreground, until Ctrl-C
  --background   in the background: logs to \$SERVER_LOG_FILE, writes its PID to
                 \$SERVER_PID_FILE, and returns once the server's start-up line says
                 where it listens, printing that port (the real one for --port 0)
                 and the URL of its status page (see --status-from); or fails,
                 within \$SERVER_START_TIMEOUT_S seconds
  --stop         stops the background server: SIGTERM, which lets transfers in flight
                 finish; if the server is still running after \$SERVER_STOP_TIMEOUT_S
                 seconds, SIGKILL, saying so, and exit 1
  --help         this text, then the server's own

The server runs on \$JAVA_HOME's java when JAVA_HOME is set; otherwise on the newest
JDK 21+ on PATH or under /usr/lib/jvm, where it serves on virtual threads; otherwise on
the java on PATH. It says which, and with what JVM flags: \$SERVER_JAVA_OPTS if set
(even to nothing), else these, which keep the memory per connection small:
  $SERVER_DEFAULT_JAVA_OPTS

Environment:
  JAVA_HOME              the JDK to run the server on (default: see above)
  SERVER_JAVA_OPTS       the server JVM's flags, instead of the defaults above
  SERVER_PID_FILE        default $ROOT/server.pid
  SERVER_LOG_FILE        default $ROOT/server.log
  SERVER_START_TIMEOUT_S default 15
  SERVER_STOP_TIMEOUT_S  default 10
EOF
}

# live_server_pid: prints the PID in the PID file if it names a running server; else
# fails, removing a PID file that names none.
live_server_pid() {
  [[ -f $PID_FILE ]] || return 1
  local pid
  pid=$(<"$PID_FILE")
  # Only a java process: a PID file left over from before a reboot must never get an
  # unrelated process killed.
  if [[ $pid =~ ^[0-9]+$ ]] && is_java "$pid"; then
    echo "$pid"
    return
  fi
  echo "${0##*/}: removed $PID_FILE: '$pid' is not a running server" >&2
  rm -f "$PID_FILE"
  return 1
}

# listening_port: prints the port that the server's start-up line in $LOG_FILE names
# ("... listening on http://HOST:PORT/FILE serving ..."); fails while there is none. The
# server logs that line once it is bound and accepting, so it is also the readiness
# signal, and for --port 0 the only place the port the kernel chose is told.
listening_port() {
  local line re=' listening on http://[^ /]*:([0-9]+)/'
  line=$(grep -m 1 -E "$re" "$LOG_FILE" 2>/dev/null) || return 1
  [[ $line =~ $re ]] && echo "${BASH_REMATCH[1]}"
}

# read_address SERVER_ARGS...: sets HOST and PORT to where the server will accept
# connections, reading --bind and --port as the server does, and STATUS_FROM to its
# --status-from.
read_address() {
  HOST=127.0.0.1
  PORT=5050
  STATUS_FROM=loopback
  while (($#)); do
    case $1 in
      --bind) HOST=${2:-} ;;
      --bind=*) HOST=${1#*=} ;;
      --port) PORT=${2:-} ;;
      --port=*) PORT=${1#*=} ;;
      --status-from) STATUS_FROM=${2:-} ;;
      --status-from=*) STATUS_FROM=${1#*=} ;;
    esac
    shift
  done
  HOST=${HOST#[}
  HOST=${HOST%]}
  case $HOST in
    0.0.0.0) HOST=127.0.0.1 ;;
    ::) HOST=::1 ;;
  esac
}

# status_line: prints where the server's live status page is, from HOST, PORT and
# STATUS_FROM (read_address's); nothing with --status-from off.
status_line() {
  [[ $STATUS_FROM != off ]] || return 0
  local url_host=$HOST
  [[ $url_host != *:* ]] || url_host=[$url_host]
  if [[ $STATUS_FROM == loopback && ! $HOST =~ ^(127\.|::1$|localhost$) ]]; then
    # Connections from this machine to $HOST come from $HOST, which is no loopback peer.
    echo "status: none: /status answers only loopback peers, and the server listens on $HOST only (see --status-from)"
    return
  fi
  if [[ $PORT == 0 ]]; then
    echo "status: http://$url_host:<port>/status, <port> being the one the start-up line names (live page; /metrics for Prometheus)"
  else
    echo "status: http://$url_host:$PORT/status (live page; /metrics for Prometheus)"
  fi
}

# server_java_args: sets the array SERVER_JAVA_ARGS to the words of $SERVER_JAVA_OPTS if
# that is set (even to nothing), else of SERVER_DEFAULT_JAVA_OPTS.
server_java_args() {
  if [[ -v SERVER_JAVA_OPTS ]]; then
    read -r -a SERVER_JAVA_ARGS <<<"$SERVER_JAVA_OPTS"
  else
    read -r -a SERVER_JAVA_ARGS <<<"$SERVER_DEFAULT_JAVA_OPTS"
  fi
}

# describe_server_java: the JDK and the flags the server runs with, for its first line.
describe_server_java() {
  echo "$(describe_java "$JAVA"), JVM flags: ${SERVER_JAVA_ARGS[*]:-(none)}"
}

start_background() {
  local pid
  if pid=$(live_server_pid); then
    die "a server is already running (PID $pid in $PID_FILE); stop it with: $0 --stop"
  fi
  read_address "$@"
  if [[ $PORT != 0 ]] && accepts "$PORT" "$HOST"; then
    die "something already accepts connections on $HOST port $PORT"
  fi
  ensure_built

  start_logged "$LOG_FILE" "$JAVA" "${SERVER_JAVA_ARGS[@]}" -cp "$ROOT/build/classes" Server "$@"
  pid=$STARTED_PID
  echo "$pid" >"$PID_FILE"
  # Interrupted before the server is up: it would run on unseen, so stop it.
  trap 'kill -TERM "$pid" 2>/dev/null; rm -f "$PID_FILE"; exit 130' INT TERM HUP

  local ready=0
  wait_ready "$pid" "$START_TIMEOUT_S" listening_port >/dev/null || ready=$?
  if ((ready == 1)); then
    local status=0
    wait "$pid" || status=$?
    rm -f "$PID_FILE"
    echo "${0##*/}: the server exited (status $status) before accepting connections; end of $LOG_FILE:" >&2
    tail -n 20 "$LOG_FILE" >&2
    exit 1
  elif ((ready == 2)); then
    kill -TERM "$pid" 2>/dev/null || true
    rm -f "$PID_FILE"
    die "the server did not log that it listens within ${START_TIMEOUT_S} s; see $LOG_FILE"
  fi
  PORT=$(listening_port)
  trap - INT TERM HUP
  echo "server running: PID $pid, $HOST port $PORT, log $LOG_FILE, on $(describe_server_java)"
  status_line
}

stop_background() {
  local pid
  if ! pid=$(live_server_pid); then
    echo "no server to stop"
    return
  fi
  if ! stop_process "$pid" "$STOP_TIMEOUT_S" "the server"; then
    # Not a success: whatever was in flight was lost without the server's goodbye.
    rm -f "$PID_FILE"
    exit 1
  fi
  rm -f "$PID_FILE"
  echo "server stopped (PID $pid)"
}

# server_args ARGS...: sets SERVER_ARGS to ARGS, led by --file bio.txt unless ARGS name a file.
server_args() {
  local arg
  for arg in "$@"; do
    if [[ $arg == --file || $arg == --file=* ]]; then
      SERVER_ARGS=("$@")
      return
    fi
  done
  SERVER_ARGS=(--file "$ROOT/bio.txt" "$@")
}

main() {
  JAVA=$(server_java)
  server_java_args
  if wants_help "$@"; then
    usage
    if [[ -f $ROOT/build/classes/Server.class ]]; then
      printf '\nServer options:\n'
      "$JAVA" -cp "$ROOT/build/classes" Server --help || true
    fi
    return
  fi
  case ${1:-} in
    --stop)
      (($# == 1)) || usage_error "--stop takes no other options"
      [[ $STOP_TIMEOUT_S =~ ^[0-9]+$ ]] ||
        usage_error "SERVER_STOP_TIMEOUT_S must be a whole number of seconds, not '$STOP_TIMEOUT_S'"
      stop_background
      ;;
    --background)
      [[ $START_TIMEOUT_S =~ ^[1-9][0-9]*$ ]] ||
        usage_error "SERVER_START_TIMEOUT_S must be a whole number of seconds, not '$START_TIMEOUT_S'"
      shift
      server_args "$@"
      start_background "${SERVER_ARGS[@]}"
      ;;
    *)
      server_args "$@"
      ensure_built
      echo "${0##*/}: on $(describe_server_java)" >&2
      read_address "${SERVER_ARGS[@]}"
      status_line >&2
      exec "$JAVA" "${SERVER_JAVA_ARGS[@]}" -cp "$ROOT/build/classes" Server "${SERVER_ARGS[@]}"
      ;;
  esac
}

main "$@"
