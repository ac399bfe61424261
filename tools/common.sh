# shellcheck shell=bash
# Helpers for the scripts at the top of the repository. Source it after setting ROOT to
# the repository's top directory.

# die MESSAGE: prints MESSAGE, prefixed with the script's name, and exits 1.
die() {
  printf '%s: %s\n' "${0##*/}" "$*" >&2
  exit 1
}

# usage_error MESSAGE: like die, for a wrong command line: exits 2.
usage_error() {
  printf '%s: %s (see --help)\n' "${0##*/}" "$*" >&2
  exit 2
}

# wants_help ARGS...: true if ARGS ask for help.
wants_help() {
  local arg
  for arg in "$@"; do
    [[ $arg == --help || $arg == -h ]] && return 0
  done
  return 1
}

# ensure_built: compiles the Java sources if they changed since the last build (make
# is incremental, so this is cheap when nothing changed).
ensure_built() {
  make -s -C "$ROOT" all >&2 || die "the build failed"
}

# now_ns: the wall-clock time in nanoseconds.
now_ns() {
  date +%s%N
}

# client_java_args: sets the array CLIENT_JAVA_ARGS to the client JVM's flags: the words
# of $CLIENT_JAVA_OPTS if that is set (even to nothing), else flags that make a
# short-lived JVM start fast, plus build/client.jsa as class-data archive if it exists.
client_java_args() {
  if [[ -v CLIENT_JAVA_OPTS ]]; then
    read -r -a CLIENT_JAVA_ARGS <<<"$CLIENT_JAVA_OPTS"
    return
  fi
  CLIENT_JAVA_ARGS=(-XX:TieredStopAtLevel=1 -XX:-UsePerfData -Xshare:auto)
  if [[ -f $ROOT/build/client.jsa ]]; then
    CLIENT_JAVA_ARGS+=("-XX:SharedArchiveFile=$ROOT/build/client.jsa")
  fi
}
