# shellcheck shell=bash
# Scene: the wire format, captured: what our client sends, what our server answers.
title "The wire: a real request from our client and real responses from our server"

note "nc stands in for the server: it prints the request it receives, and hangs up after 2 s."
run "timeout 2 nc -l 127.0.0.1 $SPARE_PORT & sleep 0.5"
on_exit "kill $! 2>/dev/null"
run "java -cp build/classes Client 7 --port $SPARE_PORT --dir /tmp --retries 0"
run "wait"
echo
run "./run_server.sh --background$PORT_OPT > /dev/null"
note "The head of our server's response to that request (curl -D - prints it):"
run "curl -s -D - -o /dev/null -H 'X-Client-Id: 7' $URL"
expect "a 200 with Repr-Digest" test "$(curl -s -D - -o /dev/null "$URL" | grep -c -E '^(HTTP/1.1 200 OK|Repr-Digest: sha-256=)')" -eq 2
note "A whole exchange, typed by hand: a Range request for bytes 0-199, and the answer:"
run "printf 'GET /bio.txt HTTP/1.1\r\nHost: x\r\nRange: bytes=0-199\r\n\r\n' | nc -N 127.0.0.1 $PORT"
echo
run "./run_server.sh --stop"
