#!/usr/bin/env python3
"""Prints the report's derived facts, KEY<TAB>VALUE a line, for report_facts.sh.

Two kinds, both computed here so that report/REPORT.md types none of them:
  - the assignment's rounds: how many writes of --chunk bytes a file takes, for the
    assignment's 10 MB, for bio.txt and for the small file of the first scene;
  - the benchmark figures the text quotes, read from bench/results/*.csv and goals.txt.
A figure whose data set or row is missing reads "(not measured)", so the report still
builds and says so where the number would be.

Usage: derived_facts.py ROOT GENERATED_DIR
"""
import csv
import math
import re
import sys
from pathlib import Path

MISSING = "(not measured)"


def grouped(n):
    """10486 -> '10,486': the report writes large counts with thousands separators."""
    return f"{n:,}"


def rows(path):
    try:
        with open(path, newline="", encoding="utf-8") as f:
            return list(csv.DictReader(f))
    except FileNotFoundError:
        return []


def latest(table, **match):
    """The last row whose columns equal match (CSV files append newer runs below)."""
    found = [r for r in table if all(r.get(k) == v for k, v in match.items())]
    return found[-1] if found else None


def number(row, column):
    try:
        return float(row[column])
    except (TypeError, KeyError, ValueError):
        return None


def ratio(a, b, digits=2):
    return f"{a / b:.{digits}f}" if a is not None and b else MISSING


def fmt(value, digits=0):
    if value is None:
        return MISSING
    return f"{value:,.{digits}f}"


