# shellcheck shell=bash
# Scene: the wire format, captured: what our client sends, what our server answers.
title "The wire: a real request from our client and a real response from our server" \
  "$ON_SERVER · $ON_CLIENT · nc stands in for server and client"

note "nc stands in for the server: it prints the request it receives, and hangs up after 2 s."
run "timeout 2 nc -l 127.0.0.1 $SPARE_PORT & sleep 0.5"
on_exit "kill $! 2>/dev/null"
run "java -cp build/classes Client 7 --port $SPARE_PORT --dir /tmp --retries 0"
run "wait"
echo
run "./run_server.sh --background$PORT_OPT > /dev/null"
note "Our server's answer, to a request typed by hand: a Range request for bytes 0-199."
note "(The head of a whole-file 200 is the same but for its status, Content-Range and length.)"
range_request="printf 'GET /bio.txt HTTP/1.1\r\nHost: x\r\nRange: bytes=0-199\r\n\r\n' | nc -N 127.0.0.1 $PORT"
run "$range_request"
expect "a 206 with Repr-Digest and Content-Range" \
  test "$(eval "$range_request" | grep -a -c -E '^(HTTP/1.1 206 |Repr-Digest: sha-256=|Content-Range: bytes 0-199/)')" -eq 3
echo
run "./run_server.sh --stop"
