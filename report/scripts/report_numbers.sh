#!/usr/bin/env bash
# Fails on a number typed in the report's Markdown source that is neither a fact of the run
# nor a constant of the code listed, with its source, in report/constants.tsv.
set -euo pipefail

ROOT=$(readlink -f "$(dirname "${BASH_SOURCE[0]}")/../..")
# shellcheck source=../../scripts/common.sh
source "$ROOT/scripts/common.sh"

CONSTANTS=$ROOT/report/constants.tsv

usage() {
  cat <<EOF
Usage: ${0##*/} [--constants FILE] [MARKDOWN]

Prints one line for each number typed in MARKDOWN (default report/REPORT.md) that is
not allowed, and for each line of the constants file (default report/constants.tsv)
that its source no longer bears out; exits 1 if there is any, 0 if none, 2 for a wrong
command line. report/scripts/report_check.sh runs it.

A number in the report is a fact of the run, written {{KEY}} in MARKDOWN and filled in
from build/report/generated/facts.tsv (report/scripts/report_facts.sh makes them), or a
fixed number of the code, listed in the constants file, one a line:
  VALUE<TAB>FILE<TAB>ERE<TAB>why
meaning: FILE (relative to the top of the repository) has a line matching the extended
regular expression ERE (grep -E), and that match contains VALUE, so a constant changed
in the code breaks this check. VALUE is the number as typed, with or without its unit
("1000", "10,000", "8 KiB", "0.5 s", "2^20^"): with a unit, it allows the number only
with that unit. A listed value is allowed wherever it stands in the text, whatever it
means there. The match contains VALUE as typed, or its number as a whole
(thousands separators, commas or Java's underscores, ignored; B^E^ also as B^E or its
value; a value in s also in ms, in KiB, MiB or GiB also in bytes). Lines starting with
# and blank lines are ignored.

A number is a run of digits, with "," or " " between groups of three and decimals, an
ordinal suffix (6th) or a power (2^20^), not joined to a word, path or name (SHA-256,
UTF-8, HTTP/1.1, C2, bio_1.txt are no numbers). Not checked, since they are no
measurements:
  - code spans and fenced code blocks, HTML comments, {{KEY}} facts, link targets and
    web addresses, image paths, {attributes} and ::: lines of pandoc;
  - numbered list markers ("1. "), a heading's leading section number, and a section
    number at the start of a link to a part of the report ("[2 The scenario](#...)");
  - a citation of the References, [[7]](#ref-7), which the report prints as [7];
  - references: RFC 9110, JEP 444, section 9.6 (also "sections 1 to 5", "section 14 and
    13.1.5"), figure 3, table 2, appendix 1, chapter 4, assignment 6, tcp(7), and a
    program's exit code ("exits 0", "exit 23": its manual fixes it);
  - in the References section, dotted section pointers such as (13.1.5);
  - numbers with two dots or more (198.18.0.0/15, 17.0.15): addresses and versions.
EOF
}

# check_constants: prints a problem for each line of the constants file that is malformed
# or that its FILE does not bear out; prints "VALUE" for each good one, on stdout fd 3.
check_constants() {
  local n=0 value file ere why matches
  while IFS=$'\t' read -r value file ere why || [[ -n $value ]]; do
    n=$((n + 1))
    [[ -z $value || $value == \#* ]] && continue
    local where="${CONSTANTS#"$ROOT"/} line $n"
    if [[ -z $ere || -z $why ]]; then
      echo "$where: needs four tab-separated fields: VALUE, FILE, ERE, why"
      continue
    fi
    if [[ ! -f $ROOT/$file ]]; then
      echo "$where: $value: no file $file (give its path from the top of the repository)"
      continue
    fi
    if ! matches=$(grep -oE -- "$ere" "$ROOT/$file"); then
      echo "$where: $value: no line of $file matches /$ere/ any more: the constant has moved or changed; find its new source, or change the report's text and this line"
      continue
    fi
    if ! VALUE=$value perl -e '
      my $v = $ENV{VALUE};
      my $text = join "", <STDIN>;
      $text =~ s/(?<=\d)[_,](?=\d)//g;
      exit 0 if index($text, $v) >= 0;
      (my $n = $v) =~ s/(?<=\d)[, \x{a0}](?=\d{3})//g;
      $n =~ s/^([0-9.]+(?:\^\d+\^)?).*/$1/;
      my @forms = ($n);
      if ($n =~ /^(\d+)\^(\d+)\^$/) { push @forms, "$1^$2", "$1**$2", $1 ** $2 }
      my %scale = (s => 1000, KiB => 1024, MiB => 1024**2, GiB => 1024**3);
      push @forms, $n * $scale{$1} if $v =~ /\d\s*(s|[KMG]iB)$/;
      for my $f (@forms) { exit 0 if $text =~ /(?<![\d.])\Q$f\E(?!\d|\.0*[1-9])/ }
      exit 1' <<<"$matches"; then
      echo "$where: $value: $file matches /$ere/, but the match ($(head -n 1 <<<"$matches")) does not contain $value: the constant has changed; correct the report's text and this line"
      continue
    fi
    printf '%s\n' "$value" >&3
  done <"$CONSTANTS"
}

# typed_numbers MARKDOWN ALLOWED: prints "LINE<TAB>NUMBER" for each number typed in MARKDOWN's
# prose that is not among the values listed in the file ALLOWED.
typed_numbers() {
  ALLOWED=$2 perl -CSD -0777 -ne '
    my %allowed;
    open my $fh, "<:utf8", $ENV{ALLOWED} or die;
    for my $value (do { local $/ = "\n"; <$fh> }) { chomp $value; $allowed{join "\t", split_value($value)} = 1 }
    # split_value VALUE: its number, without thousands separators or ordinal suffix, and
    # its unit (or "").
    sub split_value {
      (my $v = $_[0]) =~ s/(?<=\d)[, \x{a0}\x{202f}](?=\d{3})//g;
      $v =~ /^(\d+(?:\.\d+)?(?:\^\d+\^)?)(?:st|nd|rd|th)?\s*(.*)$/ or return ($v, "");
      return ($1, $2);
    }
    # blank: the same text with every character but newlines made a space.
    sub blank { (my $s = $_[0]) =~ s/[^\n]/ /g; $s }
    s/(<!--.*?-->)/blank($1)/gse;
    s/^((`{3,}|~{3,}).*?\n.*?^\2[`~]*[ \t]*$)/blank($1)/gsme;
    s/((`+)(?:(?!\n[ \t]*\n).)+?(?<!`)\2(?!`))/blank($1)/gse;
    s/(\{\{[A-Z0-9_]+\}\})/blank($1)/ge;
    s/(\[\d+(?:\.\d+)*)(?=[ \t][^\]]*\]\(#)/blank($1)/ge;
    s/(\[\[\d+\]\])(?=\(#ref-\d+\))/blank($1)/ge;
    s/(?<=\])(\([^()\s]*(?:\([^()\s]*\)[^()\s]*)*(?:\s+"[^"]*")?\))/blank($1)/ge;
    s/(<[a-z][a-z0-9+.-]*:[^>\s]*>|\b[a-z]+:\/\/\S+)/blank($1)/ge;
    s/(\{(?:[#.]|[a-z-]+=)[^{}\n]*\})/blank($1)/ge;
    s/^(:::.*)$/blank($1)/gme;
    s/^([ \t]*\d+[.)][ \t])/blank($1)/gme;
    s/^(#{1,6}[ \t]+\d+(?:\.\d+)*\.?)(?=[ \t])/blank($1)/gme;
    s/(\b(?:RFC|JEP|JSR)[ \t]?\d+)/blank($1)/ge;
    s/(\bexit(?:s|ed|ing)?(?:[ \t]+(?:code|status|with))?[ \t]+\d+)/blank($1)/ge;
    my $list = q{\d+(?:\.\d+)*(?:(?:\s*,\s*|\s+(?:and|or|to)\s+|\s*[\x{2013}-]\s*)\d+(?:\.\d+)*)*};
    s/(\b(?i:sections?|figures?|tables?|appendix|appendices|chapters?|assignment)\s+$list|\x{a7}\s*$list)/blank($1)/ge;
    s/(\b[a-z_][a-z0-9_.+-]*\(\d[a-z]*\))/blank($1)/ge;
    s{(^#[ \t]+References\b.*?)(?=^#[ \t]|\z)}{ my $r = $1; $r =~ s/(\d+(?:\.\d+)+)/blank($1)/ge; $r }gsme;
    my $unit = q{(?:[KMGT]iB|[kKMGT]B|[KMG]bit)(?:/s)?|bytes?|ms|\x{b5}s|ns|s|min|h|%|x};
    my $line = 1;
    for my $text (split /\n/, $_, -1) {
      while ($text =~ /(?<![\w.\/\\^\$#@~+])(?<![^\d]-)(?<!^-)(\d+(?:[, \x{a0}\x{202f}]\d{3}(?!\d))*(?:\.\d+)?(?:\^\d+\^)?)((?:st|nd|rd|th)(?!\w))?(?:[ \x{a0}]?($unit)(?![\w]))?(?![\w]|\.\d)/g) {
        my ($num, $unit) = ($1, $3 // "");
        (my $n = $num) =~ s/(?<=\d)[, \x{a0}\x{202f}](?=\d{3})//g;
        next if $allowed{"$n\t"} || ($unit ne "" && $allowed{"$n\t$unit"});
        print "$line\t$&\n";
      }
      $line++;
    }
  ' "$1"
}

main() {
  if wants_help "$@"; then
    usage
    return
  fi
  local -a operands=()
  while (($#)); do
    case $1 in
      --constants)
        (($# >= 2)) || usage_error "--constants needs a file"
        CONSTANTS=$(readlink -f "$2")
        shift
        ;;
      -?*) usage_error "unknown option $1" ;;
      *) operands+=("$1") ;;
    esac
    shift
  done
  ((${#operands[@]} <= 1)) || usage_error "takes at most one Markdown file"
  local markdown=${operands[0]:-$ROOT/report/REPORT.md}
  [[ -f $markdown ]] || usage_error "no file $markdown"
  [[ -f $CONSTANTS ]] || usage_error "no file $CONSTANTS"

  local allowed problems=0
  allowed=$(mktemp)
  # shellcheck disable=SC2064 # expand now: allowed is local
  trap "rm -f '$allowed'" EXIT
  local line number
  while IFS= read -r line; do
    echo "$line"
    problems=$((problems + 1))
  done < <(check_constants 3>"$allowed")
  while IFS=$'\t' read -r line number; do
    echo "${markdown##*/} line $line: \"$number\" is typed: make it a {{FACT}} of the run (report/scripts/report_facts.sh), or, if the code fixes it, list it in ${CONSTANTS#"$ROOT"/} with its source"
    problems=$((problems + 1))
  done < <(typed_numbers "$markdown" "$allowed")
  ((problems == 0))
}

main "$@"
