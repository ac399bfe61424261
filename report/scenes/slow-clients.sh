# shellcheck shell=bash
# Scene: a client that stops reading and one that disappears; neither holds a worker.
title "A client that stops reading, one that vanishes: the server cuts its losses" \
  "$ON_SERVER · clients: bash, curl and our client on $SCENE_CLIENT_JAVA"

run "./run_server.sh --background$PORT_OPT --idle-timeout 3 > /dev/null"
note "A client that sends its request and then never reads: the server's writes block once"
note "the socket buffers are full; after 3 s without progress the server closes it."
run "exec 3<>/dev/tcp/127.0.0.1/$PORT; printf 'GET /bio.txt HTTP/1.1\r\nHost: x\r\nX-Client-Id: sleepy\r\n\r\n' >&3"
run "wait_for stalled server.log   # polls the log until the line appears"
run "tail -n 1 server.log"
expect "the stalled transfer is cut" contains server.log 'id=sleepy closed a stalled transfer'
run "exec 3<&-"
echo
note "A client that vanishes mid-transfer: curl stops once head has its first 100000 bytes."
run "curl -s -H 'X-Client-Id: quitter' $URL | head -c 100000 > /dev/null"
run "wait_for 'id=quitter' server.log; tail -n 1 server.log"
expect "the vanished client is logged" contains server.log 'id=quitter client went away'
echo
note "The server is unharmed: the next client gets the whole file."
run "mkdir -p after && java -cp build/classes Client 8$PORT_OPT --dir after"
expect "the next client is verified" cmp -s bio.txt after/received_bio_8.txt
run "./run_server.sh --stop"
