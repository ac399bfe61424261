#!/usr/bin/env bash
# Collects the facts the report quotes, from this machine and from the transcripts that
# report/scripts/screenshots.sh kept (build/report/transcripts/), into build/report/generated/:
#   facts.tsv          KEY<TAB>VALUE, for the {{KEY}} marks in report/REPORT.md
#   server-help.txt    `Server --help`, client-help.txt `Client --help`
#   tests.md           every JUnit test class of the first run, with its count of tests
#                      (report/scripts/junit_facts.py, from make-test.log)
#   <scene>.txt        each transcript without its colours
# Fails, naming the fact, if a transcript lacks a line the report relies on.
set -euo pipefail

ROOT=$(readlink -f "$(dirname "${BASH_SOURCE[0]}")/../..")
# shellcheck source=../../scripts/common.sh
source "$ROOT/scripts/common.sh"
# shellcheck source=report_common.sh
source "$ROOT/report/scripts/report_common.sh"

if wants_help "$@"; then
  echo "Usage: ${0##*/}"
  echo "Writes build/report/generated/facts.tsv and the other generated fragments."
  exit 0
fi
(($# == 0)) || usage_error "takes no arguments"

transcripts=$ROOT/build/report/transcripts
out=$ROOT/build/report/generated
mkdir -p "$out"
facts=$out/facts.tsv
: >"$facts.new"

# fact KEY VALUE: records one fact.
fact() {
  [[ $2 != *$'\n'* && $2 != *$'\t'* ]] || die "fact $1 has a line break or tab in it"
  printf '%s\t%s\n' "$1" "$2" >>"$facts.new"
}

# plain SCENE: the transcript of SCENE without terminal escapes and carriage returns.
plain() {
  local file=$transcripts/$1.txt
  [[ -f $file ]] || die "no transcript of scene $1 in $transcripts; run report/scripts/screenshots.sh"
  sed -e 's/\x1b\[[0-9;?]*[a-zA-Z]//g' -e 's/\r$//' -e 's/.*\r//' "$file"
}

# pick KEY SCENE REGEX [SED]: the first line of SCENE's transcript matching REGEX (after
# the optional sed expression SED) becomes fact KEY.
pick() {
  local key=$1 scene=$2 regex=$3 expression=${4:-}
  local line
  line=$(plain "$scene" | grep -E -m 1 -- "$regex" || true)
  [[ -n $line ]] || die "fact $key: no line matching '$regex' in the transcript of $scene"
  if [[ -n $expression ]]; then
    line=$(sed -E "$expression" <<<"$line")
  fi
  fact "$key" "$line"
}

# The machine and the tools, as `make report` found them.
cpu=$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo)
memory=$(awk '/^MemTotal:/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
os=$(. /etc/os-release && echo "$PRETTY_NAME")
jdk=$(java -version 2>&1 | awk -F'"' 'NR == 1 { print $2 }')
jdk_build=$(java -version 2>&1 | awk 'NR == 2')
fact DATE "$(date -u '+%Y-%m-%d %H:%M UTC')"
fact CORES "$(nproc)"
fact CPU "${cpu:-unknown CPU}"
fact MEMORY "$memory"
fact OS "$os"
fact KERNEL "$(uname -r)"
fact JDK "$jdk"
fact JDK_BUILD "$jdk_build"
fact JDK_HOME "$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"
# The newest JDK, which runs the server in the scenes and the second JUnit run.
newest_home=$(newest_jdk 21 2>/dev/null || true)
if [[ -n $newest_home ]]; then
  fact NEWEST_JDK "$("$newest_home/bin/java" -version 2>&1 | awk -F'"' 'NR == 1 { print $2 }')"
  fact NEWEST_JDK_BUILD "$("$newest_home/bin/java" -version 2>&1 | awk 'NR == 2')"
  fact NEWEST_JDK_HOME "$newest_home"
else
  fact NEWEST_JDK "(none: no JDK 21 or newer on this machine)"
  fact NEWEST_JDK_BUILD "-"
  fact NEWEST_JDK_HOME "-"
fi
fact MACHINE "$(nproc) cores (${cpu:-unknown CPU}), $memory RAM, $os, Linux $(uname -r), OpenJDK $jdk"
fact COMMIT "$(report_commit)"
fact AUTHOR_LINE "$(report_author_line)"
refs_read=$(sed -n 's/^[[:space:]]*REFERENCES_READ[[:space:]]*=[[:space:]]*//p' "$ROOT/report/meta" | tail -n 1)
[[ $refs_read =~ ^[0-9]{4}-[0-9]{2}-[0-9]{2}$ ]] || die "report/meta: REFERENCES_READ must be a date (YYYY-MM-DD), not '$refs_read'"
fact REFS_ACCESSED "$refs_read"
fact PANDOC "$(pandoc --version | awk 'NR == 1 { print $2 }')"
fact WEASYPRINT "$(weasyprint --version | awk '{ print $NF }')"
fact GNUPLOT "$(gnuplot --version | awk '{ print $2 "." $4 }')"
fact CHROMIUM "$(chromium --version 2>/dev/null | awk '{ print $2 }')"
fact CURL "$(curl --version | awk 'NR == 1 { print $2 }')"
fact PYTHON "$(python3 --version | awk '{ print $2 }')"
# The tools the scenes and benchmarks ran; "-" for one this machine lacks.
version() {
  local found
  found=$("$@" 2>&1 | head -n 1 | grep -oE '[0-9]+\.[0-9]+(\.[0-9]+)?' | head -n 1) || true
  echo "${found:--}"
}
fact NGINX "$(version nginx -v)"
fact HAPROXY "$(version haproxy -v)"
fact STRACE "$(version strace -V)"
fact PROMETHEUS "$(version prometheus --version)"
fact HYPERFINE "$(version hyperfine --version)"
fact JUNIT "$(sed -n 's/^JUNIT_VERSION := //p' "$ROOT/Makefile")"
fact BIO_BYTES "$(wc -c <"$ROOT/bio.txt")"
fact BIO_LINES "$(wc -l <"$ROOT/bio.txt")"
fact BIO_SHA256 "$(sha256sum <"$ROOT/bio.txt" | cut -d ' ' -f 1)"
fact SOURCE_FILES "$(find "$ROOT/src" -name '*.java' | wc -l)"
fact SOURCE_LINES "$(find "$ROOT/src" -name '*.java' -exec cat {} + | wc -l)"
fact TEST_FILES "$(find "$ROOT/test/java" -name '*.java' | wc -l)"

# What the scenes printed.
pick CLIENTS50_SUMMARY clients-50 '^50/50 verified in'
pick CLIENTS50_SECONDS clients-50 '^50/50 verified in' 's/^50\/50 verified in ([0-9.]+) s.*/\1/'
pick STATUS_PAGE_BARS clients-50 '^status-page\.png: [0-9]+ progress bars' 's/^status-page\.png: ([^,]+, of [0-9]+ transfers in flight).*/\1/'
pick CHECK_SUMMARY check-diff '^[0-9]+ of [0-9]+ identical$'
pick STRACE_WRITES chunks-strace '^write sizes: ' 's/.*, ([0-9]+) of 1000,.*/\1/'
pick CLIENT_READ_CALLS chunks-strace '^read: [0-9]+ bytes in [0-9]+ calls' 's/^read: [0-9]+ bytes in ([0-9]+) calls.*/\1/'
pick HEAD_BYTES chunks-strace '^write sizes: ' 's/^write sizes: 1 of ([0-9]+),.*/\1/'
pick DIFF_SUMMARY check-diff 'diff printed nothing and exited 0$'
pick DIFF_SAME check-diff 'diff printed nothing and exited 0$' 's/^([0-9]+) of.*/\1/'
pick SERVER_JDK runtimes '^server: ' 's/^server: //'
pick CLIENT_JDK runtimes '^clients: ' 's/^clients: //'
pick SERVER_JAVA runtimes '^server: ' 's/^server: ([^,]+),.*/\1/'
pick CLIENT_JAVA runtimes '^clients: ' 's/^clients: ([^,]+),.*/\1/'
pick E2E_SUMMARY make-test '^e2e: ' 's/^e2e: //'
fact SCRIPT_TESTS "$(plain make-test | grep -E '^[a-z_0-9]+: [0-9]+ passed' | sed -E 's/^([a-z_0-9]+): /\1.sh: /' | paste -sd ';' | sed 's/;/; /g')"
pick MAKE_TEST_STATUS make-test '^make test: exit status' 's/.* //'
# The threads scene's four kernel-thread counts (/proc/PID/status), in the order it takes
# them: Java 17 idle and with 20 downloads, then the default JDK idle and with 20.
threads_counts=$(plain threads | awk '/^Threads:/ { print $2 }' | paste -sd ' ')
[[ $threads_counts =~ ^[0-9]+\ [0-9]+\ [0-9]+\ [0-9]+$ ]] || die "threads scene: four thread counts expected, got '$threads_counts'"
read -r t17_idle t17_busy tdef_idle tdef_busy <<<"$threads_counts"
fact THREADS17_IDLE "$t17_idle"
fact THREADS17_BUSY "$t17_busy"
fact THREADS17_ADDED "$((t17_busy - t17_idle))"
fact THREADS_DEFAULT_IDLE "$tdef_idle"
fact THREADS_DEFAULT_BUSY "$tdef_busy"
fact THREADS_DEFAULT_ADDED "$((tdef_busy - tdef_idle))"
pick THREADS17_DUMPED threads '^[0-9]+$'
pick OVERLOAD_503 overload '^[0-9]+$'
pick OVERLOAD_SUMMARY overload '^20/20 verified'
pick STALL_LINE slow-clients 'closed a stalled transfer' 's/^[^ ]+ //'
pick STALL_BYTES slow-clients 'closed a stalled transfer' 's/.* after ([0-9]+) of.*/\1/'
pick VANISH_LINE slow-clients 'client went away' 's/^[^ ]+ //'
pick RESUME_FIRST kill-resume 'run again with --resume' 's/^client 1: //'
pick RESUME_AT kill-resume 'resumed at' 's/.*resumed at ([0-9]+).*/\1/'
pick RESUME_LINE kill-resume 'resumed at'
pick PYTHON_LINE python-interop 'verified length'
pick CURL_LINE curl '" 200 ' 's/^[^ ]+ //'
pick BROWSER_LINE browser-run '"GET /bio.txt HTTP/1.1" 200' 's/^[^ ]+ //'
pick CORRUPT_CMP bio-corruption 'differ: byte'
pick STARTUP_LINE server-start 'listening on' 's/^[^ ]+ //'

# The 50-client run as the server logged it (the log the clients-50 scene kept), read by
# report/scripts/timeline.sh, which draws report/figures/timeline.png from the same log:
#   TIMELINE_TRANSFERS        transfers in the log
#   TIMELINE_PEAK_CONCURRENT  most transfers in flight at one moment
#   TIMELINE_SPAN_S           seconds from the first accept to the last transfer's end
#   TIMELINE_LAST_ACCEPT_S    seconds from the first accept to the last
#   TIMELINE_FIRST_END_S      seconds from the first accept to the first transfer's end
# Without the log, each reads "(not recorded)", and this says so.
timeline_log=$transcripts/clients-50.server.log
timeline_keys=(TRANSFERS PEAK_CONCURRENT SPAN_S LAST_ACCEPT_S FIRST_END_S)
if [[ -s $timeline_log ]] && summary=$("$ROOT/report/scripts/timeline.sh" --summary "$timeline_log"); then
  for key in "${timeline_keys[@]}"; do
    value=$(awk -F'\t' -v k="$key" '$1 == k { print $2 }' <<<"$summary")
    [[ -n $value ]] || die "fact TIMELINE_$key: report/scripts/timeline.sh --summary did not give it"
    fact "TIMELINE_$key" "$value"
  done
else
  echo "facts: no transfers from ${timeline_log#"$ROOT"/}; the TIMELINE_ facts read (not recorded)" >&2
  for key in "${timeline_keys[@]}"; do
    fact "TIMELINE_$key" "(not recorded)"
  done
fi

for file in "$transcripts"/*.txt; do
  plain "$(basename "$file" .txt)" >"$out/$(basename "$file")"
done

# The command-line help, from the build and the scripts.
java -cp "$ROOT/build/classes" Server --help >"$out/server-help.txt"
java -cp "$ROOT/build/classes" Client --help >"$out/client-help.txt"
"$ROOT/run_server.sh" --help | sed '/^Server options:/,$d' | sed -e :a -e '/^\n*$/{$d;N;ba' -e '}' >"$out/run-server-help.txt"
"$ROOT/run_clients.sh" --help >"$out/run-clients-help.txt"
"$ROOT/check_diff.sh" --help >"$out/check-diff-help.txt"
sed -i "s|$ROOT/|./|g; s|$ROOT|.|g" "$out"/*-help.txt

# The hostile peers' table, from the bundle's own record of them.
python3 "$ROOT/report/scripts/hostile_peers.py" "$ROOT/docs/robustness.md" >"$out/hostile-peers.md" ||
  die "report/scripts/hostile_peers.py failed"
fact HOSTILE_CASES "$(grep -c '^| [^T-]' "$out/hostile-peers.md")"

# What starting one client JVM costs, with the flags run_clients.sh gives it: hyperfine
# runs `Client --help` (start, print, exit; no network) 20 times.
client_java_args
hyperfine --style none --runs 20 --warmup 3 --export-json "$out/jvm-start.json" \
  "java ${CLIENT_JAVA_ARGS[*]} -cp $CLIENT_CLASS_PATH Client --help" >/dev/null 2>&1 ||
  die "hyperfine could not time the client JVM"
# JVM_START_MS is the wall time of one start (the mean); JVM_START_CPU_MS the processor
# time (the mean of user plus system), every thread's on every core. They differ both ways:
# the JVM's threads run on several cores at once, and on a busy machine it waits for one.
read -r jvm_mean jvm_sd jvm_cpu < <(python3 - "$out/jvm-start.json" <<'PYTHON'
import json, sys
r = json.load(open(sys.argv[1]))["results"][0]
print(*(round(seconds * 1000) for seconds in (r["mean"], r["stddev"], r["user"] + r["system"])))
PYTHON
)
fact JVM_START_MS "$jvm_mean"
fact JVM_START_SD_MS "$jvm_sd"
fact JVM_START_CPU_MS "$jvm_cpu"
jvm_command="java ${CLIENT_JAVA_ARGS[*]} -cp $CLIENT_CLASS_PATH Client --help"
fact JVM_START_COMMAND "${jvm_command//"$ROOT"\//}"

# The JUnit runs of `make test` (report/scripts/junit_facts.py says which facts, and how
# tests.md counts), from the whole log the make-test scene kept; JUNIT_FOUND is checked
# against the summary its screenshot shows.
log=$transcripts/make-test.log
[[ -f $log ]] || die "no $log (the make-test scene keeps it); run report/scripts/screenshots.sh make-test"
junit=$(python3 "$ROOT/report/scripts/junit_facts.py" "$log" "$transcripts/junit-tree.txt" "$out/tests.md") ||
  die "the JUnit facts: report/scripts/junit_facts.py failed (above)"
while IFS=$'\t' read -r key value; do
  fact "$key" "$value"
done <<<"$junit"
shown=$(plain make-test | grep -E -m 1 'tests found' | tr -dc '0-9')
[[ $shown == "$(awk -F'\t' '$1 == "JUNIT_FOUND" { print $2 }' "$facts.new")" ]] ||
  die "fact JUNIT_FOUND: make-test.log and the make-test screenshot's '$shown tests found' differ"

# The rounds of the assignment's question and the benchmark figures the text quotes.
python3 "$ROOT/report/scripts/derived_facts.py" "$ROOT" "$out" >>"$facts.new" ||
  die "report/scripts/derived_facts.py failed"

mv "$facts.new" "$facts"
echo "facts: $(wc -l <"$facts") in $facts"
