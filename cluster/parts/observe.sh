# shellcheck shell=bash
# shellcheck disable=SC2153 # STATE, RUN_DIR and the settings are set by run_cluster.sh
# Sourced by cluster/run_cluster.sh (which sets ROOT, RUN_DIR, STATE and the settings):
# what an operator watches. The URLs of HAProxy's stats page and exporter and of each
# replica's status, and the Prometheus that --prometheus runs in the cluster's directory.

PROMETHEUS_STOP_TIMEOUT_S=10

# require_prometheus: the Prometheus server and curl (to ask it whether it is ready).
require_prometheus() {
  command -v prometheus >/dev/null ||
    die "prometheus is not installed (apt-get install prometheus); --prometheus runs it"
  command -v curl >/dev/null || die "curl is not installed (apt-get install curl); --prometheus needs it"
}

# write_prometheus_config STATS_PORT: prometheus.yml: HAProxy's exporter, job haproxy,
# and each replica's /metrics, job fileserver, each labelled instance="rK" as HAProxy
# names it, all every second (a failover is over in seconds).
write_prometheus_config() {
  local stats_port=$1 k address netns
  {
    echo "# Written by run_cluster.sh --prometheus, removed by --stop."
    echo "global:"
    echo "  scrape_interval: 1s"
    echo "  scrape_timeout: 1s"
    echo "scrape_configs:"
    echo "  - job_name: haproxy"
    echo "    static_configs:"
    echo "      - targets: ['127.0.0.1:$stats_port']"
    echo "        labels: {instance: haproxy}"
    echo "  - job_name: fileserver"
    echo "    static_configs:"
    while read -r k address netns; do
      echo "      - targets: ['$address:$REPLICA_PORT']"
      echo "        labels: {instance: r$k, netns: $netns}"
    done < <(recorded replica)
  } >"$RUN_DIR/prometheus.yml"
}

# prometheus_ready PORT: true once the Prometheus on PORT says it serves queries.
prometheus_ready() {
  curl -sf -o /dev/null --max-time 1 "http://127.0.0.1:$1/-/ready"
}

# start_prometheus PORT STATS_PORT: Prometheus on 127.0.0.1:PORT, its database in
# prometheus-data/, its output in prometheus.log; returns once it is ready.
start_prometheus() {
  local port=$1 stats_port=$2
  write_prometheus_config "$stats_port"
  rm -rf "$RUN_DIR/prometheus-data"
  prometheus --config.file="$RUN_DIR/prometheus.yml" --storage.tsdb.path="$RUN_DIR/prometheus-data" \
    --web.listen-address="127.0.0.1:$port" >"$RUN_DIR/prometheus.log" 2>&1 </dev/null &
  local pid=$!
  record prometheus "$pid"
  record prometheus_port "$port"
  local waited=0
  wait_ready "$pid" "$START_TIMEOUT_S" prometheus_ready "$port" || waited=$?
  if ((waited)); then
    local what="was not ready within $START_TIMEOUT_S s"
    ((waited == 2)) || what=exited
    echo "${0##*/}: Prometheus $what; end of $RUN_DIR/prometheus.log:" >&2
    tail -n 10 "$RUN_DIR/prometheus.log" | sed 's/^/    /' >&2
    exit 1
  fi
}

# stop_prometheus: stops the recorded Prometheus, if any, and removes its database and
# configuration (its log stays).
stop_prometheus() {
  local pid
  pid=$(recorded_one prometheus)
  if [[ -n $pid ]] && runs_as "$pid" prometheus; then
    stop_process "$pid" "$PROMETHEUS_STOP_TIMEOUT_S" Prometheus || true
    echo "stopped Prometheus (PID $pid)"
  fi
  rm -rf "$RUN_DIR/prometheus-data" "$RUN_DIR/prometheus.yml"
}

# watch_urls: where to watch the balancer, and Prometheus if --prometheus started one.
watch_urls() {
  local stats_port prometheus_port pid replicas
  stats_port=$(recorded_one stats_port)
  echo "  HAProxy's stats page: http://127.0.0.1:$stats_port/stats; its metrics: http://127.0.0.1:$stats_port/metrics"
  prometheus_port=$(recorded_one prometheus_port)
  [[ -n $prometheus_port ]] || return 0
  pid=$(recorded_one prometheus)
  replicas=$(recorded replica | wc -l)
  if [[ -n $pid ]] && runs_as "$pid" prometheus; then
    echo "  Prometheus: http://127.0.0.1:$prometheus_port/ (PID $pid), scraping HAProxy and the $replicas replicas every 1 s"
  else
    echo "  Prometheus: not running (it was PID ${pid:-unknown}; see $RUN_DIR/prometheus.log)"
  fi
}

# replica_urls ADDRESS: where to watch the replica at ADDRESS, from this machine.
replica_urls() {
  echo "  status page: http://$1:$REPLICA_PORT/status; metrics: http://$1:$REPLICA_PORT/metrics"
}
