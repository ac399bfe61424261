# shellcheck shell=bash
# Scene: why bio.txt is line-numbered: a misplaced chunk cannot go unnoticed.
title "bio.txt is line-numbered, so a lost or reordered 1000-byte chunk shows in diff"

run "head -c 300 bio.txt; echo"
note "Make a bad copy: swap the 6th and 7th chunks (bytes 5000-5999 and 6000-6999)."
run "cp bio.txt swapped.txt"
run "dd if=bio.txt of=swapped.txt bs=1000 skip=6 seek=5 count=1 conv=notrunc status=none"
run "dd if=bio.txt of=swapped.txt bs=1000 skip=5 seek=6 count=1 conv=notrunc status=none"
run "ls -l bio.txt swapped.txt"
note "Same size, different order: cmp finds the first wrong byte; diff shows the jump in numbers."
run "cmp bio.txt swapped.txt"
expect "cmp finds the swap at byte 5001" contains <(cmp bio.txt swapped.txt) 'byte 5001'
note "diff (lines cut at 56 characters): the numbers say which lines moved; the swap also split"
note "a multi-byte character, shown as a replacement mark."
run "diff bio.txt swapped.txt | sed -E 's/^(.{56}).*/\\1.../'"
run "mkdir -p damaged && cp swapped.txt damaged/received_bio_1.txt && cp bio.txt damaged/received_bio_2.txt"
run "./check_diff.sh damaged"
expect "check_diff.sh fails on the damaged copy" test "$?" -eq 1
