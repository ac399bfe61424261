#!/usr/bin/env bash
# Regenerates screenshots/*.png from real runs. Copies the working tree to a temporary
# directory (so the scenes never touch your received/, server.pid or server.log), starts
# a virtual X display (Xvfb), and for each scene opens an xterm that types and runs the
# scene's commands (report/scenes/<scene>.sh), then photographs that window with
# ImageMagick's `import`. Two scenes add a picture of Chromium: browser-run its window
# (address bar and bio.txt), clients-50 headless Chromium's shot of the status page.
set -euo pipefail

ROOT=$(readlink -f "$(dirname "${BASH_SOURCE[0]}")/../..")
# shellcheck source=../../scripts/common.sh
source "$ROOT/scripts/common.sh"
# shellcheck source=report_common.sh
source "$ROOT/report/scripts/report_common.sh"

# The scenes, in the order the report shows them.
ALL_SCENES=(
  small-file server-start clients-50 check-diff threads wire chunks-strace curl
  python-interop browser-run bio-corruption make-test bad-requests slow-clients overload
  kill-resume cluster-failover
)
# Pictures a scene leaves in the bundle besides its terminal: scene -> file.
declare -A EXTRA_PICTURE=([browser-run]=browser.png [clients-50]=status-page.png)

COLUMNS_=92        # terminal width: long lines wrap, nothing is cut off
ROWS=66            # enough for the longest scene; the empty bottom of each picture is cropped away
FONT='DejaVu Sans Mono'
FONT_SIZE=15       # points at 96 dpi: about 1200 pixels across, sharp when printed
SCENE_TIMEOUT_S=900   # make-test runs the whole suite: 4 to 8 minutes on 2 busy cores

