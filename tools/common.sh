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

# The client JVM's flags unless CLIENT_JAVA_OPTS says otherwise: a short-lived JVM starts
# fastest with the C1 compiler only, the serial collector and no perf-data file. The
# Makefile reads this too, to build the class-data archive with the same flags.
CLIENT_DEFAULT_JAVA_OPTS="-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData -Xshare:auto"

# client_java_args: sets the array CLIENT_JAVA_ARGS to the client JVM's flags and
# CLIENT_CLASS_PATH to its class path. The flags are the words of $CLIENT_JAVA_OPTS if
# that is set (even to nothing), else CLIENT_DEFAULT_JAVA_OPTS. When make has built the
# class-data archive build/client.jsa (and CLIENT_CDS is not 0), the client runs from
# build/fileserver.jar with it:
# archives can only hold classes from a jar. A stale or foreign archive is skipped
# silently (-Xlog:cds=off), costing only the time it would have saved.
client_java_args() {
  if [[ -v CLIENT_JAVA_OPTS ]]; then
    read -r -a CLIENT_JAVA_ARGS <<<"$CLIENT_JAVA_OPTS"
  else
    read -r -a CLIENT_JAVA_ARGS <<<"$CLIENT_DEFAULT_JAVA_OPTS"
  fi
  # shellcheck disable=SC2034 # for the scripts that source this file
  CLIENT_CLASS_PATH=$ROOT/build/classes
  if [[ ${CLIENT_CDS:-1} != 0 && -f $ROOT/build/client.jsa && -f $ROOT/build/fileserver.jar ]]; then
    CLIENT_JAVA_ARGS+=("-XX:SharedArchiveFile=$ROOT/build/client.jsa" -Xlog:cds=off -Xlog:cds+dynamic=off)
    # shellcheck disable=SC2034
    CLIENT_CLASS_PATH=$ROOT/build/fileserver.jar
  fi
}

# java_feature JAVA_HOME: prints the JDK's feature version (17, 21, 25...) from its
# `release` file; fails if JAVA_HOME is not a JDK with one.
java_feature() {
  local version
  version=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release" 2>/dev/null) || return 1
  [[ -n $version && -x $1/bin/java ]] || return 1
  echo "$version"
}

# newest_jdk MIN_FEATURE: prints the home of the newest JDK of at least MIN_FEATURE among
# $JAVA_HOME and /usr/lib/jvm/*; fails if there is none.
newest_jdk() {
  local home feature best='' best_feature=0
  for home in ${JAVA_HOME:+"$JAVA_HOME"} /usr/lib/jvm/*; do
    [[ -L $home ]] && continue # Debian's aliases of the same JDK
    feature=$(java_feature "$home") || continue
    if ((feature >= $1 && feature > best_feature)); then
      best=$home
      best_feature=$feature
    fi
  done
  [[ -n $best ]] && echo "$best"
}
