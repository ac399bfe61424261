#!/usr/bin/env bash
# Starts N download clients at once, waits for them all, and sums up how they did.
set -euo pipefail

ROOT=$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")
# shellcheck source=tools/common.sh
source "$ROOT/tools/common.sh"

MAX_CLIENTS=10000

usage() {
  cat <<EOF
Usage: ${0##*/} N [--start-id K] [--dir DIR] [client options...]

Starts N clients at once, with ids K to K+N-1 (default K=1), each downloading into
DIR/received_bio_<id>.txt (default DIR: $ROOT/received). Then prints each client's
output in id order and a summary line, and exits 1 if any client failed.
Other options go to every client; see: java -cp build/classes Client --help

Environment:
  JAVA_HOME         the JDK to run the clients on; default: the java on PATH, the
                    one make records the clients' class-data archive with
  CLIENT_JAVA_OPTS  the client JVM's flags; default:
                    $CLIENT_DEFAULT_JAVA_OPTS
  CLIENT_CDS        set to 0 to run the clients without the class-data archive
                    build/client.jsa that make builds for them
EOF
}

# The clients still running, by index; each is removed once reaped, since its PID may
# then belong to another process by the time the trap runs.
declare -a children=()
# Where each client's output waits until all are done.
output_dir=

stop_children() {
  local pid
  for pid in "${children[@]}"; do
    kill -TERM "$pid" 2>/dev/null || true
  done
  [[ -z $output_dir ]] || rm -rf "$output_dir"
}

main() {
  if wants_help "$@"; then
    usage
    return
  fi
  (($#)) || usage_error "missing N, the number of clients"
  local count=$1
  shift
  if ! [[ $count =~ ^[1-9][0-9]{0,4}$ ]] || ((count > MAX_CLIENTS)); then
    usage_error "N must be a whole number from 1 to $MAX_CLIENTS, not '$count'"
  fi

  local start_id=1 dir=$ROOT/received
  local -a client_args=()
  while (($#)); do
    case $1 in
      --start-id)
        (($# > 1)) || usage_error "--start-id needs a value"
        start_id=$2
        shift
        ;;
      --start-id=*) start_id=${1#*=} ;;
      --dir)
        (($# > 1)) || usage_error "--dir needs a value"
        dir=$2
        shift
        ;;
      --dir=*) dir=${1#*=} ;;
      *) client_args+=("$1") ;;
    esac
    shift
  done
  if ! [[ $start_id =~ ^(0|[1-9][0-9]{0,8})$ ]]; then
    usage_error "--start-id must be a whole number without leading zeros, not '$start_id'"
  fi

  mkdir -p -- "$dir"
  ensure_built
  client_java_args
  local java
  java=$(client_java)
  output_dir=$(mktemp -d)
  trap stop_children EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM

  local i started finished
  started=$(now_ns)
  for ((i = 0; i < count; i++)); do
    "$java" "${CLIENT_JAVA_ARGS[@]}" -cp "$CLIENT_CLASS_PATH" Client "$((start_id + i))" \
      --dir "$dir" "${client_args[@]}" >"$output_dir/$i" 2>&1 &
    children[i]=$!
  done
  local -a statuses=()
  for ((i = 0; i < count; i++)); do
    statuses[i]=0
    wait "${children[i]}" || statuses[i]=$?
    unset 'children[i]'
  done
  finished=$(now_ns)

  local id verified=0 bytes=0
  local -a failures=()
  for ((i = 0; i < count; i++)); do
    id=$((start_id + i))
    if [[ -s $output_dir/$i ]]; then
      cat "$output_dir/$i"
    else
      echo "client $id: (no output)"
    fi
    if ((statuses[i] == 0)); then
      verified=$((verified + 1))
      bytes=$((bytes + $(wc -c <"$dir/received_bio_$id.txt")))
    else
      failures+=("$id (exit ${statuses[i]})")
    fi
  done

  LC_ALL=C awk -v verified="$verified" -v count="$count" -v bytes="$bytes" \
    -v nanoseconds="$((finished - started))" 'BEGIN {
      seconds = nanoseconds / 1e9
      rate = seconds > 0 ? bytes / 1e6 / seconds : 0
      printf "%d/%d verified in %.1f s, %.0f MB/s aggregate\n", verified, count, seconds, rate
    }'
  if ((${#failures[@]})); then
    local list
    printf -v list '%s, ' "${failures[@]}"
    echo "${0##*/}: ${#failures[@]} of $count clients failed, ids: ${list%, }" >&2
    return 1
  fi
}

main "$@"
