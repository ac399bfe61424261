#!/usr/bin/env python3
"""The JUnit facts of `make test`, from its whole log, and the list of tests by class.

Usage: junit_facts.py MAKE_TEST_LOG DISCOVERED_TREE TESTS_MD

`make test` runs JUnit twice: every test on the default JDK, then the server's tests again
on a JDK 21+ with virtual threads (the Makefile's unit target). Each run ends with JUnit's
summary ("[ 1261 tests found ]", ...); run with JUNIT_DETAILS=tree, it first prints every
test with its outcome, and an aborted test with its reason:

    │  ├─ ChunkWriterTest ✔
    │  │  ├─ writesThousandByteChunksAndTheRemainderLast(int) ✔
    │  │  │  ├─ 999 bytes ✔
    │  │  ├─ runsFourCarriersPerCoreAtOnce() ■ Assumption failed: virtual threads need Java 21+

Prints KEY<TAB>VALUE lines, for report_facts.sh, and writes TESTS_MD: every class of the
first run with the number of tests JUnit counts for it, which add up to JUNIT_FOUND (or
exits 1 saying they do not). Without the run's tree, the classes come from
DISCOVERED_TREE (`junit discover`, which lists methods but not their cases), and TESTS_MD
says that its counts are of methods.
"""
import re
import subprocess
import sys
from collections import defaultdict

SUMMARY = re.compile(r"^\[ *(\d+) tests (found|skipped|aborted|successful|failed) *\]$")
NODE = re.compile(r"^((?:[│ ]  )*)[├└]─ (.*)$")
OUTCOME = re.compile(r"^(.*?) ([✔✘↷■])(?: (.*))?$")
WORDS = {"✔": "successful", "✘": "failed", "↷": "skipped", "■": "aborted"}


def plain_lines(path):
    with open(path, encoding="utf-8", errors="replace") as file:
        for raw in file:
            line = re.sub(r"\x1b\[[0-9;?]*[a-zA-Z]", "", raw.rstrip("\n"))
            yield line.rsplit("\r", 1)[-1]


class Run:
    """One JUnit run: its summary counts, its time, and its tree (maybe empty)."""

    def __init__(self, virtual=False, java=""):
        self.virtual, self.java, self.packages = virtual, java, []
        self.counts, self.time, self.nodes = {}, None, []


def read_log(path):
    """The JUnit runs in the log, and whether make skipped the virtual run."""
    runs, current, skipped_virtual = [], Run(), False
    for line in plain_lines(path):
        if line.startswith("The server's tests again, on virtual threads, on "):
            current = Run(True, line.rsplit(" on ", 1)[1].rstrip(":"))
        elif line.startswith("skipped: the server's tests on virtual threads"):
            skipped_virtual = True
        elif current.virtual:
            current.packages += re.findall(r"--select-package (\S+)", line)
        if line.startswith("Test run finished after "):
            current.time = int(re.search(r"(\d+) ms", line).group(1))
            runs.append(current)
            current = Run()
        elif (m := SUMMARY.match(line.strip())) and runs:
            runs[-1].counts[m.group(2)] = int(m.group(1))
        elif m := NODE.match(line):
            current.nodes.append(node(m))
    return runs, skipped_virtual


def node(match):
    """(depth, text) of a tree line: each level of nesting is three characters."""
    return len(match.group(1)) // 3, match.group(2)


def classes_of(nodes):
    """{class: [[method, outcome, reason, [(case, outcome, reason)]]]} from a tree's nodes."""
    classes, path = {}, []
    for depth, text in nodes:
        m = OUTCOME.match(text)
        name, outcome, reason = (text, "", "")
        if m:
            name, outcome, reason = m.group(1), WORDS[m.group(2)], m.group(3) or ""
        del path[depth:]
        path.append(name)
        if depth == 1:
            classes.setdefault(name, [])
        elif depth == 2:
            classes[path[1]].append([name, outcome, reason, []])
        elif depth > 2:  # a case of a parameterized or dynamic test (or of a nested container)
            classes[path[1]][-1][3].append((name, outcome, reason))
    return {name: methods for name, methods in classes.items() if methods}


def describe(methods):
    """'12 (6 aborted)', and the count of tests: the tests JUnit counts for a class, a
    parameterized method once for each case."""
    outcomes = []
    for _, outcome, _, cases in methods:
        outcomes += [case_outcome for _, case_outcome, _ in cases] if cases else [outcome]
    tests = len(outcomes)
    notes = [f"{n} {word}" for word in ("aborted", "skipped", "failed") if (n := outcomes.count(word))]
    return str(tests) + (f" ({', '.join(notes)})" if notes else ""), tests


