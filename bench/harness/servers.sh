# shellcheck shell=bash
# shellcheck disable=SC2153 # ROOT, BENCH_DIR and BENCH_TMP are set by bench/lib.sh, which sources this
# shellcheck disable=SC2034 # SERVER_PID and SERVER_LOG are results for the script that sources this
# bench/lib.sh's part for the servers compared: how each is started, and how ours is run.
# Each start_* takes a port and a directory holding the served file (or the
# file), starts one server on 127.0.0.1:PORT, waits until it accepts, and sets SERVER_PID.

# start_ours PORT FILE [SERVER OPTIONS...]: our server, through run_server.sh --background
# so that it runs as a user runs it, on the JDK that script picks ($JAVA_HOME's if set,
# else the newest JDK 21+, else the java on PATH). To try variants without editing
# anything: BENCH_SERVER_ARGS (more server options, e.g. "--threads virtual"),
# BENCH_SERVER_JAVA_OPTS (JVM flags, passed as JAVA_TOOL_OPTIONS) and
# BENCH_SERVER_JAVA_HOME (a JDK to run it on, passed as JAVA_HOME; e.g. a Java 25).
start_ours() {
  local port=$1 file=$2
  shift 2
  local pid_file=$BENCH_TMP/ours-$port.pid
  SERVER_LOG=$BENCH_TMP/ours-$port.log
  local -a environment=("SERVER_PID_FILE=$pid_file" "SERVER_LOG_FILE=$SERVER_LOG") extra=()
  if [[ -n ${BENCH_SERVER_JAVA_OPTS:-} ]]; then
    environment+=("JAVA_TOOL_OPTIONS=$BENCH_SERVER_JAVA_OPTS")
  fi
  # run_server.sh takes its JDK from JAVA_HOME, never from PATH; without
  # BENCH_SERVER_JAVA_HOME, the caller's JAVA_HOME (if any) reaches it unchanged.
  if [[ -n ${BENCH_SERVER_JAVA_HOME:-} ]]; then
    environment+=("JAVA_HOME=$BENCH_SERVER_JAVA_HOME")
  fi
  read -r -a extra <<<"${BENCH_SERVER_ARGS:-}"
  if ! env "${environment[@]}" "$ROOT/run_server.sh" --background --port "$port" --file "$file" "$@" \
    "${extra[@]}" >/dev/null; then
    if [[ -f $pid_file ]]; then
      BENCH_PIDS+=("$(<"$pid_file")")
    fi
    die "our server did not start"
  fi
  SERVER_PID=$(<"$pid_file")
  BENCH_PIDS+=("$SERVER_PID")
}

# ours_java: prints the java launcher run_server.sh will run our server on: server_java,
# with BENCH_SERVER_JAVA_HOME as JAVA_HOME when it is set, as start_ours passes it.
ours_java() {
  local JAVA_HOME=${BENCH_SERVER_JAVA_HOME:-${JAVA_HOME:-}}
  server_java
}

