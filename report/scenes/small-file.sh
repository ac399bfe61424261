# shellcheck shell=bash
# Scene: the assignment's first step: a file under 1000 bytes, sent in one write.
title "First step: a file under 1000 bytes, sent in one write, received, diffed" \
  "$ON_SERVER · $ON_CLIENT"

note "A small file of our own: the first 5 lines of bio.txt, fewer than 1000 bytes."
run "head -n 5 bio.txt > small.txt; wc -c small.txt"
small_size=$(wc -c <small.txt)
expect "small.txt is under 1000 bytes" test "$small_size" -lt 1000
run "./run_server.sh --background$PORT_OPT --file small.txt"
expect "the server starts" test "$?" -eq 0
note "Attach strace to the server and record every write(2) of all its threads:"
run "strace -f -e trace=write -o trace.txt -p \$(cat server.pid) 2> strace.err & strace_pid=\$!"
# shellcheck disable=SC2016 # expands at the end: strace_pid is set by the command above
on_exit 'kill "$strace_pid" 2>/dev/null'
run "wait_for attached strace.err   # polls the file until strace says it is attached"
note "Our client asks for /small.txt and appends what arrives to received_bio_1.txt:"
run "java -cp build/classes Client 1$PORT_OPT --path /small.txt"
expect "the client verifies its copy" test "$?" -eq 0
run "kill \$strace_pid"
# shellcheck disable=SC2154 # set by the command that started strace
wait "$strace_pid" 2>/dev/null # strace has written all of trace.txt once it has exited
note "The server's writes on the socket: the response head, then the whole file in ONE write:"
run "grep -E 'write\([0-9]+, \"(HTTP|0000001)' trace.txt | cut -c 1-90"
# Both writes on the same socket, and nothing else written to it.
socket_fd=$(grep -m 1 -o -E 'write\([0-9]+, "HTTP/1\.1 200' trace.txt | grep -o -E '[0-9]+' | head -n 1)
expect "the server wrote the response head" test -n "$socket_fd"
expect "two writes on the socket" test "$(grep -c -E "write\\(${socket_fd:-x}, " trace.txt)" -eq 2
expect "the body in one write of $small_size bytes" \
  contains trace.txt "write\\(${socket_fd:-x}, \"0000001 .*, $small_size\\) = $small_size\$"
note "diff prints nothing when the files are the same:"
run "diff small.txt received_bio_1.txt && echo identical"
expect "diff finds no difference" diff -q small.txt received_bio_1.txt
run "./run_server.sh --stop"
