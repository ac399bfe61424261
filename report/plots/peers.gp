# Clients at once vs time until the last copy is verified, one line per server, from
# bench/results/peers.csv (columns used: server, clients, median_s, min_s, max_s).
# Run by tools/report_figures.sh as: gnuplot -e "csv='...'; out='...'" peers.gp
load "report/plots/style.gp"
set output out
set key top left box opaque
set logscale xy
set xlabel "clients downloading at once"
set ylabel "seconds until the last copy is verified"
set xtics (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000)
servers = system("awk -F, 'NR > 1 && !seen[$2]++ { printf \"%s \", $2 }' " . csv)
only(s) = sprintf("< awk -F, -v s=%s 'NR == 1 || $2 == s' %s", s, csv)
plot for [s in servers] only(s) using "clients":"median_s":"min_s":"max_s" \
     with yerrorlines lt server_type(s) lw (s eq "ours" ? 3 : 1.5) pt 7 ps 1.2 title server_label(s)
