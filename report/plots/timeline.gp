# The 50-client run as the server saw it: one bar per transfer, from accept to the line the
# server logged when it ended, in order of accept (the first at the top). Below, how many
# transfers were in flight at each moment. Data from report/scripts/timeline.sh, which reads the
# server's log:
#   rows:      order,id,peer,status,bytes,start_s,end_s,seconds
#   in_flight: seconds,in_flight
# Run by report/scripts/report_figures.sh as:
#   gnuplot -e "rows='...'; in_flight='...'; out='...'" timeline.gp
load "report/plots/style.gp"
set terminal pngcairo size 1520,1080
set output out

stats rows using "order" nooutput
n = STATS_max
stats rows using "start_s" nooutput
last_accept = STATS_max
stats rows using "end_s" nooutput
first_end = STATS_min
span = STATS_max
stats in_flight using "in_flight" nooutput
peak = STATS_max

set xrange [0 : span * 1.02]
set multiplot

# The bars.
set lmargin at screen 0.11
set rmargin at screen 0.97
set tmargin at screen 0.93
set bmargin at screen 0.375
set yrange [n + 0.8 : 0.2]
if (n >= 20) { set ytics 10 } else { set ytics 1 }
set ytics add (1)
set grid noytics
set format x ""
set xlabel ""
set ylabel "transfer, in order of accept"
set key off
# Where every transfer was in flight at once: after the last accept, before the first end.
if (last_accept < first_end) {
  set object 1 rect from last_accept, graph 0 to first_end, graph 1 behind \
      fc rgb "#f3d9a4" fs solid 1.0 noborder
  set label 1 sprintf("all %d in flight", n) at (last_accept + first_end) / 2, graph 1 \
      center offset 0, 0.8 font ",20" front
}
set style fill solid 1.0 noborder
plot rows using (column("start_s") + column("end_s")) / 2 : "order" : \
     ((column("end_s") - column("start_s")) / 2) : (0.36) with boxxyerror lc "#1f3a5f"

# The count in flight.
unset object 1
unset label 1
set tmargin at screen 0.345
set bmargin at screen 0.12
set yrange [0 : ceil(peak * 1.3)]
set ytics autofreq
set grid ytics
set format x "%g"
set xlabel "seconds since the server accepted the first connection"
set ylabel "in flight"
set label 2 sprintf("peak: %d at once", peak) at graph 0.99, graph 0.97 right font ",20" front
plot in_flight using "seconds":"in_flight" with steps lw 2 lc "#d1495b"
unset multiplot
