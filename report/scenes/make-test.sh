# shellcheck shell=bash
# Scene: the whole test suite, JUnit and the end-to-end script test.
title "make test: JUnit, the server's tests again on virtual threads, then the scripts' tests" \
  "JUnit on ${SCENE_CLIENT_JAVA%%.*}, the server's tests again on ${SCENE_SERVER_JAVA%%.*} · e2e: $ON_SERVER, $ON_CLIENTS"

note "Takes a few minutes; the whole output, every test by name, goes to build/test.log; its summary lines are shown."
run "make test JUNIT_DETAILS=tree > build/test.log 2>&1; echo \"make test: exit status \$?\""
# Kept, not shown: the whole log, for build/report/transcripts/make-test.log.
cp build/test.log "$SCENE_OUT/make-test.log"
expect "make test passes" contains build/test.log '^e2e: [0-9]+ passed, 0 failed'
expect "no script check failed" test "$(grep -c -E '^(FAILED|not ok) ' build/test.log)" -eq 0
run "grep -E '^Test run finished|tests (found|skipped|aborted|successful|failed)|on virtual threads, on' build/test.log"
expect "no JUnit test failed" contains build/test.log '\[ +0 tests failed +\]'
note "The end-to-end tests of the scripts: each one's summary line (a failed check would show too):"
run "grep -E '^(FAILED|not ok) |^[a-z_0-9]+: [0-9]+ passed' build/test.log"
