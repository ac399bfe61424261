# shellcheck shell=bash
# Scene: check_diff.sh, then diff itself, over the 50 copies that clients-50 made.
title "./check_diff.sh, then diff itself: every received copy compared with bio.txt" \
  "copies from the scene before, ./run_clients.sh 50 · $ON_SERVER · $ON_CLIENTS"

note "The copies: one file per client id, each the size of bio.txt:"
run "ls received | wc -l; ls -l received | head -n 4"
expect "50 copies" test "$(find received -name 'received_bio_*.txt' | wc -l)" -eq 50
note "check_diff.sh prints one verdict a copy (here only the last 3), then the count:"
run "./check_diff.sh | tail -n 4"
expect "check_diff.sh succeeds" test "$?" -eq 0
expect "50 of 50 identical" contains <(./check_diff.sh) '^50 of 50 identical$'
note "diff itself on each copy: it prints nothing, and exits 0, when the files are the same."
# shellcheck disable=SC2016 # the command runs as shown, with its own variables
run 'same=0; all=0; for copy in received/received_bio_*.txt; do all=$((all + 1)); diff bio.txt "$copy" && same=$((same + 1)); done; echo "$same of $all: diff printed nothing and exited 0"'
# shellcheck disable=SC2154 # same and all: set by the command above
expect "diff finds all 50 the same" test "$same" -eq 50 -a "$all" -eq 50
