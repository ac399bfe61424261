# shellcheck shell=bash
# Scene: curl, an ordinary HTTP client, downloads from our server.
title "curl downloads bio.txt from our server" \
  "$ON_SERVER · $ON_CURL"

run "./run_server.sh --background$PORT_OPT > /dev/null"
run "curl -sv -o curl_bio.txt $URL"
expect "curl succeeds" test "$?" -eq 0
run "cmp bio.txt curl_bio.txt && echo \"curl's copy is identical to bio.txt\""
expect "curl's copy is identical" cmp -s bio.txt curl_bio.txt
run "tail -n 1 server.log"
run "./run_server.sh --stop"
