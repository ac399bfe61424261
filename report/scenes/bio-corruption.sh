# shellcheck shell=bash
# Scene: why bio.txt is line-numbered: a misplaced chunk cannot go unnoticed.
title "bio.txt is line-numbered, so a lost or reordered 1000-byte chunk shows in diff" \
  "no server or client runs here: dd, cmp and diff on copies of bio.txt"

note "A bad copy: swap the 6th and 7th chunks (bytes 5000-5999 and 6000-6999)."
run "cp bio.txt swapped.txt"
run "dd if=bio.txt of=swapped.txt bs=1000 skip=6 seek=5 count=1 conv=notrunc status=none"
run "dd if=bio.txt of=swapped.txt bs=1000 skip=5 seek=6 count=1 conv=notrunc status=none"
note "Same size, different order: cmp finds the first wrong byte."
run "cmp bio.txt swapped.txt"
expect "cmp finds the swap at byte 5001" contains <(cmp bio.txt swapped.txt) 'byte 5001'
note "diff, cut to each line's first 9 characters (its number) and put on one line:"
note "lines 43-51 now come after line 61."
run "diff bio.txt swapped.txt | cut -c 1-9 | tr '\\n' ' '; echo"
expect "diff moves lines 43-51 after line 61" \
  contains <(diff bio.txt swapped.txt | cut -c 1-9 | tr '\n' ' ') '> 0000061 > 0000043 '
# The scratch folder goes afterwards, as a person would tidy up: the scenes share one copy
# of the bundle, and a folder left in it would be a folder README's layout does not name.
on_exit "rm -rf damaged"
run "mkdir -p damaged && cp swapped.txt damaged/received_bio_1.txt && cp bio.txt damaged/received_bio_2.txt"
run "./check_diff.sh damaged"
expect "check_diff.sh fails on the damaged copy" test "$?" -eq 1
