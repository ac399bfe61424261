#!/usr/bin/env bash
# Our server as this working tree builds it beside the same server built from another
# commit, in one run: a change's cost measured against the code before it, on each thread
# kind, with the runs interleaved so that a noisy moment hits both sides.
set -euo pipefail

# shellcheck source=lib.sh
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/lib.sh"

usage() {
  cat <<EOF
Usage: ${0##*/} [--base REV] [--clients N] [--runs R] [--warmup N] [--file FILE]

Builds REV (default HEAD) with make in a temporary git worktree, then serves FILE
(default bio.txt) from four servers at once: this tree's and REV's, each on platform
threads (a Java 17) and on virtual threads (the newest JDK 21+, if any), all with
--chunk 1000. Each run downloads with N curl clients at once (default 50) from each
server in turn, every copy SHA-256 checked; R runs (default 7) after one warm-up run of
--warmup clients (default N). Prints the median MiB/s of each server and, per thread
kind, this tree's median over REV's (1.00 = no change; 0.97 = 3% slower).

  --base REV     the commit to compare with (default HEAD: measures uncommitted changes)
  --clients N    curl clients at once per run (default 50)
  --runs R       counted runs per server (default 7)
  --warmup N     clients in the uncounted warm-up run (default: N; 0 for none)
  --file FILE    the file served (default $ROOT/bio.txt)

Writes: \$RESULTS_DIR/versus.csv (medians) and versus-runs.csv (every run).
EOF
}

base_rev=HEAD
clients=50
runs=7
warmup=
file=$ROOT/bio.txt
declare -A VALUE_OPTIONS=([--base]=base_rev [--clients]=clients [--runs]=runs [--warmup]=warmup [--file]=file)
declare -A FLAG_OPTIONS=()
parse_options "$@"
[[ $clients =~ ^[1-9][0-9]{0,3}$ ]] || usage_error "--clients must be a number from 1 to 9999, not '$clients'"
[[ $runs =~ ^[1-9][0-9]?$ ]] || usage_error "--runs must be a number from 1 to 99, not '$runs'"
warmup=${warmup:-$clients}
[[ $warmup =~ ^(0|[1-9][0-9]{0,3})$ ]] || usage_error "--warmup must be a number from 0 to 9999, not '$warmup'"
[[ -f $file ]] || die "no such file: $file"
base_commit=$(git -C "$ROOT" rev-parse --verify --quiet "$base_rev^{commit}") || die "--base: no such commit '$base_rev'"
command -v curl >/dev/null || die "curl is not installed"

bench_init
machine_info
base_tree=$BENCH_TMP/base
# The worktree is registered in the repository, so it is removed again on any exit.
remove_base_tree() {
  git -C "$ROOT" worktree remove --force "$base_tree" 2>/dev/null || true
  bench_cleanup
}
trap remove_base_tree EXIT
git -C "$ROOT" worktree add --quiet --detach "$base_tree" "$base_commit"
make -s -C "$base_tree" >"$BENCH_TMP/base-build.log" 2>&1 || die "building $base_rev failed: $(tail -n 5 "$BENCH_TMP/base-build.log")"
make -s -C "$ROOT" >/dev/null || die "building this tree failed (run make)"
echo "# base: $base_rev = $(git -C "$ROOT" log -1 --format='%h %s' "$base_commit" | cut -c 1-100)"
echo "# this tree: $(git -C "$ROOT" log -1 --format='%h' HEAD)$(git -C "$ROOT" diff --quiet HEAD -- src || echo ' + uncommitted changes in src/')"

platform_home=$(platform_jdk) || die "found no JDK for our server (set JAVA_HOME)"
servers=(this base)
declare -A home_of=([this]=$platform_home [base]=$platform_home) threads_of=([this]=platform [base]=platform)
if virtual_home=$(newest_jdk 21); then
  servers+=(this-virtual base-virtual)
  home_of+=([this-virtual]=$virtual_home [base-virtual]=$virtual_home)
  threads_of+=([this-virtual]=virtual [base-virtual]=virtual)
else
  echo "# skipped: the virtual-thread pair: no JDK 21+ (JAVA_HOME, PATH, /usr/lib/jvm)"
fi

www=$(serving_dir "$file")
name=${file##*/}
size=$(wc -c <"$www/$name")
digest=$(sha256_of "$www/$name")
echo "# file $name: $size bytes; $clients curl clients a run, $runs runs after a warm-up of $warmup"

declare -A port pid
for server in "${servers[@]}"; do
  root=$ROOT
  [[ $server != base* ]] || root=$base_tree
  port[$server]=$(free_port)
  echo "# $server: $(describe_java "${home_of[$server]}/bin/java"), --threads ${threads_of[$server]}"
  ROOT=$root BENCH_SERVER_JAVA_HOME=${home_of[$server]} \
    start_ours "${port[$server]}" "$www/$name" --chunk 1000 --threads "${threads_of[$server]}"
  pid[$server]=$SERVER_PID
  curl -sS --max-time 60 -o "$BENCH_TMP/check" "http://127.0.0.1:${port[$server]}/$name" ||
    die "$server: the check download failed"
  [[ $(sha256_of "$BENCH_TMP/check") == "$digest" ]] || die "$server: the check download differs from $name"
done

# one_run SERVER N: N curl downloads at once from SERVER; sets GOOD and run_curls' RUN_*.
one_run() {
  local received=$BENCH_TMP/received
  rm -rf "$received" "$received.errors"
  run_curls "$2" "http://127.0.0.1:${port[$1]}/$name" "$received"
  GOOD=$(count_verified "$received" 'curl_*' "$digest")
  ((GOOD == $2)) || echo "warning: $1: only $GOOD of $2 copies verified" >&2
}

if ((warmup > 0)); then
  for server in "${servers[@]}"; do
    one_run "$server" "$warmup"
  done
fi

runs_csv=$RESULTS_DIR/versus-runs.csv
csv_write "$runs_csv" "date,base,server,clients,run,seconds,mib_s,verified"
date_now=$(iso_date)
declare -A times verified
for ((run = 1; run <= runs; run++)); do
  # Each run starts with the other side first, so neither always follows the same one.
  order=("${servers[@]}")
  ((run % 2)) || order=(base this base-virtual this-virtual)
  for server in "${order[@]}"; do
    [[ -v "port[$server]" ]] || continue
    one_run "$server" "$clients"
    times[$server]+=" $RUN_SECONDS"
    verified[$server]=$((${verified[$server]:-0} + GOOD))
    csv_add "$runs_csv" "$date_now" "$base_commit" "$server" "$clients" "$run" "$RUN_SECONDS" \
      "$(mib_per_s $((clients * size)) "$RUN_SECONDS")" "$GOOD"
  done
done

summary_csv=$RESULTS_DIR/versus.csv
csv_write "$summary_csv" "date,base,server,clients,runs,median_s,mib_s,verified,expected"
printf '\n%-13s %9s %8s %9s\n' server 'median s' 'MiB/s' verified
declare -A rate
for server in "${servers[@]}"; do
  read -r -a t <<<"${times[$server]}"
  med=$(median "${t[@]}")
  rate[$server]=$(mib_per_s $((clients * size)) "$med")
  printf '%-13s %9.3f %8s %9s\n' "$server" "$med" "${rate[$server]}" "${verified[$server]}/$((clients * runs))"
  csv_add "$summary_csv" "$date_now" "$base_commit" "$server" "$clients" "$runs" "$med" "${rate[$server]}" \
    "${verified[$server]}" "$((clients * runs))"
done
echo
for kind in "" -virtual; do
  [[ -v "rate[this$kind]" ]] || continue
  value=$(ratio "${rate[this$kind]}" "${rate[base$kind]}")
  expected=$((clients * runs))
  if [[ ${verified[this$kind]} != "$expected" || ${verified[base$kind]} != "$expected" ]]; then
    value=nan # a failed copy voids the comparison
  fi
  echo "this tree / $base_rev, ${threads_of[this$kind]} threads: $value x (${rate[this$kind]}/${rate[base$kind]} MiB/s, $clients curl clients, median of $runs)"
done
