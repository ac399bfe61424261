# shellcheck shell=bash
# What the report tools (tools/report.sh, tools/screenshots.sh) need, and how to say what is
# missing. Source it after tools/common.sh.

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
)
# The fonts the screenshots and the PDF are set in: file name pattern, package.
declare -A REPORT_FONT_OF=(
  [DejaVuSansMono.ttf]=fonts-dejavu-core
  [DejaVuSerif.ttf]=fonts-dejavu-core
  [DroidSansFallbackFull.ttf]=fonts-droid-fallback
  [NotoColorEmoji.ttf]=fonts-noto-color-emoji
)
# The one line that installs them all (README.md names the same).
REPORT_APT_LINE="apt-get install pandoc weasyprint xvfb xterm imagemagick x11-utils chromium gnuplot-nox graphviz netcat-openbsd strace hyperfine fonts-dejavu fonts-droid-fallback fonts-noto-color-emoji"

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