# ours_threads [SERVER OPTIONS...]: prints the thread kind our server will use with these
# options and BENCH_SERVER_ARGS: the last --threads given, or what auto means on the
# JDK of ours_java (virtual on Java 21+, platform before).
ours_threads() {
  local kind=auto feature
  local -a extra=()
  read -r -a extra <<<"${BENCH_SERVER_ARGS:-}"
  set -- "$@" "${extra[@]}"
  while (($#)); do
    case $1 in
      --threads)
        kind=${2:-auto}
        if (($# > 1)); then shift; fi
        ;;
      --threads=*) kind=${1#*=} ;;
    esac
    shift
  done
  if [[ $kind == auto ]]; then
    feature=$(java_feature "$(java_home_of "$(ours_java)")") || feature=0
    if ((feature >= 21)); then kind="virtual (auto)"; else kind="platform (auto)"; fi
  fi
  echo "$kind"
}

# describe_ours_as LABEL [SERVER OPTIONS...]: one line on how our server is run when
# started with these options: the JDK run_server.sh will really use, the thread kind and
# the BENCH_SERVER_* settings.
describe_ours_as() {
  local label=$1 java
  shift
  java=$(ours_java) || exit 1 # ours_java has said why
  printf '# %s: run_server.sh on %s, threads %s; extra options: %s; JAVA_TOOL_OPTIONS: %s\n' "$label" \
    "$(describe_java "$java")" "$(ours_threads "$@")" "${BENCH_SERVER_ARGS:-(none)}" \
    "${BENCH_SERVER_JAVA_OPTS:-(none)}"
}

# describe_ours: describe_ours_as for a script that starts our server without options
# that change the JDK or the thread kind.
describe_ours() {
  describe_ours_as "our server"
}

# platform_jdk: prints the home of the JDK for our server on platform threads: the first
# of $BENCH_PLATFORM_JAVA_HOME, $BENCH_SERVER_JAVA_HOME and $JAVA_HOME that is set; else a
# Java 17, the release the code targets (the java on PATH first, then /usr/lib/jvm); else
# the java on PATH's. Fails if there is none. (run_server.sh alone would take the newest
# JDK, 21+, and virtual threads.)
platform_jdk() {
  local home path_home
  for home in "${BENCH_PLATFORM_JAVA_HOME:-}" "${BENCH_SERVER_JAVA_HOME:-}" "${JAVA_HOME:-}"; do
    if [[ -n $home ]]; then
      echo "$home"
      return
    fi
  done
  path_home=$(java_home_of java 2>/dev/null) || true
  for home in ${path_home:+"$path_home"} /usr/lib/jvm/*; do
    if [[ ! -L $home && $(java_feature "$home" 2>/dev/null) == 17 ]]; then
      echo "$home"
      return
    fi
  done
  [[ -n $path_home ]] && echo "$path_home"
}

# start_nginx PORT DIR: nginx (sendfile on, access log off, worker_processes auto) with
# a configuration of its own in BENCH_TMP; master and workers stop with the master's PID.
start_nginx() {
  local port=$1 root=$2
  local dir=$BENCH_TMP/nginx-$port
  mkdir -p "$dir"
  cat >"$dir/nginx.conf" <<EOF
daemon off;
master_process on;
worker_processes auto;
worker_rlimit_nofile 20000;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events {
    worker_connections 16384;
}
http {
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_timeout 0;
    default_type text/plain;
    client_body_temp_path $dir/client_body;
    proxy_temp_path $dir/proxy;
    fastcgi_temp_path $dir/fastcgi;
    uwsgi_temp_path $dir/uwsgi;
    scgi_temp_path $dir/scgi;
    server {
        listen 127.0.0.1:$port backlog=4096;
        root $root;
    }
}
EOF
  SERVER_LOG=$dir/stderr.log
  start_bg "$SERVER_LOG" nginx -p "$dir" -e "$dir/error.log" -c "$dir/nginx.conf"
  wait_accepting "$port" "$SERVER_PID" "$dir/error.log"
}

# start_python PORT DIR: python3 -m http.server (a thread per request).
start_python() {
  SERVER_LOG=$BENCH_TMP/python-$1.log
  start_bg "$SERVER_LOG" python3 -m http.server "$1" --bind 127.0.0.1 --directory "$2"
  wait_accepting "$1" "$SERVER_PID" "$SERVER_LOG"
}

# start_naive PORT FILE: bench/naive_server.py, a thread per client and 1000-byte sends.
start_naive() {
  SERVER_LOG=$BENCH_TMP/naive-$1.log
  start_bg "$SERVER_LOG" python3 "$BENCH_DIR/naive_server.py" --port "$1" --file "$2"
  wait_accepting "$1" "$SERVER_PID" "$SERVER_LOG"
}

# jwebserver_path: prints the newest jwebserver found (JDK 18+), or fails.
jwebserver_path() {
  local found
  found=$(command -v jwebserver 2>/dev/null) && {
    echo "$found"
    return
  }
  found=$(find /usr/lib/jvm -maxdepth 3 -path '*/bin/jwebserver' 2>/dev/null | sort -V | tail -n 1)
  [[ -n $found ]] && echo "$found"
}

# start_jwebserver PORT DIR: the JDK's simple file server.
start_jwebserver() {
  SERVER_LOG=$BENCH_TMP/jwebserver-$1.log
  start_bg "$SERVER_LOG" "$(jwebserver_path)" -b 127.0.0.1 -p "$1" -d "$2" -o none
  wait_accepting "$1" "$SERVER_PID" "$SERVER_LOG"
}

# build_yardstick: compiles bench/yardstick.c into YARDSTICK with cc when the binary is
# missing or older than the source. Fails, saying nothing, if there is no cc: the caller
# then says the yardstick is skipped. Dies if cc fails.
build_yardstick() {
  command -v cc >/dev/null || return 1
  if [[ ! -x $YARDSTICK || $BENCH_DIR/yardstick.c -nt $YARDSTICK ]]; then
    mkdir -p "${YARDSTICK%/*}"
    # Into a temporary name first: a failed or interrupted build leaves no stale binary.
    cc -O2 -Wall -Wextra -pthread -o "$YARDSTICK.$$" "$BENCH_DIR/yardstick.c" ||
      die "compiling bench/yardstick.c failed"
    mv -f "$YARDSTICK.$$" "$YARDSTICK"
  fi
}

# start_yardstick PORT FILE: bench/yardstick.c, the C server under the chunk rule (a
# thread per client, 1000-byte writes), built first if needed; dies if there is no cc
# (check build_yardstick first to skip it instead).
start_yardstick() {
  build_yardstick || die "no cc to compile bench/yardstick.c"
  SERVER_LOG=$BENCH_TMP/yardstick-$1.log
  start_bg "$SERVER_LOG" "$YARDSTICK" "$1" "$2"
  wait_accepting "$1" "$SERVER_PID" "$SERVER_LOG"
}
