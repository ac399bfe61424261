# shellcheck shell=bash
# Scene: more clients than workers: 503 with Retry-After, and every client still succeeds.
title "Overload: 5 workers, 20 clients: 503 + Retry-After, retries, and all 20 verified" \
  "$ON_SERVER · $ON_CLIENTS"

run "./run_server.sh --background$PORT_OPT --max-clients 5"
run "./run_clients.sh 20$PORT_OPT --dir overload > overload.txt 2>&1; echo \"exit status \$?\""
expect "all 20 verified" contains overload.txt '^20/20 verified'
note "Clients that found all 5 workers busy were told 503, waited and tried again:"
run "grep -c 'busy (503)' overload.txt"
expect "some clients got 503" contains overload.txt 'busy \(503\)'
run "grep -m 6 'busy (503)' overload.txt"
run "tail -n 4 overload.txt"
note "The server's side: each refusal is one log line, cheap and immediate."
run "grep -c '503 over capacity' server.log"
run "grep -m 3 '503 over capacity' server.log"
run "./check_diff.sh overload | tail -n 1"
expect "20 of 20 identical" contains <(./check_diff.sh overload) '^20 of 20 identical'
note "The refusal itself: 5 slow downloads hold the 5 workers (curl retries one told 503 while"
note "the 20 clients' last connections close), then one more request's head:"
run "for i in 1 2 3 4 5; do curl -s --retry 5 --limit-rate 100k -o /dev/null http://127.0.0.1:$PORT/bio.txt & slow+=(\$!); done"
# shellcheck disable=SC2016 # expands at the end: slow is set by the command above
on_exit 'kill "${slow[@]}" 2>/dev/null'
run "timeout 20 bash -c 'until curl -sI http://127.0.0.1:$PORT/bio.txt > head.txt && grep -q \" 503 \" head.txt; do sleep 0.1; done'; cat head.txt"
expect "a 503 with Retry-After: 1" contains head.txt '^Retry-After: 1'
run "kill \${slow[*]}"
run "./run_server.sh --stop"
