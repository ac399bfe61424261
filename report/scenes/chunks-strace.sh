# shellcheck shell=bash
# Scene: the socket system calls of one download, from both ends, seen by strace: the
# server's socket/bind/listen/accept, its read of the request and its 1000-byte writes;
# the client's socket/connect, its write of the request and its reads.
title "The system calls on the sockets of one download, seen by strace from both ends" \
  "$ON_SERVER · $ON_CLIENT"

note "strace -f: every thread; -yy: name each socket, so the summary keeps only TCP sockets."
run "strace -f -yy -e trace=%network,%desc -o server.trace ./run_server.sh --background$PORT_OPT > started.txt & strace_pid=\$!"
# shellcheck disable=SC2016 # expands at the end: strace_pid is set by the command above
on_exit 'kill "$strace_pid" 2>/dev/null'
run "wait_for '^status:' started.txt   # polls until run_server.sh says the server is up"
run "strace -f -yy -e trace=%network,%desc -o client.trace java -cp build/classes Client 1$PORT_OPT"
expect "the client verifies its copy" test "$?" -eq 0
run "./run_server.sh --stop > /dev/null; wait \$strace_pid   # strace ends with the server"
note "socket_calls (report/scenes/socket_calls.py): the calls on the connected sockets, the"
note "first of each call (of read and write, two), then the counts, and the bytes per call;"
note "the server wrote its head, then 10485760 bytes = 10485 x 1000 + 760:"
run "socket_calls server.trace"
server_calls=$(socket_calls server.trace)
expect "the server listened and accepted" contains <(echo "$server_calls") '^accept\('
expect "the server read the request" contains <(echo "$server_calls") '^read\([0-9]+, "GET /bio.txt'
# The facts STRACE_WRITES and HEAD_BYTES come from this line (report/scripts/report_facts.sh).
expect "the head, 10485 x 1000 and 760" \
  contains <(echo "$server_calls") '^write sizes: 1 of [0-9]+, 10485 of 1000, 1 of 760 bytes$'
run "socket_calls client.trace"
expect "the client connected" contains <(socket_calls client.trace) '^connect\('
