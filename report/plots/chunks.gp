# Throughput by bytes per write, from bench/results/chunks.csv (columns used: mode,
# mib_s, min_mib_s, max_mib_s): one bar per mode (chunk-1000 ... and nginx).
# Run by report/scripts/report_figures.sh as: gnuplot -e "csv='...'; out='...'" chunks.gp
load "report/plots/style.gp"
set output out
set style fill solid 0.85 border lc "#333333"
set boxwidth 0.6
set yrange [0:*]
set offsets 0, 0, graph 0.1, 0
set grid noxtics
set xlabel "bytes per socket write"
set ylabel "MiB/s, all connections together"
set key off
name(m) = m eq "nginx" ? "nginx (sendfile)" : m eq "zero-copy" ? "--zero-copy" : substr(m, 7, strlen(m))
# Each bar's value stands above the higher of the bar and its whisker, never struck through.
top(median, fastest) = fastest > median ? fastest : median
colour(m) = m eq "nginx" ? 0xd1495b : m eq "chunk-1000" ? 0x1f3a5f : 0x7f9cbf
plot csv using 0:"mib_s":(colour(strcol("mode"))):xtic(name(strcol("mode"))) with boxes lc rgb variable, \
     "" using 0:"mib_s":"min_mib_s":"max_mib_s" with yerrorbars lc "#333333" pt -1 lw 1.5, \
     "" using 0:(top(column("mib_s"), column("max_mib_s"))):(sprintf("%.0f", column("mib_s"))) \
        with labels offset 0,1 font ",20"
