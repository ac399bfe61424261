# shellcheck shell=bash
# shellcheck disable=SC2034 # report_figures.sh, which sources this file, reads them all
# What the report shows of each benchmark data set (bench/results/NAME.csv): the figure's
# caption, the table's columns and the table's caption, which says what every row is, in
# plain words. Sourced by report/scripts/report_figures.sh only.

# The data sets the report shows, in its order, with what each measures.
DATASETS=(peers main_job chunks scale cluster)
declare -A CAPTION=(
  [peers]="Our server beside other servers on the same machine, in the same run: N curl clients download bio.txt at once from each, and the throughput is all the bytes they received over the time until the last copy was verified (N × {MIB} MiB / seconds; points: median of the runs; bars: slowest to fastest run). Our server's lines are bold; where lines coincide, their points and dashes tell them apart."
  [chunks]="Throughput of our server for each size of socket write (\`--chunk\`), with nginx (sendfile) for comparison: the price of the assignment's 1000-byte writes. Bars: median of the runs; whiskers: fastest and slowest."
)
# The table of each data set: "Header={column}..." cells separated by |, filled per row.
declare -A TABLE=(
  [peers]=pivot
  [main_job]="What={what}|Clients={clients}|Median s={median_s}|Fastest–slowest s={min_s}–{max_s}|Client CPU s={client_cpu_s}|Server CPU s={server_cpu_s}|Verified={verified}/{expected}"
  [chunks]="Server={mode}|Connections={connections}|MiB/s={mib_s}|Range MiB/s={min_mib_s}–{max_mib_s}|Server CPU s per GiB={server_cpu_s_per_gib}|× chunk 1000={vs_chunk_1000}|Verified={verified}/{expected}"
  [scale]="Run={label}|Connections={connections}|Bytes each={bytes_each}|Verified={completed}/{connections}|503s retried={retries_503}|Wall s={wall_s}|MiB/s={mib_s}|Threads={server_peak_threads}|RSS MiB={server_peak_rss_mib}|CPU s={server_cpu_s}"
  [cluster]="Setup={setup}|Replicas={replicas}|Link per replica, Mbit/s={rate_mbit}|MiB/s={mib_s}|Seconds={seconds}|Replicas' CPU s per GiB={replicas_cpu_s_per_gib}|HAProxy CPU s per GiB={haproxy_cpu_s_per_gib}|Verified={verified}/{expected}"
)
# Each table's caption, which says what every row is (peers: PEER, for the servers present).
declare -A TABLE_CAPTION=(
  [peers]="Median seconds until the last copy is verified (slowest run in brackets), by server and number of clients: the times the plot's MiB/s come from."
  [main_job]="\`./run_clients.sh 50\` from start to end, beside what it is measured against; median of the runs, every copy checked. **ours**: \`./run_clients.sh 50\`, which starts 50 client JVMs at once, each downloading bio.txt from our server and checking it. **ours-jdkN** (e.g. ours-jdk25): the same with the clients on JDK N instead of the build JDK, without the start-up archive that \`make\` builds for the build JDK. **nginx**: 50 curl processes at once downloading from nginx, no JVM at all. **jvms**: 50 JVMs at once that only start, print hello and exit: the cost of a JVM per client. **transfer**: 50 curl processes at once downloading from our server: the cost of moving the bytes. **floor**: jvms plus transfer, run by run: the least that 50 client JVMs can take."
  [chunks]="The load generator (one JVM, 50 connections at once, every copy checked) downloading bio.txt from each server; median of the runs. **chunk-N**: our server writing N bytes per write call (\`--chunk N\`); 1000 is the assignment's rule. **nginx**: nginx sending the file with sendfile, so the kernel copies it to the socket in one call. **Server CPU s per GiB**: the server's processor time per GiB sent (ours, or nginx's); **× chunk 1000**: the speed relative to \`--chunk 1000\`."
  [scale]="Many connections at once from one load-generating JVM, every download checked. **Threads**, **RSS MiB**: the server's peak number of threads and peak resident memory (RSS, what it holds in RAM), read from /proc; **CPU s**: the server's processor time; **MiB/s**: all the bytes over the time from the first request to the last byte (**Wall s** also counts opening the connections). **ours**: our server on platform threads (Java 17), the connections opened at a steady pace; **Threads** shows how many ran at the peak. **ours-virtual**: the same on virtual threads (JDK 21 or later). **ours-burst**, **ours-virtual-burst**: a flash crowd, every connection and every request at once, against the server's default settings; a client answered 503 (busy) comes back after the Retry-After time."
  [cluster]="The load generator (one JVM, 50 connections at once, every copy checked) downloading bio.txt; median of the runs, the setups taking turns (\`bench/cluster.sh\`). Each replica is our server in a network namespace of its own, reached over a virtual link. **capped-N**: N replicas behind HAProxy, each replica's link limited to the given rate, as if each were a host with its own network card. **uncapped-N**: the same without the limit. **replica-direct**: the replica of uncapped-1 reached straight at its address, without HAProxy; uncapped-1 against it is the balancer's cost. **splice-1**, **splice-auto-1**: uncapped-1 through an HAProxy that passes the bodies on inside the kernel (option splice-response, splice-auto), which the cluster's does not. **loopback**: our server alone on 127.0.0.1, outside the namespaces (no virtual link)."
)
# What each server of bench/peers.sh is, for the peers table's caption.
declare -A PEER=(
  [ours]="our server as the assignment asks: 1000-byte writes, platform threads, Java 17"
  [ours-virtual]="the same on virtual threads (JDK 21 or later)"
  [ours-64k]="our server writing 64 KiB per call instead (\`--chunk 65536\`), platform threads, Java 17: what the 1000-byte rule costs"
  [before]="our server as an earlier commit built it"
  [before-virtual]="that build on virtual threads"
  [yardstick]="a minimal C server (bench/yardstick.c), a thread per client, also writing 1000 bytes per call: the fastest that rule allows"
  [nginx]="the nginx web server, sending the file with sendfile (the kernel copies it)"
  [python]="Python's built-in file server, \`python3 -m http.server\`"
  [naive]="a few lines of Python (bench/naive_server.py), a thread per client, 1000-byte writes"
  [jwebserver]="the simple file server that comes with the JDK"
)
