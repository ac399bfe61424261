# shellcheck shell=bash
# Helpers for the report's scenes. A scene (report/scenes/<name>.sh) is a short script that
# report/scenes/play.sh runs inside an xterm, in a fresh copy of the bundle: it shows each
# command after a "$ " prompt, runs it for real, and checks that it did what the report
# says it does. report/scripts/screenshots.sh then photographs the window.
#
# Set by report/scenes/play.sh:
#   SCENE_COLUMNS  the terminal's width
# Set by report/scripts/screenshots.sh:
#   PORT      the port the scenes' servers listen on (5050 unless that was taken)
#   PORT_OPT  "" for 5050, else " --port N": added to the commands, so they stay the README's
#   SPARE_PORT, SPARE_PORT2  two more free ports, for nc and python3's http.server

# This file's folder, where the scenes' helpers are.
SCENE_LIB_DIR=$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")
# shellcheck disable=SC2034 # the scenes use it
URL=http://127.0.0.1:$PORT/bio.txt
# How many expectations failed; play.sh turns it into the scene's exit status.
SCENE_FAILURES=0
# Commands to run when the scene ends, however it ends: they stop what the scene started.
SCENE_CLEANUPS=()

TITLE_STYLE=$'\e[1;97;48;5;24m'
RUNTIME_STYLE=$'\e[97;48;5;24m'
PROMPT_STYLE=$'\e[1;38;5;19m'
NOTE_STYLE=$'\e[38;5;241m'
FAIL_STYLE=$'\e[1;97;41m'
RESET=$'\e[0m'

