# shellcheck shell=bash
# Scene: one copy checked with the plain tools the assignment names.
title "diff, cmp and sha256sum: one copy, byte for byte" \
  "no server or client runs here: it compares a copy made in scene clients-50"

note "diff prints nothing and exits 0 when the files are the same."
run "diff bio.txt received/received_bio_7.txt"
expect "diff finds no difference" diff -q bio.txt received/received_bio_7.txt
run 'echo "diff exit status: $?"'
run "cmp bio.txt received/received_bio_7.txt && echo 'cmp: no byte differs'"
run "ls -l bio.txt received/received_bio_7.txt received/received_bio_50.txt"
run "sha256sum bio.txt received/received_bio_7.txt received/received_bio_50.txt"
note "The digest the server computed at start-up, and announced in every response:"
run "grep -o 'sha256 [0-9a-f]*' server.log | head -n 1"
expect "the server's digest matches" test "$(grep -o 'sha256 [0-9a-f]*' server.log | head -n 1 | cut -d' ' -f2)" = "$(sha256sum < bio.txt | cut -d' ' -f1)"
