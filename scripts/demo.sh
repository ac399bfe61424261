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
Starts the server in the background, runs N clients (default 50) into
$ROOT/received, checks their files with check_diff.sh, and stops the server.
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
"$ROOT/run_server.sh" --background
server_started=true
"$ROOT/run_clients.sh" "$clients"
"$ROOT/check_diff.sh"
