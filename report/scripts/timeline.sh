#!/usr/bin/env bash
# Reads the server's transfer lines back from its log (the format of
# src/fileserver/server/TransferLog.java) and turns each into an interval, from accept to
# the line being written, for the report's timeline figure and its facts.
set -euo pipefail

ROOT=$(readlink -f "$(dirname "${BASH_SOURCE[0]}")/../..")
# shellcheck source=../../scripts/common.sh
source "$ROOT/scripts/common.sh"

usage() {
  cat <<EOF
Usage: ${0##*/} [--summary | --in-flight] SERVER_LOG

Reads the transfer lines of SERVER_LOG, one per finished transfer:
  2026-11-30T11:53:40.223508117Z 127.0.0.1:35030 id=7 "GET /bio.txt HTTP/1.1" 200 10485760 bytes 1234 ms
where the time stamp is when the line was written (after the last byte, once the client
had closed its side) and the milliseconds are the time since the connection was
accepted. Every other line (start-up, stop, clients that went away) is skipped.

Prints, as CSV on standard output, by default one row per transfer in order of accept:
  order,id,peer,status,bytes,start_s,end_s,seconds
with start_s and end_s in seconds since the first accept.

  --summary     instead, KEY<TAB>VALUE lines:
                  TRANSFERS       how many transfers the log holds
                  PEAK_CONCURRENT most transfers in flight at one moment
                  SPAN_S          seconds from the first accept to the last transfer's end
                  LAST_ACCEPT_S   seconds from the first accept to the last one
                  FIRST_END_S     seconds from the first accept to the first transfer's end
  --in-flight   instead, "seconds,in_flight": how many transfers were in flight from
                each moment on (a step function, one row per change)

Exits 1 if SERVER_LOG cannot be read or holds no transfer line.
EOF
}

mode=rows
log=
while (($#)); do
  case $1 in
    -h | --help)
      usage
      exit 0
      ;;
    --summary) mode=summary ;;
    --in-flight) mode=in-flight ;;
    -*) usage_error "unknown option: $1" ;;
    *)
      [[ -z $log ]] || usage_error "one SERVER_LOG only, not also '$1'"
      log=$1
      ;;
  esac
  shift
done
[[ -n $log ]] || usage_error "name the SERVER_LOG"
[[ -r $log && -f $log ]] || die "cannot read $log"

python3 - "$mode" "$log" <<'PYTHON'
import calendar, re, sys, time

mode, path = sys.argv[1], sys.argv[2]
# Instant.toString(): UTC, with 0, 3, 6 or 9 digits of fraction.
line_re = re.compile(
    r'^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d+))?Z (\S+) id=(\S+) "[^"]*" (\d{3}) (\d+) bytes (\d+) ms$')

transfers = []
with open(path, encoding="utf-8", errors="replace") as log:
    for line in log:
        m = line_re.match(line.rstrip("\n"))
        if not m:
            continue
        stamp, fraction, peer, client, status, size, millis = m.groups()
        end = calendar.timegm(time.strptime(stamp, "%Y-%m-%dT%H:%M:%S")) + float("0." + (fraction or "0"))
        start = end - int(millis) / 1000
        transfers.append((start, end, client, peer, status, size, int(millis)))
if not transfers:
    sys.exit(f"timeline.sh: no transfer line in {path}")

transfers.sort()
origin = transfers[0][0]
# Events at one instant: ends before starts, so a transfer that ends as another starts
# does not count as overlapping it (the log's clock has millisecond steps).
events = sorted([(t[0] - origin, 1) for t in transfers] + [(t[1] - origin, -1) for t in transfers],
                key=lambda e: (round(e[0], 6), e[1]))

if mode == "rows":
    print("order,id,peer,status,bytes,start_s,end_s,seconds")
    for order, (start, end, client, peer, status, size, millis) in enumerate(transfers, 1):
        client = client.replace(",", "_")  # the id is the client's own text
        print(f"{order},{client},{peer},{status},{size},{start - origin:.3f},{end - origin:.3f},{millis / 1000:.3f}")
elif mode == "in-flight":
    print("seconds,in_flight")
    count = 0
    print(f"{0:.3f},0")
    for at, step in events:
        count += step
        print(f"{at:.3f},{count}")
else:
    count = peak = 0
    for _, step in events:
        count += step
        peak = max(peak, count)
    print(f"TRANSFERS\t{len(transfers)}")
    print(f"PEAK_CONCURRENT\t{peak}")
    print(f"SPAN_S\t{max(t[1] for t in transfers) - origin:.2f}")
    print(f"LAST_ACCEPT_S\t{transfers[-1][0] - origin:.2f}")
    print(f"FIRST_END_S\t{min(t[1] for t in transfers) - origin:.2f}")
PYTHON
