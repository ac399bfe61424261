#!/usr/bin/env bash
# The performance goals as a Markdown table (goal, what, figure, target, met or missed)
# from the goal lines the benchmarks print ("goal ID TEXT VALUE   target OP TARGET   met"):
# bench/results/goals.txt (bench/all.sh's), then the goals no benchmark of bench/all.sh
# measures, from the logs of the scripts run on their own (cluster.sh, scale.sh
# --max-burst). Without goals.txt, a sentence saying so. report_figures.sh writes it to
# build/report/generated/goals.md.
set -euo pipefail

ROOT=$(readlink -f "$(dirname "${BASH_SOURCE[0]}")/../..")
# shellcheck source=../../scripts/common.sh
source "$ROOT/scripts/common.sh"

if wants_help "$@"; then
  echo "Usage: ${0##*/} [RESULTS_DIR]"
  echo "Prints the goals table in Markdown from RESULTS_DIR/goals.txt (default bench/results)"
  echo "and the goal lines of RESULTS_DIR/cluster.log, scale-max-burst.log and scale.log that"
  echo "goals.txt lacks."
  exit 0
fi
(($# <= 1)) || usage_error "takes at most one argument, the results directory"
[[ ${1:-} != -* ]] || usage_error "unknown option '$1'"
results=${1:-$ROOT/bench/results}

# shellcheck disable=SC2016 # the backquotes are Markdown
if [[ ! -s $results/goals.txt ]]; then
  printf '*No goals table in this run: `bench/results/goals.txt` is missing; `make bench` (bench/all.sh) writes it.*\n'
  exit 0
fi
sources=(goals.txt)
for log in cluster.log scale-max-burst.log scale.log; do
  if [[ -s $results/$log ]] && grep -q '^goal ' "$results/$log"; then
    sources+=("$log")
  fi
done

# shellcheck disable=SC2016 # the backquotes are Markdown
(cd "$results" && grep -H '^goal ' "${sources[@]}") | awk '
  {
    file = substr($0, 1, index($0, ":") - 1)
    line = substr($0, index($0, ":") + 1)
    split(line, word, " ")
    id = word[2]
    if (id in seen) next # goals.txt first; a log adds only the goals it lacks
    seen[id] = 1
    at = index(line, "   target ")
    left = substr(line, 1, at - 1); right = substr(line, at + 10)
    sub(/^goal +[^ ]+ +/, "", left); sub(/ +$/, "", left)
    # The figure is the last word before "target", with its unit if that is a word (MiB).
    n = split(left, w, " ")
    value = w[n]; k = n - 1
    if (value !~ /[0-9]/ && value != "absent" && k > 0) { value = w[k] " " value; k-- }
    what = ""
    for (i = 1; i <= k; i++) what = what (i > 1 ? " " : "") w[i]
    verdict = "–"
    if (right ~ / +(met|MISSED)$/) {
      verdict = right; sub(/.* /, "", verdict)
      sub(/ +(met|MISSED)$/, "", right)
      sub(/^<=/, "≤", right); sub(/^>=/, "≥", right)
      total++
      if (verdict == "MISSED") { missed++; verdict = "**missed**" }
    }
    gsub(/\|/, "\\|", what)
    gsub(/--[a-z][a-z-]*/, "`&`", what) # options as code, or pandoc makes "--" a dash
    rows = rows sprintf("| %s | %s | %s | %s | %s |\n", id, what, value, right, verdict)
    goals++
    if (file != "goals.txt") extra[file] = 1
  }
  END {
    printf "::: {.bench-table .goals .long-table}\n"
    printf ": The performance goals: each goal'\''s figure beside its target, %d of the %d with a target missed (%d goals in all). From `bench/results/goals.txt` (every goal line of `make bench`)", missed, total, goals
    for (f in extra) printf ", and `bench/results/%s`", f
    printf ".\n\n| Goal | What | Figure | Target | Result |\n|---|---|---:|---|---|\n%s:::\n", rows
  }'
