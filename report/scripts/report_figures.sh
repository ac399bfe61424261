#!/usr/bin/env bash
# Draws the report's figures and tables from their text sources and from the benchmark
# results, and writes the Markdown that shows them:
#   report/architecture.dot          -> report/figures/architecture.svg (Graphviz)
#   bench/results/NAME.csv           -> build/report/generated/bench-NAME.md, a table, and
#     + report/plots/NAME.gp            report/figures/NAME.png (gnuplot) when there is a plot
#   build/report/transcripts/clients-50.server.log (the server's log of the clients-50 scene)
#     + report/plots/timeline.gp     -> report/figures/timeline.png and
#                                       build/report/generated/timeline.md, which shows it
#   bench/results/goals.txt and logs -> build/report/generated/goals.md (report/scripts/goals_table.sh)
# A data set that is missing gets a fragment saying so instead, so the report still builds.
# Where each CSV came from is in build/report/bench-runs.tsv, which report/scripts/report.sh writes
# when it runs the benchmarks: NAME<TAB>command<TAB>start (UTC)<TAB>seconds.
set -euo pipefail

ROOT=$(readlink -f "$(dirname "${BASH_SOURCE[0]}")/../..")
# shellcheck source=../../scripts/common.sh
source "$ROOT/scripts/common.sh"

if wants_help "$@"; then
  echo "Usage: ${0##*/}"
  echo "Writes report/figures/ (architecture.svg, NAME.png, timeline.png) and"
  echo "build/report/generated/ (bench-*.md, timeline.md, goals.md)."
  exit 0
fi
(($# == 0)) || usage_error "takes no arguments"

# The data sets, their captions, tables and what each row is.
# shellcheck source=report_tables.sh
source "$ROOT/report/scripts/report_tables.sh"

results=$ROOT/bench/results
figures=$ROOT/report/figures
out=$ROOT/build/report/generated
runs=$ROOT/build/report/bench-runs.tsv
mkdir -p "$figures" "$out"

cd "$ROOT"
dot -Tsvg report/architecture.dot -o "$figures/architecture.svg"

# shellcheck disable=SC2016 # the backquotes are Markdown
# provenance NAME CSV: one sentence on when, how and where CSV was measured.
provenance() {
  local name=$1 csv=$2 command='' start='' seconds='' load='' dated
  if [[ -f $runs ]]; then
    IFS=$'\t' read -r _ command start seconds load _ < <(awk -F'\t' -v n="$name" '$1 == n' "$runs" | tail -n 1) || true
  fi
  dated=$(awk -F, 'NR == 2 { print $1; exit }' "$csv")
  # The benchmark's own log starts with "# date | machine | JDK | kernel | load average".
  local machine=
  if [[ -f ${csv%.csv}.log ]]; then
    machine=$(sed -n '1s/^# //p' "${csv%.csv}.log")
  fi
  if [[ -n $command ]]; then
    printf 'Measured by `%s`, started %s, %s s%s, as part of `make report`, on the machine named in [How the report is made](#how-the-report-is-made). Data: `%s`.\n' \
      "$command" "$start" "$seconds" "${load:+", load average $load at the start"}" "${csv#"$ROOT"/}"
  elif [[ -f $runs ]]; then
    printf 'Data: `%s`, from the benchmark run that began measuring at %s; no benchmark of this `make report` measured it again.\n' \
      "${csv#"$ROOT"/}" "${dated:-(no date)}"
  else
    printf 'Data: `%s`, from the benchmark run that began measuring at %s; not re-measured by this `make report`, which kept the last benchmarks (REPORT_BENCH=0).\n' \
      "${csv#"$ROOT"/}" "${dated:-(no date)}"
  fi
  if [[ -n $machine ]]; then
    printf 'The script'"'"'s log began: %s.\n' "$machine"
  fi
}

# template_table CSV SPEC: a Markdown table with a column per "Header={column}..." cell of
# SPEC (cells separated by |), each {column} replaced by that column's value in the row.
template_table() {
  awk -F, -v spec="$2" '
    NR == 1 {
      for (i = 1; i <= NF; i++) col[$i] = i
      n = split(spec, cells, "|")
      line = "|"; rule = "|"
      for (k = 1; k <= n; k++) {
        eq = index(cells[k], "=")
        head[k] = substr(cells[k], 1, eq - 1); body[k] = substr(cells[k], eq + 1)
        line = line " " head[k] " |"; rule = rule (k == 1 ? "---|" : "---:|")
      }
      print line; print rule
      next
    }
    {
      line = "|"
      for (k = 1; k <= n; k++) {
        text = body[k]; out = ""; known = 0; fields = 0
        while (match(text, /\{[a-z_0-9]+\}/)) {
          name = substr(text, RSTART + 1, RLENGTH - 2)
          value = (name in col) ? $col[name] : "?"
          fields++
          if (value != "" && value != "-") known = 1
          out = out substr(text, 1, RSTART - 1) (value == "" ? "–" : value)
          text = substr(text, RSTART + RLENGTH)
        }
        # A cell none of whose columns applies to the row (all "-" or empty) is one dash.
        line = line " " (known || !fields ? out text : "–") " |"
      }
      print line
    }' "$1"
}

# csv_table CSV: the CSV as a Markdown table, without its date column.
csv_table() {
  awk -F, '
    NR == 1 { for (i = 1; i <= NF; i++) keep[i] = ($i != "date"); }
    {
      line = "|"
      for (i = 1; i <= NF; i++) if (keep[i]) line = line " " ($i == "" ? "–" : $i) " |"
      print line
      if (NR == 1) {
        line = "|"
        for (i = 1; i <= NF; i++) if (keep[i]) line = line (NR == 1 && i > 2 ? "---:|" : "---|")
        print line
      }
    }' "$1"
}

# peers_table CSV: clients down, servers across, median seconds (slowest run) in each cell.
peers_table() {
  awk -F, '
    NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
    {
      s = $col["server"]; n = $col["clients"] + 0
      if (!(s in seen)) { seen[s] = 1; servers[++ns] = s }
      if (!(n in seenn)) { seenn[n] = 1; clients[++nc] = n }
      cell[s, n] = $col["median_s"] " (" $col["max_s"] ")"
      ok[s, n] = $col["verified"] "/" $col["expected"]
    }
    END {
      # clients in increasing order
      for (i = 1; i <= nc; i++) for (j = i + 1; j <= nc; j++) if (clients[j] < clients[i]) { t = clients[i]; clients[i] = clients[j]; clients[j] = t }
      line = "| clients |"; rule = "|---:|"
      for (k = 1; k <= ns; k++) { line = line " " servers[k] " |"; rule = rule "---:|" }
      print line; print rule
      for (i = 1; i <= nc; i++) {
        line = "| " clients[i] " |"
        for (k = 1; k <= ns; k++) line = line " " ((servers[k], clients[i]) in cell ? cell[servers[k], clients[i]] : "–") " |"
        print line
      }
    }' "$1"
}

# peers_file_bytes CSV: the size of the file the clients downloaded: the CSV's bytes
# column if it has one, else bio.txt's (bench/peers.sh serves bio.txt unless told otherwise).
peers_file_bytes() {
  local bytes
  bytes=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "bytes") c = i; next } c { print $c; exit }' "$1")
  echo "${bytes:-$(wc -c <"$ROOT/bio.txt")}"
}