usage() {
  cat <<EOF
Usage: ${0##*/} [SCENE...]

Runs each SCENE (default: all, in order) in an xterm under Xvfb, in a copy of the
working tree, and writes screenshots/<scene>.png if report/REPORT.md shows it
(browser-run, which the report tells in words, writes only screenshots/browser.png,
Chromium's window on the same display; clients-50 also writes screenshots/status-page.png,
Chromium's picture of the server's /status page during the run). Some scenes depend on
earlier ones (check-diff on clients-50), so run a subset in order. What each scene printed goes
to build/report/transcripts/<scene>.txt, and the JDKs of server and clients to its
runtimes.txt (clients-50 also keeps its server's log there, as
clients-50.server.log, for the timeline figure). Exits 1 if a scene's checks fail.

Scenes: ${ALL_SCENES[*]}

Environment: KEEP_WORK=1 keeps the temporary directory for a look afterwards.
EOF
}

work=
xvfb_pid=
xterm_pid=

cleanup() {
  if [[ -n $xterm_pid ]]; then
    kill "$xterm_pid" 2>/dev/null || true
  fi
  if [[ -n $work && -f $work/bundle/server.pid ]]; then
    SERVER_PID_FILE=$work/bundle/server.pid "$work/bundle/run_server.sh" --stop >/dev/null 2>&1 || true
  fi
  if [[ -n $xvfb_pid ]]; then
    kill "$xvfb_pid" 2>/dev/null || true
    wait "$xvfb_pid" 2>/dev/null || true
  fi
  if [[ -n $work ]]; then
    if [[ ${KEEP_WORK:-0} == 1 ]]; then
      echo "kept $work" >&2
    else
      rm -rf "$work"
    fi
  fi
}

# copy_bundle DIR: copies the working tree (tracked and new files, not the ignored ones,
# nor the report's own output) and the JUnit jar to DIR, then builds it there.
copy_bundle() {
  local dir=$1
  mkdir -p "$dir"
  git -C "$ROOT" ls-files -z --cached --others --exclude-standard |
    grep -zv -e '^report/' -e '^screenshots/' -e '^REPORT\.pdf$' |
    (cd "$ROOT" && { xargs -0 cp -a --parents -t "$dir" 2>/dev/null || true; })
  # A file deleted but not yet committed is listed and missing; nothing else may be.
  [[ -f $dir/Makefile && -f $dir/bio.txt ]] || die "copying the working tree to $dir failed"
  if [[ -d $ROOT/lib ]]; then
    cp -a "$ROOT/lib" "$dir/"
  fi
  echo "building the copy in $dir"
  make -s -C "$dir" all >"$work/build.log" 2>&1 || {
    cat "$work/build.log" >&2
    die "the build failed"
  }
}

start_xvfb() {
  # -displayfd: Xvfb picks a free display number itself and writes it once it is ready.
  Xvfb -displayfd 3 -screen 0 2400x2600x24 -dpi 96 -nolisten tcp 3>"$work/display" \
    >"$work/xvfb.log" 2>&1 &
  xvfb_pid=$!
  if ! wait_ready "$xvfb_pid" 15 grep -q '[0-9]' "$work/display"; then
    cat "$work/xvfb.log" >&2
    die "Xvfb did not start"
  fi
  DISPLAY=:$(tr -dc 0-9 <"$work/display")
  export DISPLAY
  echo "Xvfb on display $DISPLAY"
}

# window_of TITLE: prints the X window id of the window titled TITLE, if there is one.
window_of() {
  xwininfo -root -tree 2>/dev/null | awk -v title="\"$1\":" '$2 == title { print $1; exit }'
}

# capture WINDOW FILE: photographs WINDOW into FILE once two shots in a row are the same
# (the terminal has finished drawing), then crops the empty rows at the bottom.
capture() {
  local window=$1 file=$2 previous='' current shot=$work/shot.png
  local tries
  for ((tries = 0; tries < 30; tries++)); do
    sleep 0.2
    import -window "$window" "$shot"
    current=$(identify -format '%#' "$shot")
    [[ $current == "$previous" ]] && break
    previous=$current
  done
  # The lowest row with anything on it, plus the terminal's border.
  local width height box bottom
  width=$(identify -format '%w' "$shot")
  height=$(identify -format '%h' "$shot")
  box=$(convert "$shot" -trim -format '%@' info:)
  if [[ $box =~ ^[0-9]+x([0-9]+)\+[0-9]+\+([0-9]+)$ ]]; then
    bottom=$((BASH_REMATCH[1] + BASH_REMATCH[2] + 14))
    ((bottom < height)) || bottom=$height
  else
    bottom=$height
  fi
  convert "$shot" -crop "${width}x${bottom}+0+0" +repage -strip "$file"
}

# java_label JAVA: "Java 25.0.3 (Temurin)", the version and build of the launcher JAVA.
java_label() {
  local version build
  version=$("$1" -version 2>&1 | awk -F'"' 'NR == 1 { print $2 }')
  build=OpenJDK
  if "$1" -version 2>&1 | grep -q Temurin; then build=Temurin; fi
  echo "Java ${version:-?} ($build)"
}

# runtimes: exports what runs the scenes' programs, for the second line of each scene's
# title bar (report/scenes/lib.sh), and records it, with each JDK's folder, in
# build/report/transcripts/runtimes.txt (report/scripts/report_facts.sh reads it).
runtimes() {
  local server client
  server=$(server_java)
  client=$(client_java)
  SCENE_SERVER_JAVA=$(java_label "$server")
  SCENE_CLIENT_JAVA=$(java_label "$client")
  SCENE_CURL_VERSION=$(curl --version | awk 'NR == 1 { print $2 }')
  SCENE_CHROMIUM_VERSION=$(chromium --version 2>/dev/null | awk '{ split($2, v, "."); print v[1] }')
  # The threads scene runs a server on the clients' JDK too (Java 17 here): it needs its home.
  SCENE_CLIENT_JAVA_HOME=$(java_home_of "$client") || SCENE_CLIENT_JAVA_HOME=''
  export SCENE_SERVER_JAVA SCENE_CLIENT_JAVA SCENE_CURL_VERSION SCENE_CHROMIUM_VERSION SCENE_CLIENT_JAVA_HOME
  {
    echo "server: $SCENE_SERVER_JAVA, $(java_home_of "$server" || echo "$server")"
    echo "clients: $SCENE_CLIENT_JAVA, $(java_home_of "$client" || echo "$client")"
  } >"$ROOT/build/report/transcripts/runtimes.txt"
}

# shown_in_report PATH: true if report/REPORT.md shows the picture PATH.
shown_in_report() {
  grep -qF "]($1)" "$ROOT/report/REPORT.md"
}

# play SCENE: runs SCENE in a new xterm and photographs it; false if the scene failed.
play() {
  local scene=$1 title="scene:$1"
  rm -f "$work/out/$scene.status"
  LC_ALL=C.UTF-8 xterm -title "$title" -geometry "${COLUMNS_}x${ROWS}+0+0" \
    -fa "$FONT" -fs "$FONT_SIZE" -bg white -fg black -b 14 -bw 0 +sb -u8 \
    -xrm 'XTerm*vt100.boldMode: false' -xrm 'XTerm*vt100.colorBDMode: false' \
    -e bash "$ROOT/report/scenes/play.sh" "$scene" >>"$work/xterm.log" 2>&1 &
  xterm_pid=$!
  local waited=0
  wait_ready "$xterm_pid" "$SCENE_TIMEOUT_S" test -f "$work/out/$scene.status" || waited=$?
  if ((waited == 1)); then
    echo "${0##*/}: the terminal of scene $scene closed early" >&2
    cat "$work/xterm.log" >&2
    xterm_pid=
    return 1
  elif ((waited == 2)); then
    echo "${0##*/}: scene $scene took longer than $SCENE_TIMEOUT_S s" >&2
  fi
  local window
  window=$(window_of "$title")
  [[ -n $window ]] || die "no window titled $title"
  # A scene the report only tells in words keeps its transcript, not a picture that
  # nothing shows (report/scripts/report_check.sh fails on such a picture).
  if shown_in_report "screenshots/$scene.png"; then
    capture "$window" "$work/pictures/$scene.png"
  fi
  kill "$xterm_pid" 2>/dev/null || true
  wait "$xterm_pid" 2>/dev/null || true
  xterm_pid=
  cp "$work/out/$scene.txt" "$ROOT/build/report/transcripts/$scene.txt"
  # A scene may leave its full log beside its transcript (make-test does: test.log), and
  # a server's log (clients-50 does: SCENE.server.log).
  local log
  for log in "$work/out/$scene.log" "$work/out/$scene.server.log"; do
    rm -f "$ROOT/build/report/transcripts/${log##*/}"
    if [[ -f $log ]]; then
      cp "$log" "$ROOT/build/report/transcripts/"
    fi
  done
  local extra=${EXTRA_PICTURE[$scene]:-}
  if [[ -n $extra ]]; then
    [[ -f $work/bundle/$extra ]] || {
      echo "${0##*/}: scene $scene did not make $extra" >&2
      return 1
    }
    convert "$work/bundle/$extra" -strip "$work/pictures/$extra"
  fi
  local status
  status=$(cat "$work/out/$scene.status" 2>/dev/null || echo timeout)
  if [[ $status != 0 ]]; then
    echo "${0##*/}: scene $scene failed (status $status); its output:" >&2
    sed 's/\x1b\[[0-9;?]*[a-zA-Z]//g' "$work/out/$scene.txt" | tail -n 30 >&2
    return 1
  fi
  echo "  $scene: ok"
}

# list_tests: every JUnit test method by name, as a tree (the make-test scene compiled
# them; `discover` lists without running), for the report: build/report/transcripts/junit-tree.txt.
list_tests() {
  local jar
  jar=$(find "$work/bundle/lib" -name 'junit-platform-console-standalone-*.jar' | head -n 1)
  [[ -n $jar && -f $work/bundle/build/test-classes.stamp ]] || return 0
  (cd "$work/bundle" && java "-Dproject.root=$work/bundle" -jar "$jar" discover \
    --class-path build/classes:build/test-classes --scan-class-path \
    --disable-banner --disable-ansi-colors --details=tree) \
    >"$ROOT/build/report/transcripts/junit-tree.txt" 2>&1 || true
}

main() {
  if wants_help "$@"; then
    usage
    return
  fi
  local -a scenes=("$@")
  ((${#scenes[@]})) || scenes=("${ALL_SCENES[@]}")
  local scene
  for scene in "${scenes[@]}"; do
    [[ -f $ROOT/report/scenes/$scene.sh ]] || usage_error "no such scene: $scene"
  done
  require_report_tools Xvfb xterm import convert identify xwininfo chromium nc strace curl python3

  work=$(mktemp -d /tmp/report.XXXXXX)
  trap cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  mkdir -p "$work/out" "$work/pictures" "$ROOT/build/report/transcripts"

  copy_bundle "$work/bundle"
  export SCENE_BUNDLE=$work/bundle SCENE_OUT=$work/out
  # The README's port if it is free, so the commands read exactly as documented.
  PORT=5050
  if accepts "$PORT"; then PORT=$(free_port); fi
  PORT_OPT=
  [[ $PORT == 5050 ]] || PORT_OPT=" --port $PORT"
  SPARE_PORT=$(free_port)
  SPARE_PORT2=$(free_port)
  export PORT PORT_OPT SPARE_PORT SPARE_PORT2
  runtimes
  start_xvfb

  local failed=()
  for scene in "${scenes[@]}"; do
    play "$scene" || failed+=("$scene")
  done
  ((${#failed[@]} == 0)) || die "scenes failed: ${failed[*]}; screenshots/ left as it was"
  if [[ " ${scenes[*]} " == *" make-test "* ]]; then
    list_tests
  fi

  # All went well: replace the pictures (all of them when every scene ran).
  mkdir -p "$ROOT/screenshots"
  if (($# == 0)); then
    rm -f "$ROOT"/screenshots/*.png
  fi
  cp "$work"/pictures/*.png "$ROOT/screenshots/"
  for scene in "${scenes[@]}"; do
    shown_in_report "screenshots/$scene.png" || rm -f "$ROOT/screenshots/$scene.png"
  done
  echo "screenshots: $(find "$work/pictures" -name '*.png' | wc -l) pictures in $ROOT/screenshots"
}

main "$@"
