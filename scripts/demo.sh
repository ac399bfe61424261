#!/usr/bin/env bash
# The demo behind `make demo`: serve bio.txt, download it with N clients at once (default
# 50), and compare every copy with the original. Stops the server whatever happens.
set -euo pipefail

ROOT=$(readlink -f "$(dirname "${BASH_SOURCE[0]}")/..")
# shellcheck source=common.sh
source "$ROOT/scripts/common.sh"

if wants_help "$@"; then
  cat <<EOF
Usage: ${0##*/} [N]
Starts the server in the background, says where to watch it (its status page), runs
N clients (default 50) into $ROOT/received, checks their files with check_diff.sh, and
stops the server.
EOF
  exit 0
fi
(($# <= 1)) || usage_error "takes at most one argument, N"
clients=${1:-50}
# Checked before anything starts or is removed: a typo must not cost received/.
[[ $clients =~ ^[1-9][0-9]*$ ]] || usage_error "N must be a positive whole number, not '$clients'"

server_started=false
stop_server() {
  if $server_started; then
    "$ROOT/run_server.sh" --stop
  fi
}
trap stop_server EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

rm -rf "$ROOT/received"
started=$("$ROOT/run_server.sh" --background)
server_started=true
echo "$started"
# The port from run_server.sh's own line, so the URL is the one the server listens on.
port=$(sed -nE 's/^server running: PID [0-9]+, [^ ]+ port ([0-9]+), .*/\1/p' <<<"$started")
[[ -z $port ]] || echo "watch it at http://127.0.0.1:$port/status"
"$ROOT/run_clients.sh" "$clients"
"$ROOT/check_diff.sh"
