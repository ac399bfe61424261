# shellcheck shell=bash
# bench/lib.sh's part for the figures: medians, rates, ratios, goal lines and CSV.

# median NUMBERS...: prints the median.
median() {
  printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 }
    END { if (NR == 0) print "nan"; else if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# mib_per_s BYTES SECONDS
mib_per_s() {
  awk -v b="$1" -v s="$2" 'BEGIN { printf "%.0f", (s > 0 ? b / 1048576 / s : 0) }'
}

# ratio A B [DECIMALS]: prints A / B with DECIMALS decimals, default 2 ("nan" if B is 0 or
# missing).
ratio() {
  awk -v a="$1" -v b="$2" -v d="${3:-2}" 'BEGIN { if (b + 0 == 0) print "nan"; else printf "%." d "f", a / b }'
}

# meets VALUE OP TARGET: true if VALUE OP TARGET holds (OP is <= or >=).
meets() {
  awk -v v="$1" -v op="$2" -v t="$3" 'BEGIN {
    if (v == "nan" || v == "") exit 1
    exit !((op == "<=") ? (v + 0 <= t + 0) : (v + 0 >= t + 0)) }'
}

# goal ID TEXT VALUE OP TARGET [UNIT]: prints one goal line: what was measured, the target
# and whether it is met, e.g. "goal 1   main job, ours / nginx+curl    3.20x   target <= 2.5x   MISSED".
goal() {
  local id=$1 text=$2 value=$3 op=$4 target=$5 unit=${6:-}
  local verdict=MISSED
  if meets "$value" "$op" "$target"; then
    verdict=met
  fi
  printf 'goal %-4s %-52s %10s   target %s %s%s   %s\n' "$id" "$text" "$value$unit" "$op" "$target" "$unit" "$verdict"
}

# csv_write FILE HEADER: starts FILE with the header line (the latest run replaces it).
csv_write() {
  printf '%s\n' "$2" >"$1"
}

# csv_add FILE FIELDS...: appends one comma-separated row.
csv_add() {
  local file=$1
  shift
  local IFS=,
  printf '%s\n' "$*" >>"$file"
}

# iso_date: the date in the CSV rows.
iso_date() {
  date -u '+%Y-%m-%dT%H:%M:%SZ'
}
