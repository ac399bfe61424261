# The look shared by the report's plots: PNG at twice the size it is printed (WeasyPrint 57
# cannot draw gnuplot's SVG markers), DejaVu Sans, colours that stay apart when printed in
# grey, and one colour per server across every plot.
set terminal pngcairo size 1520,840 font "DejaVu Sans,22" linewidth 2 background "#ffffff"
set datafile separator ","
set datafile columnheaders
set grid xtics ytics lc "#dddddd" lw 1 dt 1
set border 3 lc "#444444"
set tics nomirror
set format y "%g"
set linetype 1 lc "#1f3a5f" pt 7
set linetype 2 lc "#d1495b" pt 5
set linetype 3 lc "#2e8b57" pt 9
set linetype 4 lc "#e08e0b" pt 11
set linetype 5 lc "#6a4c93" pt 13
set linetype 6 lc "#7f7f7f" pt 3
server_type(s) = s eq "ours" ? 1 : s eq "nginx" ? 2 : s eq "python" ? 3 : s eq "naive" ? 4 : s eq "jwebserver" ? 5 : 6
server_label(s) = s eq "ours" ? "ours (writes of 1000 bytes)" : s eq "nginx" ? "nginx (sendfile)" : \
                  s eq "python" ? "python3 -m http.server" : s eq "naive" ? "naive Python, a thread per client" : \
                  s eq "jwebserver" ? "JDK jwebserver" : s
