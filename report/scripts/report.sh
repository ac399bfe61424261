#!/usr/bin/env bash
# The pipeline behind `make report`: builds, runs the benchmarks, takes the screenshots,
# collects the facts, draws the figures, and turns report/REPORT.md into REPORT.pdf with
# pandoc and WeasyPrint. Every number, picture and table in the PDF comes from this run,
# except benchmark results when REPORT_BENCH=0 (the PDF then says they were reused).
set -euo pipefail

ROOT=$(readlink -f "$(dirname "${BASH_SOURCE[0]}")/../..")
# shellcheck source=../../scripts/common.sh
source "$ROOT/scripts/common.sh"
# shellcheck source=report_common.sh
source "$ROOT/report/scripts/report_common.sh"

usage() {
  cat <<EOF
Usage: ${0##*/}

Regenerates screenshots/, report/figures/ and REPORT.pdf from real runs:
  1. make (the bundle itself)
  2. the benchmarks: each of bench/peers.sh, main_job.sh, chunks.sh, scale.sh that
     exists (what \`make bench\` runs; their goal lines then go to
     bench/results/goals.txt), and bench/cluster.sh when run as root with haproxy
     installed. Before each it waits for a quiet machine: see REPORT_MAX_LOAD
  3. report/scripts/screenshots.sh: every scene in an xterm under Xvfb, and Chromium
     (a window for bio.txt, headless for the status page)
  4. report/scripts/report_facts.sh: machine, versions, and the numbers the scenes printed
  5. report/scripts/report_figures.sh: the diagram (Graphviz) and plots (gnuplot)
  6. report/REPORT.md, with facts and fragments filled in, through pandoc and
     WeasyPrint into REPORT.pdf
  7. report/scripts/report_check.sh on REPORT.pdf: fails on what a script can see is wrong
Intermediate files go to build/report/.

It builds only from a clean tree, so that the title page names the commit the report
was built from: it stops before step 1 if a tracked file differs from HEAD anywhere but
in what it rewrites itself (REPORT.pdf, screenshots/, report/figures/, bench/results/).
The title page's author is \$AUTHOR, else AUTHOR= in report/meta.

Environment:
  REPORT_BENCH=0        keep bench/results/*.csv as they are instead of measuring again
  REPORT_MAX_LOAD=L     the highest 1-minute load average (/proc/loadavg) at which a
                        benchmark may start; default 0.75 x the number of cores ($(default_max_load)
                        here). Above it the run waits, checking every $LOAD_POLL_S s, and
                        fails if the load is still higher after REPORT_LOAD_WAIT_S
  REPORT_LOAD_WAIT_S=S  how long to wait for that, in seconds (default 900). The load
                        at each benchmark's start goes into its table's provenance line
  REPORT_SCREENSHOTS=0  keep screenshots/ and the transcripts of the last run
  REPORT_DRAFT=1        build from uncommitted changes anyway, to look at them: the title
                        page then says DRAFT, and the check fails on that
  AUTHOR=NAME           the author for the title page (\`make report AUTHOR=NAME\`),
                        instead of report/meta's
EOF
}

report_dir=$ROOT/build/report
generated=$report_dir/generated

# step NAME: announces a step and how long the run has taken so far.
step() {
  printf '\n== %s (%d s so far)\n' "$1" "$SECONDS"
}

# How often the load average is read while waiting for it to fall, in seconds.
LOAD_POLL_S=5

# default_max_load: 0.75 times the number of cores, the load below which the machine
# counts as quiet (1.5 on 2 cores).
default_max_load() {
  awk -v n="$(nproc)" 'BEGIN { printf "%.2f\n", 0.75 * n }'
}

# load_now: the 1-minute load average.
load_now() {
  cut -d ' ' -f 1 /proc/loadavg
}

# wait_for_quiet COMMAND: returns once the 1-minute load average is at most
# REPORT_MAX_LOAD, so that COMMAND is not measured on a busy machine; waits at most
# REPORT_LOAD_WAIT_S seconds for that, then fails. The 1-minute average lags: after a
# benchmark it takes a minute or two to fall, even on an idle machine.
wait_for_quiet() {
  local command=$1 max=${REPORT_MAX_LOAD:-$(default_max_load)} wait=${REPORT_LOAD_WAIT_S:-900}
  [[ $max =~ ^[0-9]+(\.[0-9]+)?$ ]] || die "REPORT_MAX_LOAD must be a number, not '$max'"
  [[ $wait =~ ^[0-9]+$ ]] || die "REPORT_LOAD_WAIT_S must be a whole number of seconds, not '$wait'"
  local deadline=$((SECONDS + wait)) load
  load=$(load_now)
  awk -v l="$load" -v m="$max" 'BEGIN { exit !(l > m) }' || return 0
  echo "waiting for a quiet machine before $command: the load average is $load, above $max (REPORT_MAX_LOAD); checking every $LOAD_POLL_S s for up to $wait s (REPORT_LOAD_WAIT_S)"
  while awk -v l="$load" -v m="$max" 'BEGIN { exit !(l > m) }'; do
    ((SECONDS < deadline)) ||
      die "the load average is still $load after $wait s, above $max: something else is using the machine, and $command must not be measured on a busy one (see who with top; REPORT_MAX_LOAD and REPORT_LOAD_WAIT_S in --help)"
    sleep $((deadline - SECONDS < LOAD_POLL_S ? deadline - SECONDS : LOAD_POLL_S))
    load=$(load_now)
  done
  echo "the load average is $load, at most $max: starting $command"
}

# benchmarks: runs the benchmark scripts, one by one, each on a quiet machine, and
# records, per data set, what ran, when, for how long and at what load (bench-runs.tsv:
# name, command, start, seconds, load average at the start).
benchmarks() {
  local runs=$report_dir/bench-runs.tsv log=$report_dir/bench.log
  : >"$runs"
  : >"$log"
  # The scripts bench/all.sh (\`make bench\`) runs, but each started separately, so that
  # each waits for the load its predecessor left to fall.
  local -a commands=()
  local name
  for name in peers main_job chunks scale; do
    [[ -x $ROOT/bench/$name.sh ]] && commands+=("bench/$name.sh")
  done
  # The cluster's benchmark is not part of \`make bench\`: it needs root (namespaces) and
  # HAProxy. Where it can run, the report measures it too (about 5 minutes).
  if [[ -x $ROOT/bench/cluster.sh ]] && ((EUID == 0)) && command -v haproxy >/dev/null 2>&1; then
    commands+=("bench/cluster.sh")
  fi
  if ((${#commands[@]} == 0)); then
    echo "no benchmarks to run (no bench/*.sh); the report says so"
    return
  fi
  local command start began csv load
  for command in "${commands[@]}"; do
    wait_for_quiet "$command"
    load=$(load_now)
    start=$(date -u '+%Y-%m-%d %H:%M UTC')
    began=$SECONDS
    local marker=$report_dir/bench-start
    touch "$marker"
    echo "running $command (output in $log)"
    # A script's output is also its data set's log, as bench/all.sh keeps it: the
    # report's provenance lines read its first line.
    name=${command#bench/}
    (cd "$ROOT" && $command) 2>&1 | tee "$ROOT/bench/results/${name%.sh}.log" >>"$log" || {
      tail -n 30 "$log" >&2
      die "$command failed; see $log"
    }
    # Every CSV this command wrote gets this command as its origin.
    for csv in "$ROOT"/bench/results/*.csv; do
      [[ $csv -nt $marker ]] || continue
      printf '%s\t%s\t%s\t%s\t%s\n' "$(basename "$csv" .csv)" "$command" "$start" "$((SECONDS - began))" "$load" >>"$runs"
    done
  done
  # Each goal beside its target, as bench/all.sh leaves them.
  local -a logs=()
  for name in peers main_job chunks scale; do
    [[ -f $ROOT/bench/results/$name.log ]] && logs+=("$ROOT/bench/results/$name.log")
  done
  if ((${#logs[@]})); then
    grep -h '^goal ' "${logs[@]}" | sort -V -k 2,2 >"$ROOT/bench/results/goals.txt" || true
  fi
}

# assemble: report/REPORT.md with each `<!-- include: FILE -->` line replaced by
# build/report/generated/FILE and each {{KEY}} by the fact KEY; fails on a missing one.
assemble() {
  awk -v dir="$generated" '
    FNR == NR {
      tab = index($0, "\t")
      fact[substr($0, 1, tab - 1)] = substr($0, tab + 1)
      next
    }
    /^<!-- include: [^ ]+ -->$/ {
      file = dir "/" $3
      found = 0
      while ((getline line < file) > 0) { print line; found = 1 }
      close(file)
      if (!found) { print "report.sh: missing or empty fragment " file > "/dev/stderr"; bad = 1 }
      next
    }
    {
      out = ""; rest = $0
      while (match(rest, /\{\{[A-Z0-9_]+\}\}/)) {
        key = substr(rest, RSTART + 2, RLENGTH - 4)
        if (!(key in fact)) { print "report.sh: no fact " key " for report/REPORT.md line " FNR > "/dev/stderr"; bad = 1 }
        out = out substr(rest, 1, RSTART - 1) fact[key]
        rest = substr(rest, RSTART + RLENGTH)
      }
      print out rest
    }
    END { exit bad }
  ' "$generated/facts.tsv" "$ROOT/report/REPORT.md" >"$report_dir/REPORT.md"
  # An option in a code span (`--max-clients ...`) must not break at its own hyphens, as
  # if "--" ended a line: a word joiner (U+2060, invisible) follows each of them.
  perl -CSD -i -pe 's/(?<=`)(--[a-z][a-z0-9-]*)/join "-\x{2060}", split m{-}, $1, -1/ge' "$report_dir/REPORT.md"
}

pdf() {
  assemble
  rm -f "$report_dir/REPORT.pdf"
  # pandoc writes HTML and hands it to WeasyPrint; paths in it are relative to $ROOT.
  (
    cd "$ROOT"
    pandoc "$report_dir/REPORT.md" --from markdown --to html5 --standalone \
      --number-sections --css report/report.css --lua-filter report/scripts/url_breaks.lua \
      --pdf-engine=weasyprint --resource-path=. --output "$report_dir/REPORT.pdf"
  )
  [[ -s $report_dir/REPORT.pdf ]] || die "pandoc made no PDF"
  mv "$report_dir/REPORT.pdf" "$ROOT/REPORT.pdf"
}

# clean_tree: stops the run unless the tracked files outside what the report rewrites are
# as committed (or REPORT_DRAFT=1 asks for a draft).
clean_tree() {
  local changes
  changes=$(report_tree_changes)
  [[ -n $changes ]] || return 0
  if [[ ${REPORT_DRAFT:-0} == 1 ]]; then
    echo "REPORT_DRAFT=1: building a draft from uncommitted changes; its title page says so"
    return
  fi
  printf '%s\n' "$changes" | sed 's/^/  /' >&2
  die "these tracked files differ from the last commit; commit them (or git stash) first, so that the title page names the commit the report is built from (REPORT_DRAFT=1 builds a draft anyway)"
}

main() {
  if wants_help "$@"; then
    usage
    return
  fi
  (($# == 0)) || usage_error "takes no arguments (its settings are environment variables: see --help)"
  clean_tree
  require_report_tools pandoc weasyprint pdftotext pdfinfo Xvfb xterm import convert identify xwininfo chromium \
    gnuplot dot nc strace hyperfine curl python3
  mkdir -p "$generated"

  step "build"
  make -s -C "$ROOT" all

  step "benchmarks"
  if [[ ${REPORT_BENCH:-1} == 0 ]]; then
    echo "REPORT_BENCH=0: using bench/results/*.csv as they are"
    rm -f "$report_dir/bench-runs.tsv"
  else
    benchmarks
  fi

  step "screenshots"
  if [[ ${REPORT_SCREENSHOTS:-1} == 0 ]]; then
    echo "REPORT_SCREENSHOTS=0: keeping screenshots/ and build/report/transcripts/"
  else
    "$ROOT/report/scripts/screenshots.sh"
  fi

  step "facts"
  "$ROOT/report/scripts/report_facts.sh"

  step "figures"
  "$ROOT/report/scripts/report_figures.sh"

  step "PDF"
  pdf
  printf '\nREPORT.pdf: %s bytes, made in %d s\n' "$(wc -c <"$ROOT/REPORT.pdf")" "$SECONDS"

  step "check"
  "$ROOT/report/scripts/report_check.sh" "$ROOT/REPORT.pdf" "$ROOT/report/REPORT.md"
}

# Sourced (by a test), it only defines its functions.
if [[ ${BASH_SOURCE[0]} == "$0" ]]; then
  main "$@"
fi
