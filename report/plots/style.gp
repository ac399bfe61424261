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
# One line type per server: colour, point and dash together, so lines that coincide still
# tell apart by their points and dashes (filled points for ours, open ones for the rest).
set linetype 1 lc "#1f3a5f" pt 7 dt 1
set linetype 2 lc "#d1495b" pt 5 dt 1
set linetype 3 lc "#2e8b57" pt 8 dt (8, 6)
set linetype 4 lc "#e08e0b" pt 11 dt 1
set linetype 5 lc "#6a4c93" pt 12 dt (2, 5)
set linetype 6 lc "#7f7f7f" pt 3 dt 1
set linetype 7 lc "#4f8fd0" pt 13 dt (14, 6)
set linetype 8 lc "#5a5a5a" pt 4 dt (4, 4)
set linetype 9 lc "#1f3a5f" pt 6 dt (10, 4, 2, 4)
server_type(s) = s eq "ours" ? 1 : s eq "nginx" ? 2 : s eq "python" ? 3 : s eq "naive" ? 4 : \
                 s eq "jwebserver" ? 5 : s eq "ours-virtual" ? 7 : s eq "yardstick" ? 8 : \
                 s eq "ours-64k" ? 9 : 6
# Our server's lines are drawn bold.
server_width(s) = (s eq "ours" || s eq "ours-virtual" || s eq "ours-64k") ? 4 : 1.75
server_label(s) = s eq "ours" ? "ours, 1000-byte writes, platform" : \
                  s eq "ours-virtual" ? "ours, 1000-byte writes, virtual" : \
                  s eq "ours-64k" ? "ours, 64 KiB writes, platform" : \
                  s eq "yardstick" ? "C yardstick, 1000-byte writes" : s eq "nginx" ? "nginx (sendfile)" : \
                  s eq "python" ? "python3 -m http.server" : s eq "naive" ? "naive Python, thread per client" : \
                  s eq "jwebserver" ? "JDK jwebserver" : s
