# shellcheck shell=bash
# What the status page shows, as headless Chromium renders it, for test/status.sh (which
# sources this after test/lib.sh): its rows of transfers read from the DOM, and the page's
# own rate formatter run on known cases. Each function reads or sets $output as lib.sh's
# run and check do.

# dom_rows FILE: for the DOM in FILE, one line per <tr class="transfer">: its id cell's
# text, a tab, its percent's text, a tab, its rate's; then "img elements: N", counted
# outside scripts.
dom_rows() {
  python3 - "$1" <<'PYTHON'
import sys
from html.parser import HTMLParser
class Rows(HTMLParser):
    rows, images, row, cell = [], 0, None, None
    def handle_starttag(self, tag, attrs):
        classes = (dict(attrs).get("class") or "").split()
        if tag == "img":
            self.images += 1
        elif tag == "tr":
            self.row = {"id": "", "percent": "", "rate": ""} if "transfer" in classes else None
            self.rows += [self.row] if self.row else []
        elif self.row and tag == "td" and ("id" in classes or "rate" in classes):
            self.cell = "id" if "id" in classes else "rate"
        elif self.row and tag == "span" and "percent" in classes:
            self.cell = "percent"
    def handle_endtag(self, tag):
        if tag in ("td", "span"):
            self.cell = None
    def handle_data(self, data):
        if self.cell:
            self.row[self.cell] += data
rows = Rows()
rows.feed(open(sys.argv[1], encoding="utf-8").read())
for row in rows.rows:
    print(row["id"] + "\t" + row["percent"] + "\t" + row["rate"])
print(f"img elements: {rows.images}")
PYTHON
}

# shows_progress ID: true if $output (dom_rows's) has a row for ID with a percentage.
shows_progress() {
  local id percent rate
  while IFS=$'\t' read -r id percent rate; do
    [[ $id == "$1" && $percent =~ ^[0-9]+([.][0-9]+)?%$ ]] && return 0
  done <<<"$output"
  return 1
}

# rates_as_printed: true if $output (dom_rows's) has rows, and each row's rate has the
# form of the client's lines: a number with one decimal and its unit, or "–".
rates_as_printed() {
  local id percent rate rows=0
  while IFS=$'\t' read -r id percent rate; do
    [[ $id == "img elements: "* ]] && continue
    [[ $rate =~ ^[0-9]+[.][0-9]\ (MB|kB|bytes)/s$ || $rate == "–" ]] || return 1
    rows=$((rows + 1))
  done <<<"$output"
  ((rows > 0))
}

# rate_formatter_test: the page's perSecond, taken from status.html and run by Chromium,
# prints the rates TransferRateTest pins for the client's lines, small ones included
# ("6.0 kB/s", not "0.0 MB/s"): page and client give a rate alike.
rate_formatter_test() {
  # shellcheck disable=SC2154 # work: the test's directory, made by lib.sh's make_work_dir
  local page=$work/rates.html
  {
    echo '<pre id="rates"></pre><script>'
    sed -n '/^const perSecond = /,/^};$/p' "$ROOT/src/fileserver/status/status.html"
    echo 'document.getElementById("rates").textContent = [[612, 102], [10485760, 2436], [999, 1000],'
    echo '  [1, 2000], [1000, 1], [10485760, 1]].map(([bytes, ms]) => perSecond(bytes, ms)).join("|");'
    echo '</script>'
  } >"$page"
  output=$(timeout -k 5 30 chromium --headless --no-sandbox --disable-gpu --user-data-dir="$work/chromium-rates" \
    --dump-dom "file://$page" 2>/dev/null | sed -n 's/.*<pre id="rates">\([^<]*\)<.*/\1/p') || true
  check "the status page's rates, run by Chromium: as the client prints them" \
    printed '^6[.]0 kB/s[|]4[.]3 MB/s[|]999[.]0 bytes/s[|]under 1 byte/s[|]1[.]0 MB/s[|]10485[.]7 MB/s$'
}
