#!/usr/bin/env bash
# Starts N download clients, as many at once as memory allows, waits for them all, and
# sums up how they did.
set -euo pipefail

# First, in what macOS's bash 3.2 and readlink (no -f before macOS 12.3) still run: what
# this script needs, or one line saying what is missing.
ROOT=$(dirname "$(readlink -f "${BASH_SOURCE[0]}" 2>/dev/null || echo "${BASH_SOURCE[0]}")")
# shellcheck source=scripts/platform.sh
source "$ROOT/scripts/platform.sh"
require_platform bash-5.1 gnu-stat
# shellcheck source=scripts/common.sh
source "$ROOT/scripts/common.sh"

MAX_CLIENTS=10000
# Resident memory of one client JVM while it downloads: about 13 MiB measured (300
# clients peaked at 4.1 GB), rounded up. By default the clients at once may take half
# of the memory available when the script starts.
CLIENT_FOOTPRINT_MIB=16
# Client JVMs at once per core, at most. JVM start-up is CPU work: beyond about this many,
# more at once only makes each slower, and hundreds starve the server of the CPU (with
# 650 at once on 2 cores, a third of 2000 clients waited over 30 s for their first byte).
CLIENT_JVMS_PER_CORE=32

usage() {
  cat <<EOF
Usage: ${0##*/} N [--start-id K] [--dir DIR] [--parallel P] [client options...]

Starts N clients, with ids K to K+N-1 (default K=1), each downloading into
DIR/received_bio_<id>.txt (default DIR: $ROOT/received). Then prints each client's
output in id order and a summary line, and exits 1 if any client failed.
  --parallel P   at most P client JVMs at once; the rest start as earlier ones end.
                 Default: as many as fit in half the memory available now, at
                 ${CLIENT_FOOTPRINT_MIB} MiB each, and at most ${CLIENT_JVMS_PER_CORE} per core ($(default_parallel) here);
                 all N at once when N fits.
On a terminal, one line shows the progress, rewritten about once a second.
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
# The progress line's loop, when there is one.
progress_pid=

# default_parallel: how many client JVMs fit in half the memory available now, and at
# most CLIENT_JVMS_PER_CORE per core.
default_parallel() {
  local available_kib cores
  available_kib=$(awk '/^MemAvailable:/ { print $2; exit }' /proc/meminfo 2>/dev/null) || true
  [[ $available_kib =~ ^[0-9]+$ ]] || available_kib=$((2 * 1024 * 1024)) # unknown: assume 2 GiB
  cores=$(nproc 2>/dev/null) || cores=1
  local parallel=$((available_kib / 2 / (CLIENT_FOOTPRINT_MIB * 1024)))
  ((parallel <= cores * CLIENT_JVMS_PER_CORE)) || parallel=$((cores * CLIENT_JVMS_PER_CORE))
  echo $((parallel > 0 ? parallel : 1))
}

# show_progress COUNT START_ID DIR STARTED_NS: rewrites one line on the terminal about
# once a second: clients done (verified, failed), running, MiB received, elapsed time.
# It reads what the main loop records in $output_dir: "started" (how many have been
# started) and one <index>.status file per client that ended.
show_progress() {
  local count=$1 start_id=$2 dir=$3 started_ns=$4
  local launched ended verified bytes i
  local -a files
  # A background subshell: a file not there yet (a client just started) is no error.
  set +e +o pipefail
  while sleep 1; do
    launched=$(cat "$output_dir/started" 2>/dev/null) || launched=0
    ended=0
    verified=0
    files=()
    for ((i = 0; i < launched; i++)); do
      files+=("$dir/received_bio_$((start_id + i)).txt")
      [[ -f $output_dir/$i.status ]] || continue
      ended=$((ended + 1))
      [[ $(<"$output_dir/$i.status") == 0 ]] && verified=$((verified + 1))
    done
    bytes=0
    if ((${#files[@]})); then
      bytes=$(stat -c %s -- "${files[@]}" 2>/dev/null | awk '{ sum += $1 } END { print sum + 0 }')
    fi
    printf '\r\033[K%d/%d done: %d verified, %d failed; %d running; %d MiB received; %d s' \
      "$ended" "$count" "$verified" "$((ended - verified))" "$((launched - ended))" \
      "$((bytes / 1048576))" "$((($(now_ns) - started_ns) / 1000000000))"
  done
}

stop_children() {
  local pid
  [[ -z $progress_pid ]] || kill "$progress_pid" 2>/dev/null || true
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

  local start_id=1 dir=$ROOT/received parallel=''
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
      --parallel)
        (($# > 1)) || usage_error "--parallel needs a value"
        parallel=$2
        shift
        ;;
      --parallel=*) parallel=${1#*=} ;;
      *) client_args+=("$1") ;;
    esac
    shift
  done
  if ! [[ $start_id =~ ^(0|[1-9][0-9]{0,8})$ ]]; then
    usage_error "--start-id must be a whole number without leading zeros, not '$start_id'"
  fi

  if [[ -z $parallel ]]; then
    parallel=$(default_parallel)
  elif ! [[ $parallel =~ ^[1-9][0-9]{0,4}$ ]] || ((parallel > MAX_CLIENTS)); then
    usage_error "--parallel must be a whole number from 1 to $MAX_CLIENTS, not '$parallel'"
  fi
  ((parallel < count)) || parallel=$count

  mkdir -p -- "$dir"
  ensure_built
  client_java_args
  local java
  java=$(client_java)
  output_dir=$(mktemp -d)
  trap stop_children EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM

  local i started finished next=0 running=0 pid status
  local -a statuses=()
  local -A index_of=()
  started=$(now_ns)
  if [[ -t 1 ]]; then
    show_progress "$count" "$start_id" "$dir" "$started" &
    progress_pid=$!
  fi
  while ((next < count || running > 0)); do
    # Up to $parallel at once; all of them at once when they fit.
    while ((next < count && running < parallel)); do
      "$java" "${CLIENT_JAVA_ARGS[@]}" -cp "$CLIENT_CLASS_PATH" Client "$((start_id + next))" \
        --dir "$dir" "${client_args[@]}" >"$output_dir/$next" 2>&1 &
      children[next]=$!
      index_of[$!]=$next
      next=$((next + 1))
      running=$((running + 1))
    done
    echo "$next" >"$output_dir/started"
    status=0
    wait -n -p pid "${children[@]}" || status=$?
    i=${index_of[$pid]}
    statuses[i]=$status
    echo "$status" >"$output_dir/$i.status"
    unset 'children[i]'
    running=$((running - 1))
  done
  finished=$(now_ns)
  if [[ -n $progress_pid ]]; then
    kill "$progress_pid" 2>/dev/null || true
    wait "$progress_pid" 2>/dev/null || true
    printf '\r\033[K'
  fi

  # No process per client from here on: with 2000 clients, a `cat` and a `wc` each made
  # this summary take most of a minute.
  local id verified=0 bytes=0 kept=0 resumed_at line
  local -a failures=() copies=()
  for ((i = 0; i < count; i++)); do
    id=$((start_id + i))
    resumed_at=0
    if [[ -s $output_dir/$i ]]; then
      while IFS= read -r line || [[ -n $line ]]; do
        printf '%s\n' "$line"
        if [[ $line =~ ^client\ [0-9]+:\ .*\(resumed\ at\ ([0-9]+)\) ]]; then
          resumed_at=${BASH_REMATCH[1]}
        fi
      done <"$output_dir/$i"
    else
      echo "client $id: (no output)"
    fi
    if ((statuses[i] != 0)); then
      failures+=("$id (exit ${statuses[i]})")
    elif [[ ! -f $dir/received_bio_$id.txt ]]; then
      # Exit 0 with no file: something else removed it, say from the same --dir.
      failures+=("$id (exit 0, but received_bio_$id.txt is gone)")
    else
      verified=$((verified + 1))
      copies+=("$dir/received_bio_$id.txt")
      # A resumed copy's first bytes came in an earlier run: not this run's to count.
      kept=$((kept + resumed_at))
    fi
  done
  if ((${#copies[@]})); then
    bytes=$(printf '%s\0' "${copies[@]}" | xargs -0 stat -c %s -- 2>/dev/null | awk '{ sum += $1 } END { print sum + 0 }') || true
  fi

  # The rate in MB/s, kB/s or bytes/s, whichever gives two significant digits: a small
  # file is "18 bytes/s", not "0 MB/s". Whole numbers from 10 up, as 10 MiB copies always
  # were, one decimal below; the unit is chosen after rounding, so never "1000 kB/s".
  LC_ALL=C awk -v verified="$verified" -v count="$count" -v bytes="$((bytes - kept))" -v kept="$kept" \
    -v parallel="$parallel" \
    -v nanoseconds="$((finished - started))" '
    function in_unit(value, unit) { return sprintf(value >= 9.95 ? "%.0f %s" : "%.1f %s", value, unit) }
    function rate(per_second) {
      if (per_second >= 999.5e3) return in_unit(per_second / 1e6, "MB/s")
      if (per_second >= 999.5) return in_unit(per_second / 1e3, "kB/s")
      return per_second >= 1 ? in_unit(per_second, "bytes/s") : "under 1 byte/s"
    }
    BEGIN {
      seconds = nanoseconds / 1e9
      # Only empty files verified: no rate to give. None verified: no bytes to count (the
      # bytes a failed client kept are not in the sum, which "0 bytes" would hide).
      moved = bytes > 0 && seconds > 0 ? rate(bytes / seconds) " aggregate" : sprintf("%.0f bytes", bytes)
      if (kept > 0 && bytes > 0) moved = moved sprintf(" (%.0f bytes this run, the rest resumed)", bytes)
      moved = verified > 0 ? ", " moved : ""
      waited = parallel < count ? sprintf(", at most %d at once (%d waited their turn)", parallel, count - parallel) : ""
      printf "%d/%d verified in %.1f s%s%s\n", verified, count, seconds, moved, waited
    }'
  if ((${#failures[@]})); then
    local list
    printf -v list '%s, ' "${failures[@]}"
    echo "${0##*/}: ${#failures[@]} of $count clients failed, ids: ${list%, }" >&2
    return 1
  fi
}

main "$@"
