# shellcheck shell=bash
# shellcheck disable=SC2154 # the settings and tallies below are bench/peers.sh's
# bench/peers.sh's report, once every run is made: the table of medians per server and N
# (peers.csv) and the goal lines at 50 clients (with --baseline, peers-baseline.csv too).
# Sourced by peers.sh only; reads its settings (servers, clients, runs, size, date_now,
# baseline, platform_feature, virtual_feature, runs_csv), its measured(), and what its
# runs gathered per "SERVER N": times, server_cpu, client_cpu (space-separated, one per
# run) and verified_total.

# Per "SERVER N": the MiB/s and the median seconds, set by summary_table.
declare -A rate median_s
goal_n=50
goal_lines=0

# summary_table: prints the medians, min and max per server and N, and writes peers.csv.
summary_table() {
  local summary_csv=$RESULTS_DIR/peers.csv n server key med low high expected
  local -a t sc cc
  csv_write "$summary_csv" "date,server,clients,runs,median_s,min_s,max_s,mib_s,server_cpu_s,client_cpu_s,verified,expected"
  printf '\n%-14s %7s %9s %8s %8s %8s %12s %12s %11s\n' server clients 'median s' 'min s' 'max s' 'MiB/s' \
    'server CPU s' 'client CPU s' verified
  for n in "${clients[@]}"; do
    for server in "${servers[@]}"; do
      measured "$server" "$n" || continue
      key="$server $n"
      read -r -a t <<<"${times[$key]}"
      med=$(median "${t[@]}")
      median_s[$key]=$med
      low=$(printf '%s\n' "${t[@]}" | sort -g | head -n 1)
      high=$(printf '%s\n' "${t[@]}" | sort -g | tail -n 1)
      read -r -a sc <<<"${server_cpu[$key]}"
      read -r -a cc <<<"${client_cpu[$key]}"
      rate[$key]=$(mib_per_s $((n * size)) "$med")
      expected=$((n * runs))
      printf '%-14s %7d %9.3f %8.3f %8.3f %8s %12.2f %12.2f %11s\n' "$server" "$n" "$med" "$low" "$high" \
        "${rate[$key]}" "$(median "${sc[@]}")" "$(median "${cc[@]}")" "${verified_total[$key]}/$expected"
      csv_add "$summary_csv" "$date_now" "$server" "$n" "$runs" "$med" "$low" "$high" "${rate[$key]}" \
        "$(median "${sc[@]}")" "$(median "${cc[@]}")" "${verified_total[$key]}" "$expected"
    done
  done
  echo "(MiB/s: clients x $size bytes / median seconds; CPU: medians per run; wrote $summary_csv, $runs_csv)"
}

# all_verified SERVER N: true if every copy from SERVER with N clients was verified.
all_verified() {
  ((${verified_total["$1 $2"]:-0} == $2 * runs))
}

# ratio_goal ID TEXT MINE OTHER OP TARGET [DECIMALS]: the goal line for MINE's speed over
# OTHER's at goal_n clients (OTHER's median seconds / MINE's: the same bytes), "nan" if any
# copy from either failed, also in GOAL_VALUE; nothing if either was not measured. Three
# decimals by default, so that a ratio just under a target of two decimals (0.947 against
# 0.95) is printed, and judged, as under it rather than rounded up to it.
ratio_goal() {
  local id=$1 text=$2 mine=$3 other=$4 op=$5 target=$6
  [[ -v "median_s[$mine $goal_n]" && -v "median_s[$other $goal_n]" ]] || return 0
  GOAL_VALUE=$(ratio "${median_s[$other $goal_n]}" "${median_s[$mine $goal_n]}" "${7:-3}")
  if ! all_verified "$mine" $goal_n || ! all_verified "$other" $goal_n; then
    GOAL_VALUE=nan # a failed copy voids the comparison
  fi
  goal "$id" "$text" "$GOAL_VALUE" "$op" "$target" x
  goal_lines=$((goal_lines + 1))
}

# baseline_goal ID MINE BEFORE KIND JAVA: issue 20's goal line, MINE within 3% of BEFORE
# (to 3 decimals: 0.965 is not within 3%), and its row in peers-baseline.csv.
baseline_goal() {
  [[ -v "median_s[$2 $goal_n]" && -v "median_s[$3 $goal_n]" ]] || return 0
  ratio_goal "$1" "$2 vs before $baseline ($4) $(rates "$2" "$3"), $goal_n curl, Java $5" "$2" "$3" ">=" 0.97 3
  csv_add "$RESULTS_DIR/peers-baseline.csv" "$date_now" "$BASELINE_OURS" "$BASELINE_COMMIT" "$4" $goal_n "$runs" \
    "${median_s[$2 $goal_n]}" "${median_s[$3 $goal_n]}" "$GOAL_VALUE" 0.97
}

# rates MINE OTHER: "225/250 MiB/s", their MiB/s at goal_n clients.
rates() {
  echo "${rate[$1 $goal_n]:-?}/${rate[$2 $goal_n]:-?} MiB/s"
}

# goal_report: the goal lines at goal_n clients, or a line saying why there are none.
goal_report() {
  if [[ " ${clients[*]} " != *" $goal_n "* ]]; then
    echo "(the goals need --clients to include $goal_n)"
    return
  elif [[ ! -v "rate[ours $goal_n]" && ! -v "rate[ours-virtual $goal_n]" ]]; then
    echo "(the goals need --servers to include ours or ours-virtual)"
    return
  fi
  ratio_goal 2a "engine: ours/nginx MiB/s, $goal_n curl clients" ours nginx ">=" 0.9
  ratio_goal 2b "engine: ours/naive Python MiB/s, $goal_n curl clients" ours naive ">=" 2
  # The chunk rule's own cost, on each thread kind: the yardstick obeys it too.
  ratio_goal 2c "ours/yardstick $(rates ours yardstick), $goal_n curl, Java $platform_feature platform" \
    ours yardstick ">=" 0.95
  ratio_goal 2d "ours-virtual/yardstick $(rates ours-virtual yardstick), $goal_n curl, Java $virtual_feature virtual" \
    ours-virtual yardstick ">=" 0.95
  # Issue 20: the status page's cost, against the build before it, on each thread kind.
  if [[ -n $baseline ]]; then
    csv_write "$RESULTS_DIR/peers-baseline.csv" \
      "date,ours,before,threads,clients,runs,ours_median_s,before_median_s,ratio,target"
    baseline_goal 20a ours before platform "$platform_feature"
    baseline_goal 20b ours-virtual before-virtual virtual "$virtual_feature"
  fi
  if ((goal_lines == 0)); then
    echo "(no goal line: the goals compare ours with nginx, naive, yardstick or before, and none of them ran)"
  fi
}
