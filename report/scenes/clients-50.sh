# shellcheck shell=bash
# Scene: fifty clients at once, the assignment's main scenario, and the server's live
# status page photographed while they run (screenshots/status-page.png).
title "./run_clients.sh 50: fifty clients download bio.txt at the same time" \
  "$ON_SERVER · $ON_CLIENTS · status page: $ON_CHROMIUM"

run "./run_server.sh --background$PORT_OPT"
note "Headless Chromium opens the server's live page, /status, and takes its picture once"
note "the page shows 20 transfers' progress bars (screenshots/status-page.png):"
run "status_shot 20 http://127.0.0.1:$PORT/status status-page.png"
note "50 client JVMs start at once; each writes one line once its copy is verified."
run "./run_clients.sh 50$PORT_OPT > clients.txt"
expect "run_clients.sh succeeds" test "$?" -eq 0
shot=0
wait "$STATUS_SHOT_PID" || shot=$?
expect "Chromium photographed the page while it showed at least 20 progress bars" \
  test "$shot" -eq 0 -a -s status-page.png
run "tail -n 3 clients.txt; grep -c 'verified sha-256\$' clients.txt"
expect "50 clients verified their copy" test "$(grep -c 'verified sha-256$' clients.txt)" -eq 50
run "grep -c '\" 200 10485760 bytes' server.log"
expect "the server logged 50 complete transfers" test "$(grep -c '" 200 10485760 bytes' server.log)" -ge 50
run "./run_server.sh --stop"
# Kept, not shown: the server's log, for the timeline figure and its facts
# (build/report/transcripts/clients-50.server.log).
[[ ! -f server.log ]] || cp server.log "$SCENE_OUT/clients-50.server.log"
