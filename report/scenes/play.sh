#!/usr/bin/env bash
# Plays one scene inside the terminal that report/scripts/screenshots.sh opened: runs
# report/scenes/NAME.sh in the bundle copy, copies everything it prints to
# $SCENE_OUT/NAME.txt and shows it word-wrapped (wrap_words.py: a long line is broken
# at a space, not mid-word as the terminal would break it), writes its exit status to
# $SCENE_OUT/NAME.status (the sign for screenshots.sh to take the picture), then waits
# to be closed.
set -uo pipefail

here=$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")
if [[ ${1:-} == --help || ${1:-} == -h ]]; then
  echo "Usage: ${0##*/} SCENE"
  echo "Plays report/scenes/SCENE.sh in the terminal that report/scripts/screenshots.sh opened for it"
  echo "(which sets SCENE_BUNDLE and SCENE_OUT)."
  exit 0
fi
if (($# != 1)) || [[ ! -f $here/$1.sh || $1 == play || $1 == lib ]]; then
  echo "${0##*/}: no scene '${1:-}' (see --help)" >&2
  exit 2
fi
name=$1
cd "$SCENE_BUNDLE" || exit 1
printf '\e[?25l' # no cursor: it would stand out in the picture
# The terminal's width, while standard output is still the terminal.
SCENE_COLUMNS=$(tput cols 2>/dev/null) || SCENE_COLUMNS=92
export SCENE_COLUMNS

(
  set -o pipefail
  # shellcheck source=lib.sh
  source "$here/lib.sh"
  trap run_cleanups EXIT
  # shellcheck disable=SC1090
  source "$here/$name.sh"
  ((SCENE_FAILURES == 0))
) 2>&1 | tee "$SCENE_OUT/$name.txt" | python3 "$here/wrap_words.py" "$SCENE_COLUMNS"
status=${PIPESTATUS[0]}

echo "$status" >"$SCENE_OUT/$name.status.new"
mv "$SCENE_OUT/$name.status.new" "$SCENE_OUT/$name.status"
# Stay open, showing the output, until screenshots.sh has taken the picture and closes us.
exec sleep 600
