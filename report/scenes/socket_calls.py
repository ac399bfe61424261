#!/usr/bin/env python3
"""Summarises an strace log (strace -f -yy) to the calls made on TCP sockets that were
bound, listened on, accepted or connected, in the order they ran: the first line of each
call (of read and write, the first two; one that would have blocked, EAGAIN, is only
counted), then a count per call and the sizes of the reads and writes. The sockets a
program opens and closes again without a connection (the JVM probes socket options at
start-up; run_server.sh checks that the port is free) are only counted.

Usage: socket_calls.py [--first N] [--width COLUMNS] TRACE
"""
import argparse
import re
import sys
import textwrap
from collections import Counter, defaultdict

SOCKET_FD = re.compile(r"(\d+)<TCP(?:v6)?:\[.*?\]>")
ADDRESS = re.compile(r'\{sa_family=AF_INET6?, sin6?_port=htons\((\d+)\).*?"([^"]+)".*?\}')
OTHER_FD = re.compile(r"(\d+)<[A-Za-z_-]+:\[[^\]]*\]>")
CALL = re.compile(r"^(\w+)\((.*)\)\s+=\s+(-?\w+)(.*)$")


def merged_lines(lines):
    """Joins strace's '<unfinished ...>' and '<... resumed>' halves, and drops its notes."""
    pending = {}
    for line in lines:
        tid, _, text = line.rstrip("\n").partition(" ")
        text = text.strip()
        if text.startswith(("+++", "---")):
            continue
        if text.endswith("<unfinished ...>"):
            pending[tid] = text[: -len("<unfinished ...>")].rstrip()
            continue
        resumed = re.match(r"<\.\.\. \w+ resumed>\s?(.*)", text)
        if resumed:
            head = pending.pop(tid, "?(")
            text = head + (" " if head.endswith(",") else "") + resumed.group(1)
        yield text


def sockets(trace):
    """Yields (socket number, call, plain text, return value) for calls on TCP sockets."""
    current = {}  # fd -> socket number
    count = 0
    for text in merged_lines(trace):
        fds = SOCKET_FD.findall(text)
        if not fds:
            continue
        plain = ADDRESS.sub(lambda m: "{%s port %s}" % (m.group(2), m.group(1)), text)
        plain = OTHER_FD.sub(r"\1", SOCKET_FD.sub(r"\1", plain))
        plain = re.sub(r"\)\s+= ", ") = ", plain)
        match = CALL.match(plain)
        if not match:
            continue
        call, result = match.group(1), match.group(3)
        fd = fds[-1] if call in ("socket", "accept", "accept4") else fds[0]
        if call in ("socket", "accept", "accept4") and result.isdigit():
            count += 1
            current[fd] = count
        yield current.setdefault(fd, -int(fd) - 1), call, plain, result


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--first", type=int, default=2, help="lines of each read and write "
                        "shown (of other calls, 1)")
    parser.add_argument("--width", type=int, default=90, help="wrap longer lines")
    parser.add_argument("trace")
    args = parser.parse_args()
    with open(args.trace, encoding="utf-8", errors="replace") as trace:
        calls = list(sockets(trace))
    connected = {s for s, call, _, result in calls
                 if call in ("listen", "accept", "accept4")
                 or (call == "connect" and (result == "0" or "EINPROGRESS" in _))}
    shown, counts, others, blocked = Counter(), Counter(), Counter(), Counter()
    sizes = defaultdict(Counter)
    for socket, call, plain, result in calls:
        if socket not in connected:
            others[call] += 1
            continue
        counts[call] += 1
        if "EAGAIN" in plain:
            blocked[call] += 1
            continue
        if call in ("read", "write", "recvfrom", "sendto") and result.isdigit():
            sizes[call][int(result)] += 1
        shown[call] += 1
        if shown[call] <= (args.first if call in ("read", "write") else 1):
            # Wrapped, not cut: a line of the trace is shown whole, its rest indented.
            print(textwrap.fill(plain, args.width, subsequent_indent="    ",
                                break_on_hyphens=False))
    print("calls: " + ", ".join(f"{call} {n}" + (f" ({blocked[call]} EAGAIN)" if blocked[call] else "")
                                for call, n in counts.items()))
    for call, histogram in sizes.items():
        if len(histogram) <= 4:
            parts = [f"{n} of {size}" for size, n in histogram.items()]
            print(f"{call} sizes: " + ", ".join(parts) + " bytes")
        else:
            print(f"{call}: {sum(s * n for s, n in histogram.items())} bytes in "
                  f"{sum(histogram.values())} calls of {len(histogram)} sizes")
    if others:
        print(f"also {others['socket']} sockets opened and closed without a connection: "
              + ", ".join(f"{call} {n}" for call, n in others.items()))
    return 0 if connected else 1


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BrokenPipeError:  # a reader that stopped early, such as grep -q
        sys.exit(0)
