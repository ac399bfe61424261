# shellcheck shell=bash
# Scene: the server starting, in the foreground and in the background.
title "Server start-up: foreground (until Ctrl-C) and background" \
  "$ON_SERVER · $ON_CURL"

note "In the foreground it runs until Ctrl-C; here 'timeout -s INT' presses it after 8 s."
run "timeout --preserve-status -s INT 8 ./run_server.sh$PORT_OPT"
expect "the foreground server stops with status 0" test "$?" -eq 0
echo
note "In the background: returns once the port accepts connections; PID in server.pid."
run "./run_server.sh --background$PORT_OPT"
expect "the background server starts" test "$?" -eq 0
run "cat server.log"
expect "the start-up line is logged" contains server.log 'listening on http://127\.0\.0\.1:[0-9]+/bio\.txt'
run "curl -sI $URL | head -n 1"
run "./run_server.sh --stop"
run "tail -n 3 server.log"
expect "the server stops cleanly" contains server.log 'shut down cleanly'
