#!/usr/bin/env python3
"""Prints the report's hostile-peers table, as Markdown, from docs/robustness.md.

The section "## Hostile peers" there holds one row per case a hostile peer tried, what
the bundle does now, and the tests that prove it (each failed before its fix). The report
shows the same rows, with each test named by its class only, so that the table stays the
bundle's own record rather than a copy typed into the report.

Usage: hostile_peers.py DOCS_ROBUSTNESS_MD
"""
import re
import sys


def table_rows(text):
    section = re.search(r"^## Hostile peers\n(.*?)(?=^## )", text, re.M | re.S)
    if not section:
        sys.exit("hostile_peers.py: no section '## Hostile peers'")
    rows = [line for line in section.group(1).splitlines() if line.startswith("|")]
    if len(rows) < 3:
        sys.exit("hostile_peers.py: the section has no table")
    return rows[2:]  # past the header and its rule


def cells(row):
    # Split on the | that separate cells, not on those inside backquotes.
    parts, current, quoted = [], "", False
    for char in row.strip()[1:-1]:
        if char == "`":
            quoted = not quoted
        if char == "|" and not quoted:
            parts.append(current.strip())
            current = ""
        else:
            current += char
    parts.append(current.strip())
    return parts


def test_classes(cell):
    names = []
    for code in re.findall(r"`([^`]+)`", cell):
        if "/" in code:
            name = code  # a script, test/e2e.sh
        elif code[:1].isalpha():
            name = code.split(".")[0]  # Class.method -> Class
        else:
            continue  # "...PartOfAMethodName...", its class named beside it
        if name not in names:
            names.append(name)
    return ", ".join(names) if names else cell


def main():
    if len(sys.argv) != 2 or sys.argv[1] in ("-h", "--help"):
        print(__doc__.strip())
        sys.exit(0 if len(sys.argv) == 2 else 2)
    with open(sys.argv[1], encoding="utf-8") as f:
        rows = table_rows(f.read())
    print("::: {.long-table .hostile}")
    print("| The peer, or the input | What happens now | Tests |")
    # Pandoc sizes the columns by the dashes under the header: the tests narrowest.
    print("|" + "-" * 36 + "|" + "-" * 44 + "|" + "-" * 20 + "|")
    for row in rows:
        peer, outcome, tests = cells(row)
        print(f"| {peer} | {outcome} | {test_classes(tests)} |")
    print(":::")


if __name__ == "__main__":
    main()
