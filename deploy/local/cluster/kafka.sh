# shellcheck shell=bash
# The cluster profile's Kafka: a 3-node KRaft cluster, each node broker and controller (components kafka, kafka_2,
# kafka_3), from the same Maven Central jars as the local profile's broker. Node n listens on KAFKA_PORT + 10(n-1)
# (controller KAFKA_CONTROLLER_PORT + 10(n-1)): 9092/9093, 9102/9103, 9112/9113 by default. Replication factor 3 and
# min.insync.replicas 2 (kafka-server.properties). Sourced by cluster/profile.sh; redefines the `kafka` component's
# functions as node 1's.

KAFKA_CLUSTER_DIR="$SLA_HOME/kafka-cluster"
KAFKA_CLUSTER_NODES=(1 2 3)
# The jars of the local profile's state folder when they match the pom (hard links): no second Maven download.
KAFKA_JAR_CACHE="${SLA_DESK_KAFKA_JAR_CACHE:-$SLA_REPO_ROOT/.local/kafka/libs}"
# Three JVMs on a small machine.
KAFKA_HEAP="${SLA_DESK_KAFKA_HEAP:--Xmx384m}"

kafka_node_port() { printf '%s' "$((KAFKA_PORT + 10 * ($1 - 1)))"; }
kafka_node_controller_port() { printf '%s' "$((KAFKA_CONTROLLER_PORT + 10 * ($1 - 1)))"; }
kafka_node_component() { if (($1 == 1)); then printf 'kafka'; else printf 'kafka_%s' "$1"; fi; }
kafka_node_dir() { printf '%s/broker-%s' "$KAFKA_CLUSTER_DIR" "$1"; }

kafka_cluster_bootstrap() {
  local n out=()
  for n in "${KAFKA_CLUSTER_NODES[@]}"; do out+=("$SLA_HOST:$(kafka_node_port "$n")"); done
  (IFS=,; printf '%s' "${out[*]}")
}

kafka_cluster_voters() {
  local n out=()
  for n in "${KAFKA_CLUSTER_NODES[@]}"; do out+=("$n@$SLA_HOST:$(kafka_node_controller_port "$n")"); done
  (IFS=,; printf '%s' "${out[*]}")
}

kafka_node_install() {
  local n="$1" dir
  dir="$(kafka_node_dir "$n")"
  kafka_jars_install
  mkdir -p "$KAFKA_CLUSTER_DIR"
  KAFKA_QUORUM_VOTERS="$(kafka_cluster_voters)" kafka_render_and_format "$n" "$dir/data" "$dir/server.properties" \
    "$KAFKA_CLUSTER_DIR/cluster-id" "$SLA_DEPLOY_DIR/cluster/kafka-server.properties" "$(kafka_node_port "$n")" \
    "$(kafka_node_controller_port "$n")" "$(kafka_node_component "$n")"
}

kafka_node_start() {
  local n="$1"
  start_bg "$(kafka_node_component "$n")" java "$KAFKA_HEAP" -Dlog4j.configuration="file:$KAFKA_LOG4J" \
    -cp "$KAFKA_LIBS/*" kafka.Kafka "$(kafka_node_dir "$n")/server.properties"
}

# Ready when the node's client port answers a metadata request (the cluster has elected a controller by then).
kafka_node_probe() {
  local port
  port="$(kafka_node_port "$1")"
  (exec 3<>"/dev/tcp/$SLA_HOST/$port") 2>/dev/null || return 1
  (cd "$SLA_REPO_ROOT" && timeout 10 node "$SLA_DEPLOY_DIR/kafka/probe.js" "$SLA_HOST:$port")
}

# Defines the component functions of node N (node 1 is `kafka`, so the services' requirements keep their name).
define_kafka_node() {
  local n="$1" c
  c="$(kafka_node_component "$n")"
  eval "
    ${c}_ports() { printf '%s %s' \"\$(kafka_node_port $n)\" \"\$(kafka_node_controller_port $n)\"; }
    ${c}_requires() { :; }
    ${c}_stop_signal() { printf 'TERM'; }
    ${c}_needs() { kafka_jvm_needs; }
    ${c}_install() { kafka_node_install $n; }
    ${c}_start() { kafka_node_start $n; }
    ${c}_probe() { kafka_node_probe $n; }
    ${c}_after_ready() { :; }
    ${c}_summary() { printf '  %-15s %s\n' 'Kafka node $n' \"\$SLA_HOST:\$(kafka_node_port $n) (controller \$(kafka_node_controller_port $n))\"; }
  "
}
