#!/usr/bin/env bash
# Reads the mutations.xml that PIT (pitest) writes and prints the mutation score and every
# mutant that no test killed, one line each; `make mutation` runs it after PIT.
set -euo pipefail

ROOT=$(readlink -f "$(dirname "${BASH_SOURCE[0]}")/..")
# shellcheck source=common.sh
source "$ROOT/scripts/common.sh"

usage() {
  echo "Usage: ${0##*/} [--threshold PERCENT] MUTATIONS_XML"
  echo "Prints the mutation score of PIT's MUTATIONS_XML (detected mutants of all mutants,"
  echo "a mutant that made a test time out counting as detected), then each surviving and"
  echo "uncovered mutant as class:line, mutator, method and description. Exits 1 if the"
  echo "score is below PERCENT (default 90), 2 for a wrong command line."
}

if wants_help "$@"; then
  usage
  exit 0
fi

threshold=90
# Options first, then the one file.
while [[ ${1-} == -* ]]; do
  case $1 in
    --threshold)
      (($# >= 2)) || usage_error "--threshold needs a value"
      threshold=$2
      shift 2
      ;;
    *) usage_error "unknown option $1" ;;
  esac
done
(($# == 1)) || usage_error "name one MUTATIONS_XML"
xml=$1
[[ $threshold =~ ^[0-9]+$ && $threshold -le 100 ]] ||
  usage_error "--threshold must be a whole number from 0 to 100, not '$threshold'"
[[ -f $xml ]] || die "no such file: $xml"

python3 - "$xml" "$threshold" <<'EOF'
import sys
import xml.etree.ElementTree as ET

path, threshold = sys.argv[1], int(sys.argv[2])
mutants = ET.parse(path).getroot().findall("mutation")
if not mutants:
    sys.exit(f"mutation_report.sh: {path} lists no mutants")

def line(m):
    mutator = m.findtext("mutator").rsplit(".", 1)[-1].removesuffix("Mutator")
    where = f"{m.findtext('mutatedClass')}:{m.findtext('lineNumber')}"
    return f"  {where:<42} {mutator:<22} {m.findtext('mutatedMethod')}: {m.findtext('description')}"

def order(m):
    return (m.findtext("mutatedClass"), int(m.findtext("lineNumber")), m.findtext("mutator"))

detected = sum(m.get("detected") == "true" for m in mutants)
total = len(mutants)
for status, title in (("SURVIVED", "Survived: a test ran the mutated code and still passed"),
                      ("NO_COVERAGE", "No coverage: no test runs this code")):
    left = sorted((m for m in mutants if m.get("status") == status), key=order)
    if left:
        print(f"{title} ({len(left)}):")
        print("\n".join(line(m) for m in left))
passed = detected * 100 >= threshold * total
print(f"Mutation score: {detected} of {total} mutants killed ({detected * 100 / total:.1f}%),"
      f" threshold {threshold}%: {'passed' if passed else 'FAILED'}")
sys.exit(0 if passed else 1)
EOF
