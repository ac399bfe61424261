# shellcheck shell=bash
# Scene: the server is killed mid-transfer; the client resumes where it stopped.
title "kill -9 of the server mid-transfer, restart, and the client resumes with --resume" \
  "$ON_SERVER · $ON_CLIENT"

note "A 200 MiB file (bio.txt 20 times), long enough to be cut in the middle:"
run "for i in \$(seq 20); do cat bio.txt; done > big.txt; ls -l big.txt"
run "./run_server.sh --background$PORT_OPT --file big.txt"
run "./run_clients.sh 1$PORT_OPT --path /big.txt --dir big > first.txt 2>&1 & client_pid=\$!"
# shellcheck disable=SC2016 # expands at the end: client_pid is set by the command above
on_exit 'kill "$client_pid" 2>/dev/null'
run "wait_for_size big/received_bio_1.txt 50000000   # polls until 50 MB have arrived"
run "kill -9 \$(cat server.pid)"
run "wait \$client_pid; cat first.txt"
expect "the first attempt stopped short" contains first.txt 'run again with --resume'
run "ls -l big"
note "Restart the server (run_server.sh notices the dead PID), then resume:"
run "./run_server.sh --background$PORT_OPT --file big.txt"
run "./run_clients.sh 1$PORT_OPT --path /big.txt --dir big --resume"
expect "the resumed download is verified" contains <(tail -n 1 server.log) '" 206 '
run "tail -n 1 server.log"
run "./check_diff.sh big --original big.txt"
expect "the resumed copy is identical" cmp -s big.txt big/received_bio_1.txt
run "./run_server.sh --stop"
