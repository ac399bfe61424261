# shellcheck shell=bash
# Helpers for the scripts at the top of the repository. Source it after setting ROOT to
# the repository's top directory. It brings scripts/processes.sh (the clock, processes, ports)
# with it.

# shellcheck source=processes.sh
source "$(dirname "${BASH_SOURCE[0]}")/processes.sh"

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

# The client JVM's flags unless CLIENT_JAVA_OPTS says otherwise. A client lives a third
# of a second: the serial collector and no perf-data file start it fastest. Its largest
# piece of work is the SHA-256 of the body, which runs at hardware speed (SHA-NI) only
# inside code compiled by C2, where the JDK's intrinsic replaces the Java loop; C1 alone
# takes four times as long. So C2 stays on, but only for the digest: every other method
# needs 100 times the usual calls before C2 compiles it (never, in a client's life); the
# digest's multi-block entry is compiled by C2 on its second call (CompileThresholdScaling
# per method; "quiet" keeps the JVM from announcing that on stdout). C1 compiles after
# ten times the usual calls, since most of its work would come too late to pay off; the
# digest's one-block loop keeps the usual C1 threshold, for the first blocks before C2 is
# done. docs/performance.md has the measurements. Accepted by Java 17 to 25. The
# Makefile reads this too, to build the class-data archive with the same flags.
CLIENT_DEFAULT_JAVA_OPTS="-XX:+UseSerialGC -XX:-UsePerfData -Xshare:auto -XX:CompileThresholdScaling=10 \
-XX:Tier4InvocationThreshold=1000000 -XX:Tier4MinInvocationThreshold=1000000 -XX:Tier4BackEdgeThreshold=10000000 \
-XX:CompileCommand=quiet \
-XX:CompileCommand=CompileThresholdScaling,sun.security.provider.DigestBase::implCompressMultiBlock,0.0000001 \
-XX:CompileCommand=CompileThresholdScaling,sun.security.provider.SHA2::implCompress0,0.1"

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

# java_home_of JAVA: prints the home of the JDK whose launcher JAVA (a command or a path)
# is, following links (/usr/bin/java -> /etc/alternatives/java -> .../bin/java).
java_home_of() {
  local java
  java=$(command -v "$1") || return 1
  java=$(readlink -f "$java") || return 1
  dirname "$(dirname "$java")"
}

# newest_jdk MIN_FEATURE: prints the home of the newest JDK of at least MIN_FEATURE among
# $JAVA_HOME, the java on PATH and /usr/lib/jvm/*; fails if there is none.
newest_jdk() {
  local home feature best='' best_feature=0 path_home=''
  path_home=$(java_home_of java 2>/dev/null) || true
  for home in ${JAVA_HOME:+"$JAVA_HOME"} ${path_home:+"$path_home"} /usr/lib/jvm/*; do
    [[ -L $home ]] && continue # Debian's aliases of the same JDK
    feature=$(java_feature "$home") || continue
    if ((feature >= $1 && feature > best_feature)); then
      best=$home
      best_feature=$feature
    fi
  done
  [[ -n $best ]] && echo "$best"
}

# server_java: prints the java launcher the server runs on: $JAVA_HOME's when JAVA_HOME is
# set; else the newest JDK of 21 or later, on PATH or under /usr/lib/jvm, since it serves
# on virtual threads (docs/performance.md); else the java on PATH.
server_java() {
  if [[ -n ${JAVA_HOME:-} ]]; then
    [[ -x $JAVA_HOME/bin/java ]] || die "JAVA_HOME is $JAVA_HOME, which has no bin/java"
    echo "$JAVA_HOME/bin/java"
    return
  fi
  local home
  if home=$(newest_jdk 21); then
    echo "$home/bin/java"
    return
  fi
  command -v java || die "no java on PATH, and no JDK 21+ under /usr/lib/jvm"
}

# client_java: prints the java launcher the clients run on: $JAVA_HOME's when JAVA_HOME is
# set, else the java on PATH, the JDK that make recorded the clients' class-data archive
# with (build/client.jsa), which is what makes 50 client JVMs start fast.
client_java() {
  if [[ -n ${JAVA_HOME:-} ]]; then
    [[ -x $JAVA_HOME/bin/java ]] || die "JAVA_HOME is $JAVA_HOME, which has no bin/java"
    echo "$JAVA_HOME/bin/java"
    return
  fi
  command -v java || die "no java on PATH (set JAVA_HOME, or install a JDK 17+)"
}

# describe_java JAVA: "Java 25 (/usr/lib/jvm/temurin-25-jdk-amd64)", for the line a script
# prints to say which JDK it chose.
describe_java() {
  local home
  home=$(java_home_of "$1") || home=$1
  echo "Java $(java_feature "$home" || echo '?') ($home)"
}
