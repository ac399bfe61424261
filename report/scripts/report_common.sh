# shellcheck shell=bash
# What the report tools (report/scripts/report.sh, report/scripts/screenshots.sh) need, and how to say what is
# missing. Source it after scripts/common.sh.

# Each command the report pipeline runs, and the Debian package that provides it.
declare -A REPORT_PACKAGE_OF=(
  [pandoc]=pandoc
  [weasyprint]=weasyprint
  [Xvfb]=xvfb
  [xterm]=xterm
  [import]=imagemagick
  [convert]=imagemagick
  [identify]=imagemagick
  [xwininfo]=x11-utils
  [chromium]=chromium
  [gnuplot]=gnuplot-nox
  [dot]=graphviz
  [nc]=netcat-openbsd
  [strace]=strace
  [fc-list]=fontconfig
  [curl]=curl
  [python3]=python3
  [hyperfine]=hyperfine
  [pdftotext]=poppler-utils
  [pdfinfo]=poppler-utils
)
# The fonts the screenshots and the PDF are set in: file name pattern, package.
declare -A REPORT_FONT_OF=(
  [DejaVuSansMono.ttf]=fonts-dejavu-core
  [DejaVuSerif.ttf]=fonts-dejavu-core
  [DroidSansFallbackFull.ttf]=fonts-droid-fallback
  [NotoColorEmoji.ttf]=fonts-noto-color-emoji
)
# The one line that installs them all (docs/report.md names the same).
REPORT_APT_LINE="apt-get install pandoc weasyprint xvfb xterm imagemagick x11-utils chromium gnuplot-nox graphviz netcat-openbsd strace hyperfine poppler-utils fonts-dejavu fonts-droid-fallback fonts-noto-color-emoji"

# require_report_tools COMMAND...: exits 1, naming each missing command or font and its
# package, and the apt-get line, unless all COMMANDs and the fonts are there.
require_report_tools() {
  local command font
  local -a missing=()
  for command in "$@"; do
    command -v "$command" >/dev/null 2>&1 ||
      missing+=("$command (package ${REPORT_PACKAGE_OF[$command]:-?})")
  done
  if command -v fc-list >/dev/null 2>&1; then
    local fonts
    fonts=$(fc-list : file)
    for font in "${!REPORT_FONT_OF[@]}"; do
      [[ $fonts == *"/$font"* ]] || missing+=("font $font (package ${REPORT_FONT_OF[$font]})")
    done
  fi
  if ((${#missing[@]})); then
    printf '%s: missing for the report:\n' "${0##*/}" >&2
    printf '  %s\n' "${missing[@]}" >&2
    printf 'install them all with:\n  %s\n' "$REPORT_APT_LINE" >&2
    exit 1
  fi
}

# What `make report` rewrites itself, relative to the top directory: changes there do not
# make the tree unclean for the report (see report_tree_changes).
REPORT_REGENERATED=(REPORT.pdf screenshots report/figures bench/results)

# report_tree_changes: prints `git status --porcelain` lines for the tracked files that
# differ from HEAD (staged or not) outside REPORT_REGENERATED; prints nothing for a clean
# tree or outside a git checkout. Untracked files are not listed: `make` builds only what
# git tracks into the bundle, and `git describe --dirty` ignores them too.
report_tree_changes() {
  git -C "$ROOT" rev-parse --verify -q HEAD >/dev/null 2>&1 || return 0
  local path
  local -a pathspec=(.)
  for path in "${REPORT_REGENERATED[@]}"; do
    pathspec+=(":(exclude)$path")
  done
  git -C "$ROOT" status --porcelain --untracked-files=no -- "${pathspec[@]}"
}

# report_commit: the commit the report is built from, as the title page names it: HEAD's
# short hash; with "plus uncommitted changes (DRAFT)" when report_tree_changes lists any
# (only a REPORT_DRAFT=1 run of report/scripts/report.sh gets that far).
report_commit() {
  if ! git -C "$ROOT" rev-parse --verify -q HEAD >/dev/null 2>&1; then
    echo "none (not built from a git checkout)"
    return
  fi
  local commit
  commit=$(git -C "$ROOT" rev-parse --short HEAD)
  if [[ -n $(report_tree_changes) ]]; then
    echo "$commit plus uncommitted changes (DRAFT)"
  else
    echo "$commit"
  fi
}

# report_author: the report's author: $AUTHOR if it is set and not empty (`make report
# AUTHOR=...` sets it), else the last AUTHOR= line of report/meta (read, not run; quotes
# around the value are dropped); empty when neither names one.
report_author() {
  local author=${AUTHOR:-}
  if [[ -z ${author//[[:space:]]/} && -f $ROOT/report/meta ]]; then
    author=$(sed -n 's/^[[:space:]]*AUTHOR[[:space:]]*=//p' "$ROOT/report/meta" | tail -n 1)
  fi
  author=$(sed -E 's/^[[:space:]]+//; s/[[:space:]]+$//; s/^"(.*)"$/\1/; s/^'\''(.*)'\''$/\1/' <<<"$author")
  echo "$author"
}

# report_author_line: the title page's author line, escaped for a double-quoted YAML
# string whose text pandoc reads as Markdown: "Author: NAME", or a visible request to set
# one, never an invented name.
report_author_line() {
  local author
  author=$(report_author)
  [[ $author != *$'\n'* ]] || die "AUTHOR has a line break in it"
  if [[ -z $author ]]; then
    echo "Author: (set AUTHOR in report/meta)"
    return
  fi
  # A backslash becomes \\ for Markdown and each of those \\ for YAML; other Markdown
  # punctuation gets one Markdown backslash (\\ in YAML); a double quote gets YAML's \".
  # shellcheck disable=SC2016 # the backquote is a character to escape, not a command
  sed -e 's/\\/\\\\\\\\/g' -e 's/[][`*_<>#~^$@|]/\\\\&/g' -e 's/"/\\"/g' <<<"Author: $author"
}
