# shellcheck shell=bash
# shellcheck disable=SC2153 # STATE, TEMPLATE and the settings are set by run_cluster.sh
# Sourced by cluster/run_cluster.sh (which sets ROOT, RUN_DIR, STATE and the settings): the state file of what was made and HAProxy's stats socket (processes: scripts/processes.sh).

# --- The state file: one line per thing made, recorded before it is made, so that
# --stop can undo a start that was cut short at any point.

# record WORDS...: appends one line to the state file.
record() {
  echo "$*" >>"$STATE"
}

# recorded KEY: prints the rest of each state line that starts with KEY.
recorded() {
  [[ -f $STATE ]] || return 0
  awk -v key="$1" '$1 == key { sub("^[^ ]+ ", ""); print }' "$STATE"
}

# recorded_one KEY: the last value recorded for KEY (empty if none).
recorded_one() {
  recorded "$1" | tail -n 1
}

# --- HAProxy's stats socket.

# haproxy_command COMMAND: sends COMMAND to HAProxy's stats socket and prints the answer.
haproxy_command() {
  echo "$1" | socat -t 5 stdio "unix-connect:$RUN_DIR/haproxy.sock"
}

# server_states: one line per replica from HAProxy's `show stat`: "rK STATUS CHECK SCUR
# STOT" (e.g. "r1 UP L7OK 3 17": up, its last check passed, 3 connections now, 17 in
# all). Fails if HAProxy does not answer.
server_states() {
  local answer
  answer=$(haproxy_command "show stat" 2>/dev/null) || return 1
  awk -F, '
    NR == 1 { sub(/^# /, ""); for (i = 1; i <= NF; i++) column[$i] = i; next }
    $1 == "replicas" && $2 ~ /^r[0-9]+$/ {
      # A status in transition has a space: "UP 1/2" is up with 1 of 2 checks failed.
      status = $column["status"]; gsub(/ /, "_", status)
      check = $column["check_status"]; sub(/^\* /, "", check)
      print $2, status, (check == "" ? "-" : check), $column["scur"], $column["stot"]
    }' <<<"$answer"
}

# all_up COUNT: true if HAProxy reports COUNT replicas, each UP after a passed check.
all_up() {
  local states
  states=$(server_states) || return 1
  (($(awk '$2 == "UP" && $3 == "L7OK"' <<<"$states" | wc -l) == $1))
}

# replica_state K: prints HAProxy's "STATUS CHECK" for replica K, or fails.
replica_state() {
  local states
  states=$(server_states) || return 1
  awk -v name="r$1" '$1 == name { print $2, $3; found = 1 } END { exit !found }' <<<"$states"
}
