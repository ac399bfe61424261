# shellcheck shell=bash
# Scene: check_diff.sh over the copies that clients-50 made.
title "./check_diff.sh: every received copy compared with bio.txt"

run "./check_diff.sh"
expect "check_diff.sh succeeds" test "$?" -eq 0
expect "50 of 50 identical" contains <(./check_diff.sh) '^50 of 50 identical$'