# shellcheck disable=SC2016 # the backquotes are Markdown
# peers_caption CSV: CAPTION[peers] with the file's size, and a sentence for each server
# whose line stops short of the largest number of clients, saying why where it is known.
peers_caption() {
  local mib
  mib=$(awk -v b="$(peers_file_bytes "$1")" 'BEGIN { printf "%g", b / 1048576 }')
  printf '%s' "${CAPTION[peers]//\{MIB\}/$mib}"
  awk -F, '
    NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
    {
      s = $col["server"]; n = $col["clients"] + 0
      if (!(s in most)) order[++k] = s
      if (!(s in most) || n > most[s]) most[s] = n
      if (n > all) all = n
    }
    END {
      for (i = 1; i <= k; i++) {
        s = order[i]
        if (most[s] >= all) continue
        if (s == "naive")
          printf " The naive Python server runs up to %d clients only (`bench/peers.sh --naive-max`, default 50: at 200 clients it takes half a minute a run), so its line stops there.", most[s]
        else
          printf " %s has no point beyond %d clients.", s, most[s]
      }
      if (!("ours-64k" in most))
        printf " No line for our server with 64 KiB writes: this data set was measured before bench/peers.sh ran it."
    }' "$1"
}

# peers_servers CSV: one sentence per server in CSV, in its order, saying what it is.
peers_servers() {
  local server
  while read -r server; do
    printf ' **%s**: %s.' "$server" "${PEER[$server]:-a server bench/peers.sh ran}"
  done < <(awk -F, 'NR > 1 && !seen[$2]++ { print $2 }' "$1")
}

