# shellcheck shell=bash
# Scene: the failover drill through the real load balancer (docs/cluster.md):
# 3 replicas behind HAProxy, 12 downloads, replica 2 killed with SIGKILL mid-transfer; its
# clients resume through HAProxy on the other two, and all 12 copies are identical. A
# Prometheus (--prometheus) scrapes the replicas; its HTTP API shows the failover after it.
title "Failover: 3 replicas behind HAProxy, one killed mid-transfer, all 12 copies verified" \
  "replicas' $ON_SERVER · $ON_CLIENTS"

# Each link capped at 20 Mbit/s: 12 downloads of 10 MiB last about 15 s, long enough that
# all are under way when replica 2 dies.
# Prometheus on its default port, 9090, unless something else has it.
PROMETHEUS_PORT=9090
prometheus_opt=
if (exec 3<>/dev/tcp/127.0.0.1/9090) 2>/dev/null; then
  PROMETHEUS_PORT=$SPARE_PORT
  prometheus_opt=" --prometheus-port $PROMETHEUS_PORT"
fi
note "3 replicas of bio.txt, each on a network host of its own, links capped at 20 Mbit/s,"
note "and a Prometheus scraping each replica's /metrics every second:"
on_exit 'cluster/run_cluster.sh --stop'
run "cluster/run_cluster.sh --background --replicas 3$PORT_OPT --rate 20 --prometheus$prometheus_opt > cluster.txt"
expect "the cluster started with 3 replicas up" contains cluster.txt '3 replicas up'
tag=$(sed -nE 's/.* in netns (fsc[0-9]+)-r1,.*/\1/p' cluster.txt)
# --status, without what the picture does not need: netns names, last check, transfers,
# and the indented lines of URLs to watch.
trim="sed -E '/^ /d; s/, (netns|last check) [^,]*//g; s/;.*//'"

note "12 downloads through HAProxy; once each has 1000000 bytes, replica 2 is killed (SIGKILL):"
run "./run_clients.sh 12$PORT_OPT --dir failover > first.txt 2>&1 & clients_pid=\$!"
# shellcheck disable=SC2016 # expands at the end: clients_pid is set by the command above
on_exit 'kill "$clients_pid" 2>/dev/null'
run "for i in {1..12}; do wait_for_size failover/received_bio_\$i.txt 1000000; done"
run "cluster/run_cluster.sh --status | $trim"
# The clients' JVMs start over a few seconds, so the first copies may be complete before
# the last has its first 1000000 bytes: those are the downloads HAProxy no longer counts.
run "find failover -size \"$(stat -c %s bio.txt)c\" | wc -l   # copies already complete"
expect "HAProxy sees all 3 replicas up" test "$(cluster/run_cluster.sh --status | grep -c ': up (HAProxy: UP')" -eq 3
run "cluster/run_cluster.sh --kill-replica 2 | tee kill.txt"
expect "replica 2 was killed while it served some of them" \
  contains kill.txt '^replica 2 .* killed with SIGKILL while it served [1-9][0-9]* connections'
served=$(sed -nE 's/.* while it served ([0-9]+) connections.*/\1/p' kill.txt)
run "cluster/run_cluster.sh --status | $trim"
expect "--status shows replica 2 down" \
  contains <(cluster/run_cluster.sh --status) '^replica 2: .*killed \(SIGKILL\): down \(HAProxy: DOWN'
run "wait \$clients_pid; tail -n 2 first.txt"
# A client of replica 2 that had all its bytes by the kill still finishes: so at least
# one, and at most the connections replica 2 served, stopped short.
cut=$(grep -c 'run again with --resume' first.txt)
expect "some of replica 2's clients stopped short" test "$cut" -ge 1 -a "$cut" -le "${served:-0}"
expect "the others were verified" contains first.txt "^$((12 - cut))/12 verified in "

note "They resume through HAProxy, on replica 1 or 3, from where they stopped (206):"
run "ids=\$(awk '/--resume/ { print \$2 + 0 }' first.txt); echo \$ids"
run "for id in \$ids; do java -cp build/classes Client \$id$PORT_OPT --dir failover --resume & done; wait"
expect "each resume got 206 from replica 1 or 3" \
  test "$(cat cluster/run/replica-[13].log | grep -c '"GET /bio.txt HTTP/1.1" 206 ')" -eq "$cut"
run "./check_diff.sh failover | tail -n 1"
expect "12 of 12 copies identical" contains <(./check_diff.sh failover) '^12 of 12 identical'

# Prometheus scrapes every second: wait (not shown) until it has seen all the resumes.
deadline=$((SECONDS + 20))
until [[ $(prom_table 'sum(fileserver_transfers_total{status="206"})' 2>/dev/null |
  awk 'NR == 2 { print $NF }') == "$cut" ]] || ((SECONDS > deadline)); do
  sleep 0.5
done
note "Prometheus saw it: replica 2 served until the kill, then stopped answering (up 0) and"
note "its series ended; replicas 1 and 3 served the resumes (206):"
run "prom_table 'max_over_time(fileserver_transfers_in_flight[5m])' 'up{job=\"fileserver\"}' 'fileserver_transfers_total{status=\"206\"}' | tee prom.txt"
# row LABEL: the cells (r1 r2 r3) of prom.txt's row for the query LABEL starts with.
row() { awk -v label="$1" 'index($0, label) == 1 { print $(NF - 2), $(NF - 1), $NF }' prom.txt; }
expect "replica 2 had transfers in flight before the kill" test "$(row max_over_time | cut -d ' ' -f 2)" -ge 1
expect "up: replica 2 down, 1 and 3 up" test "$(row 'up{')" = "1 0 1"
resumes=$(row 'fileserver_transfers_total{status="206"}')
expect "the 206s: none from replica 2, all $cut from replicas 1 and 3" \
  test "$(cut -d ' ' -f 2 <<<"$resumes")" = - -a "$(awk '{ print $1 + $3 }' <<<"$resumes")" -eq "$cut"
run "cluster/run_cluster.sh --stop | tail -n 2 | cut -d ';' -f 1"
expect "--stop removed the namespaces" test -n "$tag" -a -z "$(ip netns list | grep "^$tag-")"
