# shellcheck shell=bash
# Scene: an ordinary browser downloads bio.txt (its picture is screenshots/browser.png).
title "A browser (headless Chromium) loads bio.txt from our server"

run "./run_server.sh --background$PORT_OPT > /dev/null"
note "Chromium takes a picture of the page once it has loaded (screenshots/browser.png):"
# Chromium's profile goes afterwards (see bio-corruption.sh).
on_exit "rm -rf chromium-profile"
run "timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking --disable-component-update --disable-sync --user-data-dir=chromium-profile --window-size=820,640 --force-device-scale-factor=1.5 --hide-scrollbars --screenshot=browser.png $URL 2>/dev/null"
expect "chromium made its picture" test -s browser.png
run "file browser.png"
note "What the server logged for the browser's requests:"
run "tail -n +2 server.log"
expect "the browser got the whole file" contains server.log '"GET /bio.txt HTTP/1.1" 200 10485760 bytes'
run "./run_server.sh --stop"