# title TEXT RUNTIMES: a bar across the top of the terminal, standing in for the title bar
# that a window manager would draw (there is none under Xvfb), and under it, in the same
# bar, RUNTIMES: what ran the server and the clients, built from the words below.
title() {
  local width=${SCENE_COLUMNS:-92}
  bar "$TITLE_STYLE" "$1" "$width"
  local rest=$2 line
  # A line too long for the bar goes on at its last " · " that fits.
  while ((${#rest} > width - 1)) && [[ ${rest:0:width-1} == *" · "* ]]; do
    line=${rest:0:width-1}
    line=${line% · *}
    bar "$RUNTIME_STYLE" "$line" "$width"
    rest=${rest:${#line}+3}
  done
  bar "$RUNTIME_STYLE" "$rest" "$width"
}

# bar STYLE TEXT WIDTH: TEXT on a line of WIDTH characters in STYLE (padded by characters,
# not bytes as printf would, for the "·").
bar() {
  local pad=$(($3 - 1 - ${#2}))
  ((pad > 0)) || pad=0
  printf '%s %s%*s%s\n' "$1" "$2" "$pad" '' "$RESET"
}

# What ran the scene's programs, for title's second line (set by screenshots.sh, which
# asks scripts/common.sh's server_java and client_java, as run_server.sh and
# run_clients.sh do).
# shellcheck disable=SC2034 # the scenes use them
{
  ON_SERVER="server: ${SCENE_SERVER_JAVA:-Java ?}"
  ON_CLIENTS="clients: ${SCENE_CLIENT_JAVA:-Java ?}"
  ON_CLIENT="client: ${SCENE_CLIENT_JAVA:-Java ?}"
  ON_CURL="client: curl ${SCENE_CURL_VERSION:-?}"
  ON_CHROMIUM="Chromium ${SCENE_CHROMIUM_VERSION:-?}"
}

# note TEXT: a comment line, in grey, saying what the next commands show.
note() {
  printf '%s# %s%s\n' "$NOTE_STYLE" "$1" "$RESET"
}

# run COMMAND: shows "$ COMMAND", then runs it in this shell (so `&`, `exec 3<>` and
# variables work as typed). A non-zero exit status is shown; it is returned, not fatal.
run() {
  printf '%s$ %s%s\n' "$PROMPT_STYLE" "$1" "$RESET"
  local status=0
  eval "$1" || status=$?
  if ((status != 0)); then
    printf '%s(exit status %d)%s\n' "$NOTE_STYLE" "$status" "$RESET"
  fi
  return "$status"
}

# expect DESCRIPTION TEST...: runs TEST silently; if it fails, says so in red (so a broken
# run can never pass for a good screenshot) and makes the scene fail.
expect() {
  local description=$1
  shift
  if ! "$@" >/dev/null 2>&1; then
    printf '%sscene check failed: %s%s\n' "$FAIL_STYLE" "$description" "$RESET"
    SCENE_FAILURES=$((SCENE_FAILURES + 1))
  fi
}

# contains FILE REGEX: true if a line of FILE matches the extended REGEX.
contains() {
  grep -Eq -- "$2" "$1"
}

# on_exit COMMAND: runs COMMAND when the scene ends (in reverse order of registration).
on_exit() {
  SCENE_CLEANUPS+=("$1")
}

run_cleanups() {
  local i
  for ((i = ${#SCENE_CLEANUPS[@]} - 1; i >= 0; i--)); do
    eval "${SCENE_CLEANUPS[i]}" >/dev/null 2>&1 || true
  done
  SCENE_CLEANUPS=()
}

# wait_for REGEX FILE [SECONDS]: polls FILE every 0.1 s until a line matches REGEX
# (default deadline 30 s). Scenes use it instead of a fixed sleep.
wait_for() {
  local regex=$1 file=$2 seconds=${3:-30}
  local deadline=$((SECONDS + seconds))
  until grep -Eq -- "$regex" "$file" 2>/dev/null; do
    if ((SECONDS > deadline)); then
      echo "wait_for: no line matching '$regex' in $file after $seconds s" >&2
      return 1
    fi
    sleep 0.1
  done
}

# wait_for_size FILE BYTES [SECONDS]: polls every 0.02 s until FILE holds at least BYTES.
wait_for_size() {
  local file=$1 bytes=$2 seconds=${3:-30}
  local deadline=$((SECONDS + seconds))
  until (($(stat -c %s "$file" 2>/dev/null || echo 0) >= bytes)); do
    if ((SECONDS > deadline)); then
      echo "wait_for_size: $file did not reach $bytes bytes in $seconds s" >&2
      return 1
    fi
    sleep 0.02
  done
}

# in_flight N [SECONDS]: polls the scene's server's /metrics every 0.1 s (deadline 30 s)
# until it counts at least N transfers in flight, then prints that line.
in_flight() {
  local want=$1 seconds=${2:-30} line=''
  local deadline=$((SECONDS + seconds))
  until [[ $line =~ \ ([0-9]+)$ ]] && ((BASH_REMATCH[1] >= want)); do
    if ((SECONDS > deadline)); then
      echo "in_flight: fewer than $want transfers in flight after $seconds s ($line)" >&2
      return 1
    fi
    sleep 0.1
    line=$(curl -s --max-time 2 "http://127.0.0.1:$PORT/metrics" | grep '^fileserver_transfers_in_flight ') || line=''
  done
  echo "$line"
}

# socket_calls TRACE: the calls an strace -f -yy log shows on connected TCP sockets, in
# short (socket_calls.py), each line fitting the terminal.
socket_calls() {
  python3 "$SCENE_LIB_DIR/socket_calls.py" --width "$((${SCENE_COLUMNS:-92} - 2))" "$@"
}

# window_shot TITLE PNG: photographs the X window whose title ends in TITLE (the largest,
# if several do) into PNG once two shots 0.5 s apart are the same, then crops its bottom
# to the white gap under the last whole line of text, so that no line is cut in half.
window_shot() {
  local title=$1 file=$2 window='' previous='' current tries
  for ((tries = 0; tries < 240; tries++)); do
    window=$(xwininfo -root -tree | awk -v t="$title\":" 'index($0, t) {
        split($0, g, /  +/); for (i in g) if (g[i] ~ /^[0-9]+x[0-9]+\+/) { split(g[i], s, /[x+]/)
          if (s[1] * s[2] > best) { best = s[1] * s[2]; id = $1 } } } END { print id }')
    if [[ -n $window ]]; then
      import -window "$window" "$file.shot.png" 2>/dev/null || true
      current=$(identify -format '%#' "$file.shot.png" 2>/dev/null) || current=''
      [[ -n $current && $current == "$previous" ]] && break
      previous=$current
    fi
    sleep 0.5
  done
  [[ -n $current && $current == "$previous" ]] || { echo "window_shot: no still window titled ...$title" >&2; return 1; }
  local width height y
  width=$(identify -format '%w' "$file.shot.png")
  height=$(identify -format '%h' "$file.shot.png")
  # Each row's mean brightness over the page (the scroll bar on the right left out):
  # climb from the bottom over the rows with ink until the first all-white one.
  y=$(convert "$file.shot.png" -crop "$((width - 40))x$height+0+0" +repage -colorspace gray \
    -scale "1x$height!" -depth 8 txt:- | awk -F'[,:() ]+' 'NR > 1 { v[$2] = $4 } END {
      y = '"$((height - 1))"'; while (y > 0 && v[y] < 255) y--; print y }')
  ((y > height / 2)) || y=$((height - 1))
  convert "$file.shot.png" -crop "${width}x$((y + 1))+0+0" +repage "$file"
  rm -f "$file.shot.png"
}

# status_shot N URL PNG: headless Chromium shows URL, the server's live status page, and
# photographs it into PNG once the page shows N progress bars (status_shot.py, in
# the background, printing a line as it takes the picture). Returns once the page shows
# its first poll, so that the transfers started next are on it. Sets STATUS_SHOT_PID.
status_shot() {
  rm -f "$3.ready"
  python3 "$SCENE_LIB_DIR/status_shot.py" --bars "$1" --ready "$3.ready" "$2" "$3" &
  STATUS_SHOT_PID=$!
  on_exit "kill $STATUS_SHOT_PID"
  local deadline=$((SECONDS + 60))
  until [[ -f $3.ready ]]; do
    if ((SECONDS > deadline)) || ! kill -0 "$STATUS_SHOT_PID" 2>/dev/null; then
      echo "status_shot: Chromium did not show $2" >&2
      return 1
    fi
    sleep 0.1
  done
  rm -f "$3.ready"
}

# prom_table QUERY...: asks Prometheus (its HTTP API on 127.0.0.1:$PROMETHEUS_PORT,
# /api/v1/query) each instant QUERY, and prints a row per QUERY, a column per instance
# (r1, r2, ...; "-" where an instance has no series now), a _bytes metric in MiB.
prom_table() {
  local query
  for query in "$@"; do
    curl -sSfG --max-time 5 "http://127.0.0.1:$PROMETHEUS_PORT/api/v1/query" \
      --data-urlencode "query=$query" || return 1
    echo
  done | python3 -c '
import json, sys
answers = [json.loads(line)["data"]["result"] for line in sys.stdin if line.strip()]
instances = sorted({r["metric"].get("instance", "-") for answer in answers for r in answer})
rows = [["Prometheus, /api/v1/query", *instances]]
for query, answer in zip(sys.argv[1:], answers):
    values = {r["metric"].get("instance", "-"): float(r["value"][1]) for r in answer}
    mib = "_bytes" in query
    cells = ["-" if i not in values else f"{values[i] / 2**20:.1f}" if mib else f"{values[i]:g}"
             for i in instances]
    rows.append([query + (" (MiB)" if mib else ""), *cells])
width = max(len(row[0]) for row in rows)
for row in rows:
    print(row[0].ljust(width) + "".join(cell.rjust(7) for cell in row[1:]))
' "$@"
}

# The server of the scene, if it started one, is stopped whatever happens.
on_exit '[[ ! -f server.pid ]] || ./run_server.sh --stop'
