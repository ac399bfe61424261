#!/usr/bin/env bash
# Checks REPORT.pdf for what a script can see is wrong with it, one line per problem, and
# exits 1 if it finds any: report/scripts/report.sh runs it last, so `make report` fails on them.
set -euo pipefail

ROOT=$(readlink -f "$(dirname "${BASH_SOURCE[0]}")/../..")
# shellcheck source=../../scripts/common.sh
source "$ROOT/scripts/common.sh"

# The issue 11 limits: the body (every page before the first appendix) ends by this page,
# and the whole PDF has at most this many.
MAX_BODY_PAGES=19
MAX_PAGES=32

usage() {
  cat <<EOF
Usage: ${0##*/} PDF [MARKDOWN]

Checks PDF (REPORT.pdf) and prints one line for each problem it finds; exits 1 if there
is any, 0 if none, 2 for a wrong command line. MARKDOWN is the report's source, by
default report/REPORT.md. The checks:
  - an en dash directly before an option name ("–chunk" for --chunk), on any page;
  - text past the right margin (a table wider than the page's text), on any page;
  - the word "dirty" (a commit from a changed tree) or "DRAFT" on the title page;
  - the body, every page before the first "Appendix..." heading, ends after page
    $MAX_BODY_PAGES; the PDF has more than $MAX_PAGES pages (both counts are printed anyway);
  - a picture MARKDOWN shows (![...](path)) that does not exist, or a file in
    screenshots/*.png or report/figures/ whose path MARKDOWN never mentions. A line
    "<!-- include: FILE -->" counts FILE from build/report/generated/ as part of
    MARKDOWN; before it exists, "include: bench-NAME.md" stands for report/figures/NAME.png,
    which report/scripts/report_figures.sh shows there;
  - a link to a part of the report (#name) that no heading or anchor of MARKDOWN has;
  - a number typed in MARKDOWN that is neither a {{FACT}} nor listed, with the code it
    comes from, in report/constants.tsv, or a line of that file the code no longer
    bears out (report/scripts/report_numbers.sh, whose --help gives the rules).
Paths in MARKDOWN are relative to the top of the repository, as pandoc reads them.
Needs pdftotext and pdfinfo (package poppler-utils), and pandoc.
EOF
}

problems=0
# problem MESSAGE: prints one problem.
problem() {
  printf '%s: %s\n' "${0##*/}" "$*" >&2
  problems=$((problems + 1))
}

# info MESSAGE: prints what was counted.
info() {
  printf '%s: %s\n' "${0##*/}" "$*"
}

# en_dashes TEXT: "PAGE<TAB>WORD" for each en dash (U+2013) that starts a word and is
# followed by a lower-case letter, perhaps after a hyphen: "–chunk", "–-help".
en_dashes() {
  perl -ne '
    chomp;
    my ($page, $line) = split /\t/, $_, 2;
    while ($line =~ /(?<![^\s(\[\x22\x27\/])(\xE2\x80\x93-?[a-z][A-Za-z0-9-]*)/g) {
      print "$page\t$1\n";
    }
  ' "$1"
}

# appendix_start TEXT: "PAGE<TAB>BODY_LAST<TAB>HEADING" for the first heading that starts
# with "Appendix" (numbered or not), or nothing. A heading is a line near the left margin,
# first on its page or after a blank line, and not a line of the contents (which has dot
# leaders). A page's first line, when indented, is its running header and does not count.
# BODY_LAST is PAGE - 1, or PAGE when body text stands above the heading on its page.
appendix_start() {
  perl -ne '
    chomp;
    my ($page, $line) = split /\t/, $_, 2;
    if (!defined $current || $page != $current) {
      ($current, $first, $previous, $above) = ($page, 1, "", 0);
    }
    if ($line =~ /^\s*$/) {
      $previous = "";
      next;
    }
    my ($heading) = $line =~ /^ {0,8}(?:[0-9A-Z]+(?:\.[0-9]+)*\.?\s+)?(Appendix\b.*?)\s*$/;
    # pdftotext may give no blank line above a heading that follows text on its page; a
    # line that starts at the margin with "Appendix A:" is one anyway.
    if (defined $heading && ($previous eq "" || $line =~ /^Appendix [A-Z]:/) && $line !~ /\.{5}/) {
      print $page, "\t", ($above ? $page : $page - 1), "\t", $heading, "\n";
      exit;
    }
    if ($first && $line =~ /^ {10,}\S/) {
      $previous = "";
    } else {
      ($previous, $above) = ($line, 1);
    }
    $first = 0;
  ' "$1"
}

# past_margin PDF: "PAGE<TAB>X<TAB>WORD" for each word whose right edge passes the right
# margin of report.css's @page (17 mm: 547.1 pt on A4) by more than a point.
past_margin() {
  pdftotext -bbox "$1" - | awk '
    /<page / {
      page++
      match($0, /width="[0-9.]+"/); limit = substr($0, RSTART + 7, RLENGTH - 8) - 17 / 25.4 * 72 + 1
    }
    /<word / {
      match($0, /xMax="[0-9.]+"/); x = substr($0, RSTART + 6, RLENGTH - 7) + 0
      if (x > limit) {
        w = $0; sub(/.*">/, "", w); sub(/<\/word>.*/, "", w)
        printf "%d\t%.1f\t%s\n", page, x, w
      }
    }'
}

# pictures_shown TEXT: the path of each picture TEXT (Markdown) shows, one a line; not
# those inside HTML comments, nor web addresses.
pictures_shown() {
  perl -0777 -ne '
    s/<!--.*?-->//gs;
    while (/!\[((?:[^\[\]]++|\[(?1)\])*)\]\(\s*<?([^)\s>]+)/g) {
      my $path = $2;
      print "$path\n" unless $path =~ m{^[a-z]+:};
    }
  ' "$1"
}

# with_includes MARKDOWN: MARKDOWN with each include line followed by the fragment it
# stands for (or, for bench-NAME.md before it is generated, the figure it shows).
with_includes() {
  local line file
  while IFS= read -r line || [[ -n $line ]]; do
    printf '%s\n' "$line"
    [[ $line =~ ^\<!--\ include:\ ([^ ]+)\ --\>$ ]] || continue
    file=${BASH_REMATCH[1]}
    if [[ -f $ROOT/build/report/generated/$file ]]; then
      cat "$ROOT/build/report/generated/$file"
    elif [[ $file =~ ^bench-(.+)\.md$ ]]; then
      printf '(report/figures/%s.png, when report/scripts/report_figures.sh draws it)\n' "${BASH_REMATCH[1]}"
    fi
  done <"$1"
}

main() {
  if wants_help "$@"; then
    usage
    return
  fi
  local -a operands=()
  while (($#)); do
    case $1 in
      --)
        shift
        operands+=("$@")
        break
        ;;
      -?*) usage_error "unknown option $1" ;;
      *) operands+=("$1") ;;
    esac
    shift
  done
  ((${#operands[@]} >= 1 && ${#operands[@]} <= 2)) || usage_error "takes a PDF and, optionally, the Markdown it was made from"
  local pdf=${operands[0]} markdown=${operands[1]:-$ROOT/report/REPORT.md}
  [[ -f $pdf ]] || usage_error "no file $pdf"
  [[ -f $markdown ]] || usage_error "no file $markdown"
  local command
  for command in pdftotext pdfinfo perl pandoc; do
    command -v "$command" >/dev/null 2>&1 ||
      die "needs $command (apt-get install ${command/#pdf*/poppler-utils})"
  done

  local work
  work=$(mktemp -d)
  # shellcheck disable=SC2064 # expand now: work is local
  trap "rm -rf '$work'" EXIT
  local name=${pdf##*/}

  # The text of every page, each line as PAGE<TAB>LINE (pdftotext ends each page with \f).
  local pages
  pages=$(pdfinfo "$pdf" | awk '/^Pages:/ { print $2 }')
  [[ $pages =~ ^[0-9]+$ ]] || die "pdfinfo cannot read $pdf"
  pdftotext -layout -enc UTF-8 "$pdf" "$work/text"
  awk 'BEGIN { page = 1 } { n = split($0, part, "\f"); for (i = 1; i <= n; i++) { if (i > 1) page++; print page "\t" part[i] } }' \
    "$work/text" >"$work/lines"

  # An en dash where an option's two hyphens were meant.
  local page word
  while IFS=$'\t' read -r page word; do
    problem "page $page: an en dash before an option name: \"$word\" (write \`--option\` in backquotes, or \\-- , so that pandoc keeps two hyphens)"
  done < <(en_dashes "$work/lines")

  # Nothing passes the right margin: a table too wide shows here.
  local x
  while IFS=$'\t' read -r page x word; do
    problem "page $page: text past the right margin (\"$word\" ends at $x pt, the margin is at 547 pt): a table too wide?"
  done < <(past_margin "$pdf" | sort -t $'\t' -k1,1n -k2,2gr | awk -F'\t' '!seen[$1]++')

  # The title page names a commit from a clean tree.
  local title
  title=$(awk -F'\t' '$1 == 1 { print $2 }' "$work/lines")
  if grep -qiw dirty <<<"$title"; then
    problem "page 1: the title page says \"dirty\": the report was built from a changed tree; commit first"
  fi
  if grep -qw DRAFT <<<"$title"; then
    problem "page 1: the title page says DRAFT (REPORT_DRAFT=1, uncommitted changes); commit and build again"
  fi

  # The body's length and the whole's.
  local appendix_page body_last heading
  IFS=$'\t' read -r appendix_page body_last heading < <(appendix_start "$work/lines") || true
  if [[ -n ${appendix_page:-} ]]; then
    info "$name: body ends on page $body_last of $pages (the first appendix, \"$heading\", starts on page $appendix_page); at most $MAX_BODY_PAGES and $MAX_PAGES"
  else
    body_last=$pages
    info "$name: no appendix, so the body is all $pages pages; at most $MAX_BODY_PAGES and $MAX_PAGES"
  fi
  ((body_last <= MAX_BODY_PAGES)) ||
    problem "the body ends on page $body_last, after page $MAX_BODY_PAGES: move detail to the appendices"
  ((pages <= MAX_PAGES)) ||
    problem "$name has $pages pages, more than $MAX_PAGES"

  # Every picture shown exists, and every picture made is shown.
  with_includes "$markdown" >"$work/markdown"
  local path
  while IFS= read -r path; do
    [[ -f $ROOT/$path ]] || problem "${markdown##*/} shows $path, which does not exist"
  done < <(pictures_shown "$work/markdown" | sort -u)
  local file
  for file in "$ROOT"/screenshots/*.png "$ROOT"/report/figures/*; do
    [[ -f $file ]] || continue
    path=${file#"$ROOT"/}
    grep -qF -- "$path" "$work/markdown" ||
      problem "$path is never shown: ${markdown##*/} does not mention it (show it, or stop making it)"
  done

  # Every link inside the report leads somewhere: pandoc gives each heading its id.
  pandoc "$work/markdown" --from markdown --to html5 --output "$work/html"
  local target
  while IFS= read -r target; do
    grep -qF "id=\"$target\"" "$work/html" ||
      problem "${markdown##*/} links to #$target, which no heading or anchor has"
  done < <(grep -o 'href="#[^"]*"' "$work/html" | sed 's/^href="#//; s/"$//' | sort -u)

  # Every number typed in the text is a fact of the run or a listed constant of the code.
  local numbers status=0 line
  numbers=$("$ROOT/report/scripts/report_numbers.sh" "$markdown") || status=$?
  ((status <= 1)) || die "report/scripts/report_numbers.sh failed (exit $status)"
  while IFS= read -r line; do
    [[ -z $line ]] || problem "$line"
  done <<<"$numbers"

  if ((problems)); then
    printf '%s: %d problem(s) in %s\n' "${0##*/}" "$problems" "$pdf" >&2
    exit 1
  fi
  info "$name passes every check"
}

main "$@"
