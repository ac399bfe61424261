# Throughput against clients at once, one line per server, from bench/results/peers.csv
# (columns used: server, clients, median_s, min_s, max_s). Throughput is every byte the
# clients received over the time until the last copy was verified:
#   MiB/s = clients x file bytes / 1048576 / seconds
# so the point is the median run and the bar spans the slowest to the fastest run.
# Run by report/scripts/report_figures.sh as:
#   gnuplot -e "csv='...'; out='...'; bytes=FILE_BYTES" peers.gp
load "report/plots/style.gp"
set terminal pngcairo size 1520,900
set output out

mib_s(seconds) = column("clients") * bytes / 1048576.0 / seconds

# x on a log scale, since the client counts grow by a factor each (1, 10, 50, 200):
# linear, 1 and 10 would sit on top of each other; ticks only where there are
# measurements. y linear from 0 to a little above the fastest run.
stats csv using "clients" nooutput
xmin = STATS_min
xmax = STATS_max
stats csv using (mib_s(column("min_s"))) nooutput
ymax = STATS_max
set logscale x
set xrange [xmin / 1.35 : xmax * 1.35]
set yrange [0 : 1.08 * ymax]
clients = system("awk -F, 'NR > 1 { print $3 }' " . csv . " | sort -n -u | tr '\\n' ' '")
set xtics ()
do for [c in clients] { set xtics add (c c + 0) }
set mxtics 1

set xlabel "clients downloading at once (log scale)"
set ylabel "MiB/s, all clients together"
# The legend below the plot, never over a point.
set key outside below center horizontal maxcols 2 reverse Left width -1 samplen 3 spacing 1.1 font ",20" noopaque nobox title " "

servers = system("awk -F, 'NR > 1 && !seen[$2]++ { printf \"%s \", $2 }' " . csv)
only(s) = sprintf("< awk -F, -v s=%s 'NR == 1 || $2 == s' %s", s, csv)
plot for [s in servers] only(s) using "clients":(mib_s(column("median_s"))):(mib_s(column("max_s"))):(mib_s(column("min_s"))) \
     with yerrorlines lt server_type(s) lw server_width(s) ps 2.2 title server_label(s)
