# shellcheck shell=bash
# shellcheck disable=SC2153 # ROOT and BENCH_TMP are set by bench/lib.sh, which sources this
# shellcheck disable=SC2034 # BASELINE_* are results for the script that sources this
# bench/lib.sh's part for a baseline: our server as another commit builds it, to run
# beside this tree's in the same run (peers.sh --baseline), started by start_ours with
# ROOT set to the baseline's tree, so that its own run_server.sh runs it.

# baseline_commit REV: sets BASELINE_COMMIT to the full commit that REV names in this
# repository; dies, saying why, if this is no git checkout or REV names no commit.
baseline_commit() {
  git -C "$ROOT" rev-parse --git-dir >/dev/null 2>&1 ||
    die "--baseline needs a git checkout, and $ROOT is not one"
  BASELINE_COMMIT=$(git -C "$ROOT" rev-parse --verify --quiet "$1^{commit}") ||
    usage_error "--baseline: no commit '$1' in $ROOT"
}

# baseline_tree: exports BASELINE_COMMIT (git archive, so the repository gains no
# worktree) into build/bench/baseline-<short commit>, builds it there with its own
# Makefile (`make all`: its javac flags, --release 17, as its run_server.sh would), and
# sets BASELINE_ROOT to the tree. A tree exported before for the same commit is reused:
# make rebuilds only what is missing. `make clean` removes it with the rest of build/.
# Builds this tree too (make all), so that both are compiled by the same javac when both
# need it, and neither build's output lands among the servers' start-up lines.
baseline_tree() {
  local dir log=$BENCH_TMP/baseline-build.log
  dir=$ROOT/build/bench/baseline-$(git -C "$ROOT" rev-parse --short "$BASELINE_COMMIT")
  # The commit is written last: a tree whose export was interrupted is never reused.
  if [[ $(cat "$dir/.commit" 2>/dev/null) != "$BASELINE_COMMIT" ]]; then
    rm -rf "$dir"
    mkdir -p "$dir"
    git -C "$ROOT" archive --format=tar "$BASELINE_COMMIT" | tar -x -C "$dir" ||
      die "exporting $BASELINE_COMMIT into $dir failed"
    echo "$BASELINE_COMMIT" >"$dir/.commit"
  fi
  make -s -C "$dir" all >"$log" 2>&1 ||
    die "building $BASELINE_COMMIT in $dir failed; the end of its output: $(tail -n 5 "$log")"
  make -s -C "$ROOT" all >"$log" 2>&1 || die "building this tree failed; the end of its output: $(tail -n 5 "$log")"
  BASELINE_ROOT=$dir
}

# describe_baseline REV: lines on the two builds compared: REV's commit and subject, and
# this tree's commit, also set in BASELINE_OURS (with "+src" when src/ has changes not
# committed); warns when the Makefiles' javac flags differ: the comparison is then not of the
# code alone.
describe_baseline() {
  local flags_before flags_ours
  BASELINE_OURS=$(git -C "$ROOT" rev-parse HEAD)
  [[ -z $(git -C "$ROOT" status --porcelain -- src) ]] || BASELINE_OURS+=+src
  echo "# before: --baseline $1, commit $BASELINE_COMMIT, in ${BASELINE_ROOT#"$ROOT"/}, built by its own Makefile"
  echo "#   \"$(git -C "$ROOT" log -1 --format='%s' "$BASELINE_COMMIT" | cut -c 1-100)\""
  echo "# ours: this tree, $BASELINE_OURS$([[ $BASELINE_OURS != *+src ]] || echo ' (+src: with uncommitted changes in src/)')"
  flags_before=$(grep -m 1 '^JAVAC_FLAGS' "$BASELINE_ROOT/Makefile" || true)
  flags_ours=$(grep -m 1 '^JAVAC_FLAGS' "$ROOT/Makefile" || true)
  if [[ $flags_before != "$flags_ours" ]]; then
    echo "# warning: the javac flags differ: before '$flags_before', ours '$flags_ours'"
  fi
}
