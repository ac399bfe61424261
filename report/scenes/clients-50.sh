# shellcheck shell=bash
# Scene: fifty clients at once, the assignment's main scenario.
title "./run_clients.sh 50: fifty clients download bio.txt at the same time"

run "./run_server.sh --background$PORT_OPT"
note "50 client JVMs start at once; each prints one line once its copy is verified."
run "./run_clients.sh 50$PORT_OPT"
expect "run_clients.sh succeeds" test "$?" -eq 0
run "grep -c '\" 200 10485760 bytes' server.log"
expect "the server logged 50 complete transfers" test "$(grep -c '" 200 10485760 bytes' server.log)" -ge 50
run "./run_server.sh --stop"
# Kept, not shown: the server's log, for the timeline figure and its facts
# (build/report/transcripts/clients-50.server.log).
[[ ! -f server.log ]] || cp server.log "$SCENE_OUT/clients-50.server.log"
