# shellcheck shell=bash
# Scene: the 1000-byte writes, seen from the kernel's side with strace.
title "1000 bytes per write: the server's system calls during one download, seen by strace"

run "./run_server.sh --background$PORT_OPT"
note "Attach strace to the running server and record every write(2) of all its threads:"
run "strace -f -e trace=write -o trace.txt -p \$(cat server.pid) 2> strace.err &"
strace_pid=$!
on_exit "kill $strace_pid 2>/dev/null"
run "wait_for attached strace.err   # polls the file until strace says it is attached"
run "curl -s -o curl_bio.txt $URL && cmp curl_bio.txt bio.txt && echo 'download identical'"
run "kill $strace_pid"
wait "$strace_pid" 2>/dev/null # strace has written all of trace.txt once it has exited
note "The response head in one write, then the body in writes of 1000 bytes, all on one socket:"
run "grep -m 3 -E 'write\([0-9]+, \"(HTTP|0000001)' trace.txt | cut -c 1-90"
run "grep -c ', 1000) = 1000\$' trace.txt"
expect "10485 writes of 1000 bytes" test "$(grep -c ', 1000) = 1000$' trace.txt)" -eq 10485
note "and one last, short write: 10485760 = 10485 x 1000 + 760."
run "grep -E ', 760\) = 760\$' trace.txt | cut -c 1-90"
expect "one write of 760 bytes" test "$(grep -c ', 760) = 760$' trace.txt)" -eq 1
run "./run_server.sh --stop"