def why_aborted(classes):
    """'virtual threads need Java 21+: FairnessTest 1, SocketWritesTest 6; ...'."""
    by_reason = defaultdict(lambda: defaultdict(int))
    for name, methods in classes.items():
        for method, outcome, reason, cases in methods:
            for _, case_outcome, case_reason in cases or [(method, outcome, reason)]:
                if case_outcome == "aborted":
                    # its first clause: "virtual threads need Java 21+; this is Java 17"
                    reason = re.sub(r"^Assumption failed: ", "", case_reason).split(";")[0]
                    reason = reason or "no reason given"
                    by_reason[reason][name] += 1
    return "; ".join(f"{reason}: " + ", ".join(f"{name} {n}" for name, n in sorted(names.items()))
                     for reason, names in sorted(by_reason.items()))


def jdk_version(java):
    try:
        out = subprocess.run([java, "-version"], capture_output=True, text=True, check=True).stderr
        return re.search(r'"([^"]+)"', out).group(1)
    except (OSError, subprocess.CalledProcessError, AttributeError):
        return "(unknown)"


KEYS = ("FOUND", "TESTS", "ABORTED", "SKIPPED", "FAILED", "TIME")


def run_facts(prefix, run, log):
    """The facts of one run's summary, checked to add up."""
    counts = run.counts
    label = "the run on virtual threads" if run.virtual else "the first run"
    missing = {"found", "skipped", "aborted", "successful", "failed"} - counts.keys()
    if missing:
        sys.exit(f"{log}: the summary of {label} lacks the tests {', '.join(sorted(missing))}")
    if counts["found"] != sum(counts[k] for k in ("skipped", "aborted", "successful", "failed")):
        sys.exit(f"{log}: {label}: its tests found ({counts['found']}) are not its skipped,"
                 " aborted, successful and failed tests added up")
    values = (counts["found"], counts["successful"], counts["aborted"], counts["skipped"],
              counts["failed"], run.time)
    facts = {f"{prefix}_{key}": value for key, value in zip(KEYS, values)}
    if run.virtual:
        facts[f"{prefix}_JAVA"] = run.java
        facts[f"{prefix}_JDK"] = jdk_version(run.java)
        facts[f"{prefix}_PACKAGES"] = " and ".join(run.packages) or "(not in the log)"
    return facts


def write_tests_md(classes, tests_md, counted_in_methods):
    """Writes tests.md and returns the number of tests its lines add up to."""
    total = 0
    with open(tests_md, "w", encoding="utf-8") as out:
        if counted_in_methods:
            out.write("(This run did not record its tests one by one: each class is counted in"
                      " test methods, a parameterized method as one.)\n\n")
        for name in sorted(classes):
            text, tests = describe(classes[name])
            total += tests
            out.write(f"- {name} {text}\n")
    return total


def main(log, discovered, tests_md):
    runs, skipped_virtual = read_log(log)
    if not runs or runs[0].virtual:
        sys.exit(f"{log}: no JUnit summary of the first run (\"Test run finished after ...\")")
    facts = run_facts("JUNIT", runs[0], log)
    virtual = next((run for run in runs if run.virtual), None)
    if virtual:
        facts.update(run_facts("JUNIT_VIRTUAL", virtual, log))
    else:
        why = "no JDK 21+" if skipped_virtual else "not in the log"
        facts.update({f"JUNIT_VIRTUAL_{key}": f"(not run: {why})"
                      for key in KEYS + ("JAVA", "JDK", "PACKAGES")})

    classes = classes_of(runs[0].nodes)
    if classes:
        facts["JUNIT_ABORTED_WHY"] = why_aborted(classes) or "none"
    else:
        facts["JUNIT_ABORTED_WHY"] = "(not recorded: make test ran without JUNIT_DETAILS=tree)"
        print(f"junit_facts: {log} has no tree of the tests; tests.md counts the methods of"
              f" {discovered}, not their cases", file=sys.stderr)
        try:
            classes = classes_of([node(m) for line in plain_lines(discovered)
                                  if (m := NODE.match(line))])
        except OSError:
            classes = {}
    total = write_tests_md(classes, tests_md, not runs[0].nodes)
    if runs[0].nodes and total != facts["JUNIT_FOUND"]:
        sys.exit(f"{tests_md}: its classes count {total} tests, but JUnit found"
                 f" {facts['JUNIT_FOUND']} in the first run")
    facts["TESTS_MD_TOTAL"] = total
    facts["TESTS_MD_CLASSES"] = len(classes)
    for key, value in facts.items():
        print(f"{key}\t{value}")


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__.split("\n\n")[1])
    main(*sys.argv[1:])
