# shellcheck shell=bash
# Scene: requests the server must refuse, each with one clear answer and one log line.
title "Bad requests: every one gets a clear status, one log line, and the server carries on" \
  "$ON_SERVER · clients: nc and $ON_CURL"

run "./run_server.sh --background$PORT_OPT --request-timeout 3 > /dev/null"
note "Not HTTP at all:"
run "printf 'HELLO\r\n\r\n' | nc -N 127.0.0.1 $PORT"
note "Then, with curl (the body is the server's own one-line explanation):"
run "curl -s --path-as-is http://127.0.0.1:$PORT/../../etc/passwd -w '  -> %{http_code}\n'"
run "curl -s -X DELETE $URL -w '  -> %{http_code}\n'"
run "curl -s -H 'Range: bytes=20000000-' $URL -w '  -> %{http_code}\n'"
run "curl -s -H \"X-Padding: \$(head -c 9000 /dev/zero | tr '\0' x)\" $URL -w '  -> %{http_code}\n'"
note "A client that starts a request and never finishes it (slowloris) gets 408 after 3 s:"
run "{ printf 'GET /bio.txt HTTP/1.1\r\n' >&3; cat <&3; } 3<>/dev/tcp/127.0.0.1/$PORT"
# The server logs a reply once its client has closed, which the line above did last.
wait_for ' 408 ' server.log 5 >/dev/null 2>&1 || true
note "What the server logged, one line each (time stamps cut off to fit):"
run "tail -n +2 server.log | cut -c 32-"
expect "400 logged" contains server.log ' 400 '
expect "404 logged" contains server.log '" 404 '
expect "405 logged" contains server.log '" 405 '
expect "416 logged" contains server.log '" 416 '
expect "431 logged" contains server.log ' 431 '
expect "408 logged" contains server.log ' 408 '
run "./run_server.sh --stop"
