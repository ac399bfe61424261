#!/usr/bin/env bash
# Compares every downloaded received_bio_<id>.txt with the original bio.txt.
set -euo pipefail

# First, in what macOS's bash 3.2 and readlink (no -f before macOS 12.3) still run: what
# this script needs, or one line saying what is missing.
ROOT=$(dirname "$(readlink -f "${BASH_SOURCE[0]}" 2>/dev/null || echo "${BASH_SOURCE[0]}")")
# shellcheck source=scripts/platform.sh
source "$ROOT/scripts/platform.sh"
require_platform bash-4.4 gnu-find
# shellcheck source=scripts/common.sh
source "$ROOT/scripts/common.sh"

usage() {
  cat <<EOF
Usage: ${0##*/} [DIR] [--original FILE]

Compares each DIR/received_bio_<id>.txt (default DIR: $ROOT/received), in id
order, with FILE (default: $ROOT/bio.txt) and prints one verdict a file, then
how many are identical. Exits 1 unless there is at least one file and all are.
EOF
}

# The file the downloads should equal, and its size in bytes.
original=$ROOT/bio.txt
original_size=

# verdict FILE: prints how FILE differs from $original, or "identical"; true only then.
verdict() {
  local file=$1 size
  # A link to bio.txt would compare identical without a byte having been downloaded.
  if [[ -L $file ]]; then
    echo "a symbolic link, not a downloaded copy"
    return 1
  elif [[ ! -f $file ]]; then
    echo "not a regular file"
    return 1
  fi
  size=$(wc -c <"$file")
  if cmp -s -- "$original" "$file"; then
    echo identical
    return 0
  fi
  if ((size == 0)); then
    echo "empty"
  elif ((size < original_size)) && cmp -s -n "$size" -- "$original" "$file"; then
    echo "shorter: $size of $original_size bytes, all of them right"
  elif ((size > original_size)) && cmp -s -n "$original_size" -- "$original" "$file"; then
    echo "longer: $size of $original_size bytes, with extra bytes at the end"
  else
    local report
    report=$(cmp -- "$original" "$file" 2>&1) || true
    # GNU cmp says "differ: byte N, line L"; older versions say "char".
    local where="differs: $report" length=
    if [[ $report =~ (byte|char)\ ([0-9]+),\ line\ ([0-9]+) ]]; then
      where="differs at byte ${BASH_REMATCH[2]} (line ${BASH_REMATCH[3]})"
    fi
    ((size == original_size)) || length="; $size of $original_size bytes"
    echo "$where$length"
  fi
  return 1
}

# shown NAME: NAME as it is, or quoted as bash would ($'a\nb') if it holds a control
# character, so that every file gets exactly one line.
shown() {
  if [[ $1 == *[[:cntrl:]]* ]]; then
    printf '%q' "$1"
  else
    printf '%s' "$1"
  fi
}

main() {
  if wants_help "$@"; then
    usage
    return
  fi
  local dir=$ROOT/received dir_given=false
  while (($#)); do
    case $1 in
      --original)
        (($# > 1)) || usage_error "--original needs a value"
        original=$2
        shift
        ;;
      --original=*) original=${1#*=} ;;
      -*) usage_error "unknown option $1" ;;
      *)
        if $dir_given; then
          usage_error "only one DIR, please: '$dir', then '$1'"
        fi
        dir=$1
        dir_given=true
        ;;
    esac
    shift
  done
  [[ -f $original ]] || die "the original is not a file: $original"
  [[ -d $dir ]] || die "no such directory: $dir"
  original_size=$(wc -c <"$original")

  # NUL-separated: a file name may hold any byte but NUL and /, a newline included. Not
  # only regular files: anything else by that name is listed, as not a copy.
  local -a names
  mapfile -d '' -t names < <(find "$dir" -maxdepth 1 -name 'received_bio_*.txt' ! -type d -printf '%f\0' | sort -zV)
  ((${#names[@]})) || die "no received_bio_*.txt files in $dir: nothing to compare"

  local name result identical=0
  for name in "${names[@]}"; do
    if result=$(verdict "$dir/$name"); then
      identical=$((identical + 1))
    fi
    echo "$(shown "$name"): $result"
  done
  echo "$identical of ${#names[@]} identical"
  ((identical == ${#names[@]}))
}

main "$@"
