# shellcheck shell=bash
# Scene: an ordinary browser downloads bio.txt (its picture is screenshots/browser.png).
title "A browser, Chromium, loads bio.txt from our server" "$ON_SERVER · client: $ON_CHROMIUM"

run "./run_server.sh --background$PORT_OPT > /dev/null"
note "Chromium opens its window beside this terminal, on the same X display, with a profile"
note "of its own (chromium-profile, removed afterwards):"
# Chromium's profile goes afterwards (see bio-corruption.sh).
on_exit "rm -rf chromium-profile"
run "chromium --no-sandbox --test-type --no-first-run --no-default-browser-check --disable-gpu --disable-quic --disable-sync --disable-background-networking --disable-component-update --disable-features=Translate --password-store=basic --user-data-dir=chromium-profile --window-position=1250,0 --window-size=900,760 $URL 2>/dev/null & browser_pid=\$!"
# shellcheck disable=SC2016 # expands at the end: browser_pid is set by the command above
on_exit 'kill "$browser_pid" 2>/dev/null'
run "wait_for '\"GET /bio.txt HTTP/1.1\" 200' server.log 120   # polls until the server logged the download"
run "window_shot Chromium browser.png   # photographs Chromium's window once it stops changing"
expect "the window was photographed" test -s browser.png
run "kill \$browser_pid; file browser.png"
note "What the server logged for the browser's requests:"
run "tail -n +2 server.log"
expect "the browser got the whole file" contains server.log '"GET /bio.txt HTTP/1.1" 200 10485760 bytes'
run "./run_server.sh --stop"
