# shellcheck shell=bash
# Kernel settings a benchmark raises for its run and puts back on every exit. Source it
# after bench/lib.sh and call bench_init first: raise_sysctl chains the restore to the EXIT
# trap that bench_init installs.

# The settings raised so far, each as "name=value it had", in the order raised.
declare -a RAISED_SYSCTLS=()

# raise_sysctl NAME VALUE: sets /proc/sys/NAME (dots, as sysctl(8) writes it) to VALUE if it
# is lower, saying so, and remembers the old value for restore_sysctls. Without the right
# to write it (not root), says that the run goes on with the lower value.
raise_sysctl() {
  local name=$1 value=$2 file old
  file=/proc/sys/${name//.//}
  old=$(<"$file")
  if ((old >= value)); then
    echo "# kernel: $name is $old already (>= $value)"
    return
  fi
  if ! { printf '%s\n' "$value" >"$file"; } 2>/dev/null; then
    echo "# kernel: could not raise $name from $old to $value (needs root); running with $old"
    return
  fi
  if ((${#RAISED_SYSCTLS[@]} == 0)); then
    trap 'restore_sysctls; bench_cleanup' EXIT
  fi
  RAISED_SYSCTLS+=("$name=$old")
  echo "# kernel: raised $name from $old to $value for this run (put back on exit)"
}

# restore_sysctls: puts back every setting raise_sysctl changed, newest first, saying so.
restore_sysctls() {
  local i name value
  for ((i = ${#RAISED_SYSCTLS[@]} - 1; i >= 0; i--)); do
    name=${RAISED_SYSCTLS[i]%%=*}
    value=${RAISED_SYSCTLS[i]#*=}
    if { printf '%s\n' "$value" >"/proc/sys/${name//.//}"; } 2>/dev/null; then
      echo "# kernel: restored $name to $value"
    else
      echo "# kernel: could not restore $name to $value" >&2
    fi
  done
  RAISED_SYSCTLS=()
}