def rounds(facts, root, generated):
    help_text = (generated / "server-help.txt").read_text(encoding="utf-8")
    chunk = int(re.search(r"--chunk BYTES .*\(default (\d+)\)", help_text).group(1))
    facts["CHUNK"] = str(chunk)
    assignment_bytes = 10_000_000  # "10 MB", as the assignment says it
    facts["TEN_MB_BYTES"] = grouped(assignment_bytes)
    facts["TEN_MB_ROUNDS"] = grouped(math.ceil(assignment_bytes / chunk))
    bio = (root / "bio.txt").stat().st_size
    facts["BIO_BYTES_GROUPED"] = grouped(bio)
    facts["BIO_ROUNDS"] = grouped(math.ceil(bio / chunk))
    facts["BIO_FULL_ROUNDS"] = grouped(bio // chunk)
    facts["BIO_LAST_BYTES"] = str(bio % chunk) if bio % chunk else str(chunk)
    small = generated / "small-file.txt"
    match = re.search(r"^(\d+) small\.txt$", small.read_text(encoding="utf-8"), re.M) if small.exists() else None
    if match:
        facts["SMALL_BYTES"] = match.group(1)
        facts["SMALL_ROUNDS"] = str(math.ceil(int(match.group(1)) / chunk))
    else:
        facts["SMALL_BYTES"] = facts["SMALL_ROUNDS"] = MISSING


def peers(facts, results):
    table = rows(results / "peers.csv")
    clients = "50"
    facts["PEERS_CLIENTS"] = clients
    for server in ["ours", "ours-virtual", "ours-64k", "yardstick", "nginx", "python", "jwebserver", "naive"]:
        key = "P50_" + re.sub(r"[^A-Z0-9]", "_", server.upper()) + "_MIBS"
        facts[key] = fmt(number(latest(table, server=server, clients=clients), "mib_s"))
    # Ratios of throughput from the median seconds (the same bytes), as the goal lines
    # compute them, not from the rounded MiB/s.
    speed = lambda server: (lambda s: 1 / s if s else None)(number(latest(table, server=server, clients=clients), "median_s"))
    facts["P50_OURS_VS_YARDSTICK"] = ratio(speed("ours"), speed("yardstick"))
    facts["P50_VIRTUAL_VS_YARDSTICK"] = ratio(speed("ours-virtual"), speed("yardstick"))
    facts["P50_64K_VS_NGINX"] = ratio(speed("ours-64k"), speed("nginx"))
    # One client's median time, in ms, for the Nagle paragraph of Challenges.
    for server in ["ours", "naive"]:
        seconds = number(latest(table, server=server, clients="1"), "median_s")
        facts["P1_" + server.upper() + "_MS"] = MISSING if seconds is None else f"{seconds * 1000:.0f}"
    # Where nginx, Python's http.server and jwebserver all deliver more than ours.
    counts = sorted({int(r["clients"]) for r in table if r["server"] == "ours"})
    def beaten(n):
        ours = number(latest(table, server="ours", clients=str(n)), "mib_s")
        others = [number(latest(table, server=s, clients=str(n)), "mib_s") for s in ("nginx", "python", "jwebserver")]
        return ours is not None and all(o is not None and o > ours for o in others)
    lost = [n for n in counts if beaten(n)]
    if not counts:
        facts["PEERS_OURS_LOSES_AT"] = MISSING
    elif lost == counts:
        facts["PEERS_OURS_LOSES_AT"] = "at every number of clients measured (" + ", ".join(map(str, counts)) + ")"
    elif lost:
        facts["PEERS_OURS_LOSES_AT"] = "at " + ", ".join(map(str, lost)) + " clients of the " + ", ".join(map(str, counts)) + " measured"
    else:
        facts["PEERS_OURS_LOSES_AT"] = "at none of the numbers of clients measured"


def main_job(facts, results):
    table = rows(results / "main_job.csv")
    for what in ["ours", "ours-jdk25", "nginx", "jvms", "transfer", "floor"]:
        row = latest(table, what=what)
        key = "MAIN_" + re.sub(r"[^A-Z0-9]", "_", what.upper())
        facts[key + "_S"] = fmt(number(row, "median_s"), 2)
    ours, floor = latest(table, what="ours"), latest(table, what="floor")
    facts["MAIN_VS_FLOOR"] = ratio(number(ours, "median_s"), number(floor, "median_s"))
    cpu, clients = number(ours, "client_cpu_s"), number(ours, "clients")
    facts["MAIN_CLIENT_CPU_MS_EACH"] = fmt(cpu * 1000 / clients) if cpu and clients else MISSING


def scale(facts, results):
    table = rows(results / "scale.csv")
    platform = [r for r in table if r["label"].startswith("ours-burst")]
    virtual = [r for r in table if r["label"].startswith("ours-virtual-burst")]
    facts["SCALE_PLATFORM_BURST_RSS"] = fmt(number(platform[-1] if platform else None, "server_peak_rss_mib"), 1)
    facts["SCALE_VIRTUAL_BURST_RSS"] = fmt(number(virtual[-1] if virtual else None, "server_peak_rss_mib"), 1)


def cluster(facts, results):
    table = rows(results / "cluster.csv")
    mib = lambda setup: number(latest(table, setup=setup), "mib_s")
    facts["CLUSTER_CAPPED_3_VS_1"] = ratio(mib("capped-3"), mib("capped-1"))
    facts["CLUSTER_BALANCER_VS_DIRECT"] = ratio(mib("uncapped-1"), mib("replica-direct"))
    facts["CLUSTER_UNCAPPED_1_MIBS"] = fmt(mib("uncapped-1"))
    facts["CLUSTER_DIRECT_MIBS"] = fmt(mib("replica-direct"))
    facts["CLUSTER_LOOPBACK_MIBS"] = fmt(mib("loopback"))
    # Run by run, through HAProxy against straight, and how far one setup's runs spread:
    # the text weighs the balancer's cost against that spread.
    runs = rows(results / "cluster-runs.csv")
    last = runs[-1]["date"] if runs else None
    by_run = lambda setup: {r["run"]: number(r, "mib_s") for r in runs
                            if r["date"] == last and r["setup"] == setup}
    balanced, direct = by_run("uncapped-1"), by_run("replica-direct")
    pairs = [ratio(balanced[run], direct[run]) for run in sorted(balanced, key=int) if run in direct]
    facts["CLUSTER_BALANCER_VS_DIRECT_RUNS"] = (", ".join(pairs[:-1]) + " and " + pairs[-1]
                                                if len(pairs) > 1 else MISSING)
    spread = sorted(v for v in balanced.values() if v is not None)
    facts["CLUSTER_UNCAPPED_1_RUNS_MIBS"] = (f"{spread[0]:.0f} to {spread[-1]:.0f}"
                                             if len(spread) > 1 else MISSING)


def capacity(facts, root, results):
    """The capacity model of the cluster appendix: 10,000 clients fetching bio.txt within
    a minute, and what that needs at the replicas' measured CPU cost per GiB."""
    clients, seconds = 10_000, 60
    bio = (root / "bio.txt").stat().st_size
    gib_s = clients * bio / seconds / 2**30
    gbit_s = clients * bio * 8 / seconds / 1e9
    facts["CAP_GIB_S"] = f"{gib_s:.1f}"
    facts["CAP_GBIT_S"] = f"{gbit_s:.0f}"
    facts["CAP_REPLICAS_AT_1_GBIT"] = str(math.ceil(gbit_s))
    cpu = number(latest(rows(results / "cluster.csv"), setup="uncapped-1"), "replicas_cpu_s_per_gib")
    facts["CAP_CORES"] = f"{gib_s * cpu:.0f}" if cpu else MISSING


def goals(facts, results):
    lines = []
    for name in ["goals.txt", "cluster.log"]:
        path = results / name
        if path.exists():
            lines += [l for l in path.read_text(encoding="utf-8").splitlines() if l.startswith("goal ")]
    met = sum(1 for l in lines if l.rstrip().endswith(" met"))
    missed = sum(1 for l in lines if l.rstrip().endswith("MISSED"))
    facts["GOALS_TOTAL"] = str(len(lines)) if lines else MISSING
    facts["GOALS_MET"] = str(met) if lines else MISSING
    facts["GOALS_MISSED"] = str(missed) if lines else MISSING
    facts["GOALS_NOT_BUILT"] = str(len(lines) - met - missed) if lines else MISSING


def main():
    if len(sys.argv) != 3 or sys.argv[1] in ("-h", "--help"):
        print(__doc__.strip())
        sys.exit(0 if len(sys.argv) == 2 else 2)
    root, generated = Path(sys.argv[1]), Path(sys.argv[2])
    results = root / "bench" / "results"
    facts = {}
    rounds(facts, root, generated)
    peers(facts, results)
    main_job(facts, results)
    scale(facts, results)
    cluster(facts, results)
    capacity(facts, root, results)
    goals(facts, results)
    for key, value in facts.items():
        print(f"{key}\t{value}")


if __name__ == "__main__":
    main()
