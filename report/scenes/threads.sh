# shellcheck shell=bash
# Scene: one thread per connection, seen from outside the code: a JDK thread dump of the
# server while 20 downloads run, on Java 17 (platform threads, the fallback) and on the
# default JDK (virtual threads), with the server process's kernel threads counted.
title "One thread per connection: thread dumps of the server, on Java 17 and its default JDK" \
  "server: ${SCENE_CLIENT_JAVA:-Java ?}, then ${SCENE_SERVER_JAVA:-Java ?} · $ON_CURL · jcmd"

note "bio4.txt is bio.txt four times (40 MiB): 20 downloads at 4 MiB/s each overlap for 10 s."
run "cat bio.txt bio.txt bio.txt bio.txt > bio4.txt"
URL4=http://127.0.0.1:$PORT/bio4.txt
note "Java 17 (JAVA_HOME picks it): every connection gets a platform thread, a kernel thread."
run "JAVA_HOME=$SCENE_CLIENT_JAVA_HOME ./run_server.sh --background --file bio4.txt$PORT_OPT | grep 'server running'"
note "/proc: the server process's kernel threads, idle; then 20 downloads, and a thread dump"
note "(jcmd) once the server's /metrics counts 20 transfers in flight:"
run "grep Threads /proc/\$(cat server.pid)/status"
run "for i in {1..20}; do curl -s --limit-rate 4M -o copy\$i $URL4 & done"
run "in_flight 20"
run "jcmd \$(cat server.pid) Thread.print > dump17.txt"
run "grep Threads /proc/\$(cat server.pid)/status"
run "grep -c 'ConnectionHandler.run' dump17.txt"
expect "20 threads in ConnectionHandler.run on Java 17" test "$(grep -c 'ConnectionHandler.run' dump17.txt)" -eq 20
note "One of them: a thread of its own (nid: its kernel thread id), writing the file:"
run "awk -v RS= '/ConnectionHandler.run/ { print; exit }' dump17.txt | grep -E '^\"|Snapshot|Chunk|Handler' | sed -E 's/ (tid=|\\[)[^ ]*//g'"
note "Once all are done: bio4.txt and its 20 copies by SHA-256 (one line: all alike)."
run "wait; sha256sum bio4.txt copy* | cut -c 1-16 | uniq -c"
expect "the 20 copies are bio4.txt's" test "$(sha256sum bio4.txt copy* | cut -c 1-64 | uniq -c | awk '{ print $1 }')" = 21
run "./run_server.sh --stop; rm copy*"
echo
note "The server's default JDK: every connection gets a virtual thread, on few kernel threads."
run "./run_server.sh --background --file bio4.txt$PORT_OPT | grep 'server running'"
run "grep Threads /proc/\$(cat server.pid)/status"
run "for i in {1..20}; do curl -s --limit-rate 4M -o copy\$i $URL4 & done"
run "in_flight 20"
run "jcmd \$(cat server.pid) Thread.dump_to_file -format=text \$PWD/dump.txt > /dev/null"
run "grep Threads /proc/\$(cat server.pid)/status"
run "grep -c 'ConnectionHandler.run' dump.txt; grep -m 1 '\"worker-.*virtual' dump.txt"
expect "20 virtual threads in ConnectionHandler.run" test "$(grep -c 'ConnectionHandler.run' dump.txt)" -eq 20
run "wait; sha256sum bio4.txt copy* | cut -c 1-16 | uniq -c"
expect "the 20 copies are bio4.txt's" test "$(sha256sum bio4.txt copy* | cut -c 1-64 | uniq -c | awk '{ print $1 }')" = 21
run "./run_server.sh --stop"