# The timeline of the clients-50 scene, from the server's log that the scene kept: the
# figure and build/report/generated/timeline.md, which shows it with its caption.
timeline() {
  local log=$ROOT/build/report/transcripts/clients-50.server.log
  local fragment=$out/timeline.md rows=$out/timeline.csv in_flight=$out/timeline-in-flight.csv
  local why=
  if [[ ! -s $log ]]; then
    why="was not kept (report/scripts/screenshots.sh clients-50 keeps it)"
  elif ! "$ROOT/report/scripts/timeline.sh" "$log" >"$rows" 2>"$out/timeline.err"; then
    why="holds no transfer line"
  fi
  if [[ -n $why ]]; then
    # shellcheck disable=SC2016 # the backquotes are Markdown
    printf '*No timeline in this run: the server log of the fifty-client scene, `%s`, %s.*\n' \
      "${log#"$ROOT"/}" "$why" >"$fragment"
    rm -f "$figures/timeline.png"
    echo "figures: no timeline: ${log#"$ROOT"/} $why; wrote a placeholder"
    return 0
  fi
  "$ROOT/report/scripts/timeline.sh" --in-flight "$log" >"$in_flight"
  local transfers peak span last_accept first_end
  # shellcheck disable=SC2034 # each line of the summary is read, the unused ones too
  {
    read -r _ transfers
    read -r _ peak
    read -r _ span
    read -r _ last_accept
    read -r _ first_end
  } < <("$ROOT/report/scripts/timeline.sh" --summary "$log")
  gnuplot -e "rows='$rows'; in_flight='$in_flight'; out='$figures/timeline.png'" report/plots/timeline.gp
  local caption="The fifty-client run of the screenshots (\`./run_clients.sh 50\`) as the server logged it: one bar per transfer, from the moment the server accepted the connection to the moment it logged the transfer's end (after the last byte, once the client had closed), in order of accept; the clock starts at the first accept. $transfers transfers in $span s"
  if awk -v a="$last_accept" -v e="$first_end" 'BEGIN { exit !(a < e) }'; then
    caption+="; the last was accepted at $last_accept s, before the first ended at $first_end s, so in the shaded stretch all $transfers were in flight at once"
  fi
  caption+=". Below: how many transfers were in flight at each moment (peak $peak)."
  printf '![%s](report/figures/timeline.png){width=72%%}\n' "$caption" >"$fragment"
  echo "figures: timeline from ${log#"$ROOT"/}"
}

for name in "${DATASETS[@]}"; do
  csv=$results/$name.csv
  fragment=$out/bench-$name.md
  if [[ ! -s $csv ]]; then
    # shellcheck disable=SC2016 # the backquotes are Markdown
    printf '*Not measured in this run: `bench/results/%s.csv` was not produced.*\n' "$name" >"$fragment"
    rm -f "$figures/$name.png"
    echo "figures: no $csv; wrote a placeholder"
    continue
  fi
  {
    if [[ $name == peers ]]; then
      gnuplot -e "csv='$csv'; out='$figures/$name.png'; bytes=$(peers_file_bytes "$csv")" "report/plots/$name.gp"
      printf '![%s](report/figures/%s.png){width=78%%}\n\n' "$(peers_caption "$csv")" "$name"
    elif [[ -f report/plots/$name.gp ]]; then
      gnuplot -e "csv='$csv'; out='$figures/$name.png'" "report/plots/$name.gp"
      # Five bars need less room than the peers' lines: the chunks plot is drawn smaller.
      printf '![%s](report/figures/%s.png){width=%s}\n\n' "${CAPTION[$name]:-$name}" "$name" \
        "$([[ $name == chunks ]] && echo 62% || echo 82%)"
    fi
    printf '::: provenance\n%s\n:::\n\n' "$(provenance "$name" "$csv")"
    table=${TABLE[$name]:-}
    # A div around caption and table, so the stylesheet can tell the benchmark tables.
    # A table may start at the foot of a page and go on over the next (its header
    # repeats) rather than take its heading and paragraph along and leave half a page
    # empty behind a tall plot or screenshot.
    if [[ $table == pivot ]]; then
      echo '::: {.bench-table .pivot .long-table}'
    else
      echo '::: {.bench-table .long-table}'
    fi
    if [[ $name == peers ]]; then
      printf ': %s%s\n\n' "${TABLE_CAPTION[peers]}" "$(peers_servers "$csv")"
    elif [[ -n ${TABLE_CAPTION[$name]:-} ]]; then
      printf ': %s\n\n' "${TABLE_CAPTION[$name]}"
    fi
    if [[ $table == pivot ]]; then
      peers_table "$csv"
    elif [[ -n $table ]]; then
      template_table "$csv" "$table"
    else
      csv_table "$csv"
    fi
    printf '\n:::\n\n'
  } >"$fragment"
  echo "figures: $name from ${csv#"$ROOT"/}"
done

timeline

# The goals, met and missed, for the performance appendix (<!-- include: goals.md -->).
"$ROOT/report/scripts/goals_table.sh" "$results" >"$out/goals.md"
echo "figures: goals from ${results#"$ROOT"/}/goals.txt"

# The send loop and the append loop the report quotes (build/report/generated/code-loops.md).
"$ROOT/report/scripts/code_excerpts.sh" "$out"
