# shellcheck shell=bash
# The first thing each user-facing script does (run_server.sh, run_clients.sh,
# check_diff.sh, cluster/run_cluster.sh): check that this system has what the script uses
# beyond bash itself, and where it does not, say in one line what to install or use
# instead, and exit 1 before anything has been done. The scripts run on Linux, and on
# Windows through WSL; the Java programs run wherever a JDK 17 does.
#
# Written in bash 3.2's syntax, macOS's /bin/bash: this runs before the first line such
# a bash cannot read (scripts/common.sh has several), so that it, too, gets the one line.

# require_platform NEED...: exits 1, with one line on stderr, unless this system has
# each NEED:
#   bash-M.N  bash M.N or newer
#   proc      Linux's /proc, where the scripts follow processes by PID
#   gnu-stat  GNU stat (stat -c)
#   gnu-find  GNU find (find -printf) and GNU sort (sort -z -V)
# The bash version is read from BASH_VERSION, not BASH_VERSINFO, which is read-only:
# test/e2e.sh sets BASH_VERSION to play an old bash.
require_platform() {
  local need
  for need in "$@"; do
    case $need in
      bash-*) platform_bash_at_least "${need#bash-}" ;;
      proc)
        [ -r /proc/self/stat ] ||
          platform_refuse "needs Linux's /proc, which this system lacks: run it on Linux or in WSL (Windows), or run the Java programs directly (java -cp build/classes Server --help)"
        ;;
      gnu-stat)
        stat -c %s /dev/null >/dev/null 2>&1 ||
          platform_refuse "needs GNU stat (stat -c): install GNU coreutils (macOS: brew install coreutils, with its gnubin first on PATH), or run it on Linux or in WSL"
        ;;
      gnu-find)
        { find /dev/null -maxdepth 0 -printf '' && printf 'a\0' | sort -z -V; } >/dev/null 2>&1 ||
          platform_refuse "needs GNU find (-printf) and GNU sort (-z -V): install findutils and coreutils (macOS: brew install findutils coreutils, with their gnubin first on PATH), or compare by hand: cmp received/received_bio_1.txt bio.txt"
        ;;
      *)
        platform_refuse "require_platform: unknown need '$need'"
        ;;
    esac
  done
}

# platform_bash_at_least M.N: refuses unless this bash is version M.N or newer.
platform_bash_at_least() {
  local want_major=${1%%.*} want_minor=${1#*.} version=${BASH_VERSION%%[!0-9.]*}
  local major=${version%%.*} minor
  minor=${version#*.}
  minor=${minor%%.*}
  if [ "${major:-0}" -gt "$want_major" ] ||
    { [ "${major:-0}" -eq "$want_major" ] && [ "${minor:-0}" -ge "$want_minor" ]; }; then
    return 0
  fi
  platform_refuse "needs bash $1 or newer, and this is bash ${version:-unknown}: install a newer bash (macOS: brew install bash, first on PATH), or run it on Linux or in WSL (Windows)"
}

# platform_refuse MESSAGE: prints MESSAGE, prefixed with the script's name, and exits 1.
platform_refuse() {
  printf '%s: %s\n' "${0##*/}" "$*" >&2
  exit 1
}
