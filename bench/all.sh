#!/usr/bin/env bash
# Runs every benchmark in bench/ (what `make bench` does) and ends with each goal's figure
# beside its target.
set -euo pipefail

BENCH_DIR=$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")

usage() {
  cat <<EOF
Usage: ${0##*/} [--quick]

Runs, one after the other, on a machine that should otherwise be idle:
  peers.sh     our server (platform and virtual threads; and with 64 KiB writes),
               the C yardstick, nginx, python3 -m http.server, jwebserver and a
               naive Python server,
               each to 1, 10, 50 and 200 parallel curl clients           (Goal 2)
  main_job.sh  ./run_clients.sh 50 beside its floor and nginx + 50 curl  (Goals 1, 5)
  chunks.sh    --chunk 1000/4096/16384/65536, nginx                      (Goal 4)
  scale.sh     10,000 connections x 1 MiB and 1,000 x 10 MiB; a flash crowd of
               10,000 handshakes at once then 10,000 requests, 503s retried (Goal 3)
Each prints the machine and date with its figures and writes CSV to bench/results/;
the output of each goes to bench/results/<name>.log too. Then every goal line again.
Takes about 7 to 9 minutes on 2 cores (scale.sh's burst about 1.5 of them); --quick
passes --quick to each (about 2 minutes).

Run one benchmark alone for more options: bench/<name>.sh --help.
EOF
}

quick=()
case ${1:-} in
  --help | -h)
    usage
    exit 0
    ;;
  --quick) quick=(--quick) ;;
  "") ;;
  *)
    echo "${0##*/}: unknown option '$1' (see --help)" >&2
    exit 2
    ;;
esac

results=${BENCH_RESULTS_DIR:-$BENCH_DIR/results}
mkdir -p "$results"
started=$SECONDS
failed=()
for name in peers main_job chunks scale; do
  echo "=== bench/$name.sh ${quick[*]}"
  if ! "$BENCH_DIR/$name.sh" "${quick[@]}" 2>&1 | tee "$results/$name.log"; then
    failed+=("$name")
  fi
  echo
done

echo "=== goals ($(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load average $(cut -d ' ' -f 1-3 /proc/loadavg))"
for name in peers main_job chunks scale; do
  grep -h '^goal ' "$results/$name.log" || true
done | sort -V -k 2,2 | tee "$results/goals.txt"
echo "(all benchmarks took $((SECONDS - started)) s)"
if ((${#failed[@]})); then
  echo "${0##*/}: failed: ${failed[*]}" >&2
  exit 1
fi
