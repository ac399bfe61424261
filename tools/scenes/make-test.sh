# shellcheck shell=bash
# Scene: the whole test suite, JUnit and the end-to-end script test.
title "make test: the JUnit suite, then the end-to-end test of the scripts"

note "Takes a minute or two; the whole output goes to test.log, and its summary lines are shown."
run "make test > test.log 2>&1; echo \"make test: exit status \$?\""
# Kept, not shown: the whole log, for build/report/transcripts/make-test.log.
cp test.log "$SCENE_OUT/make-test.log"
expect "make test passes" contains test.log '^e2e: [0-9]+ passed, 0 failed'
expect "no script check failed" test "$(grep -c -E '^(FAILED|not ok) ' test.log)" -eq 0
run "grep -E '^Test run finished|tests (found|successful|skipped|failed)' test.log"
expect "no JUnit test failed" contains test.log '\[ +0 tests failed +\]'
note "The script checks, without the --help and unknown-option check of every script:"
run "grep -E '^(ok|FAILED|not ok) |^[a-z_0-9]+: [0-9]+ passed' test.log | grep -v -E 'prints its usage|refuses an unknown option'"
note "Those, counted instead of listed:"
run "grep -c -E '^ok - .*(prints its usage|refuses an unknown option)' test.log"
