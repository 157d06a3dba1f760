# shellcheck shell=bash
# The cluster profile (`npm run up -- --profile cluster`): SLA Desk at its production shape on one machine.
#   temporal      the Temporal server built from its Go module, PostgreSQL persistence + visibility (cluster/temporal.sh)
#   temporal_ui   the Temporal Web UI server pointed at it
#   kafka, kafka_2, kafka_3   a 3-node KRaft cluster (cluster/kafka.sh)
#   <subgraph>, <subgraph>_2  two instances of every subgraph; instance 2 on its port + SLA_DESK_INSTANCE_PORT_OFFSET
#   gateway, gateway_2        two gateways; gateway_2 routes to the second instances
#   worker, worker_2          two workers on the task queue
# State in .local/cluster (SLA_DESK_HOME overrides). Sourced by lib.sh after the local components, whose functions
# it reuses or redefines.
# shellcheck disable=SC2034  # sets lib.sh's variables

# shellcheck source=deploy/local/cluster/temporal.sh
source "$SLA_DEPLOY_DIR/cluster/temporal.sh"
# shellcheck source=deploy/local/cluster/kafka.sh
source "$SLA_DEPLOY_DIR/cluster/kafka.sh"

# define_second_instance NAME: the component NAME_2 runs NAME's build with NAME's environment on the next port range
# (SLA_INSTANCE=2: subgraph_port adds the offset). It starts once NAME is ready, so only the first instance runs a
# subgraph's start-up migrations on a fresh database.
define_second_instance() {
  local name="$1" c="$1_2"
  eval "
    ${c}_requires() { printf '$name'; }
    ${c}_nx_project() { ${name}_nx_project; }
    ${c}_stop_signal() { printf 'TERM'; }
    ${c}_needs() { node_service_needs; }
    ${c}_install() { node_service_install $name; }
    ${c}_env() { SLA_INSTANCE=2; ${name}_env; }
    ${c}_after_ready() { :; }
  "
  case "$name" in
  worker)
    worker_2_ports() { :; }
    worker_2_start() { node_service_start_as worker_2 worker --stack-env "$SLA_STACK_ENV"; }
    worker_2_probe() { worker_probe_of worker_2; }
    worker_2_summary() { printf '  %-15s %s\n' "Worker 2" "task queue $WORKER_TASK_QUEUE (log $(pretty_path "$(log_file worker_2)"))"; }
    ;;
  gateway)
    gateway_2_port() { printf '%s' "$((GATEWAY_PORT + SLA_INSTANCE_OFFSET))"; }
    gateway_2_requires() { local s; for s in "${SLA_SUBGRAPHS[@]}"; do printf '%s_2 ' "$s"; done; }
    gateway_2_env() { SLA_INSTANCE=2 GATEWAY_PORT="$(gateway_2_port)"; gateway_env; }
    gateway_2_ports() { gateway_2_port; }
    gateway_2_start() { node_service_start_as gateway_2 gateway; }
    gateway_2_probe() { [[ "$(http_status "$(gateway_2_port)" /health)" == 200 ]]; }
    gateway_2_after_ready() { GATEWAY_PORT="$(gateway_2_port)" gateway_after_ready; }
    gateway_2_summary() {
      printf '  %-15s %s\n' "GraphQL 2" "http://$SLA_HOST:$(gateway_2_port)/graphql (gateway 2, routes to the subgraphs' second instances)"
    }
    ;;
  *)
    eval "
      ${c}_ports() { SLA_INSTANCE=2 subgraph_port $name; }
      ${c}_start() { node_service_start_as $c $name; }
      ${c}_probe() { [[ \"\$(http_status \"\$(SLA_INSTANCE=2 subgraph_port $name)\" /health)\" == 200 ]]; }
      ${c}_summary() { printf '  %-15s %s\n' '$name 2' \"http://\$SLA_HOST:\$(SLA_INSTANCE=2 subgraph_port $name)/graphql\"; }
    "
    ;;
  esac
}

use_cluster_profile() {
  SLA_INSTANCE_OFFSET="${SLA_DESK_INSTANCE_PORT_OFFSET:-100}"
  SLA_KAFKA_COMPONENTS="kafka kafka_2 kafka_3"
  local f n s
  # temporal = the server; kafka = node 1.
  for f in ports needs install start probe after_ready summary; do
    eval "temporal_${f}() { temporal_cluster_${f}; }"
  done
  temporal_requires() { printf 'postgres'; } # schemas and persistence live there
  for n in "${KAFKA_CLUSTER_NODES[@]}"; do define_kafka_node "$n"; done
  kafka_bootstrap() { kafka_cluster_bootstrap; }
  # Every topic the services create: 3 replicas (min.insync.replicas 2 is the brokers' default).
  profile_service_env() { export KAFKA_TOPIC_REPLICATION_FACTOR=3; }
  profile_stack_env() {
    printf 'KAFKA_TOPIC_REPLICATION_FACTOR=3\nSLA_DESK_PROFILE=cluster\n'
    printf 'GRAPHQL_URL_2=http://%s:%s/graphql\n' "$SLA_HOST" "$(gateway_2_port)"
    printf 'TEMPORAL_SERVER_PID_FILE=%s\n' "$(pid_file temporal)"
  }
  for s in "${SLA_SUBGRAPHS[@]}" gateway worker; do define_second_instance "$s"; done
  # The last KRaft node to stop alone has no quorum left and hangs in its controlled shutdown: when down reaches the
  # first node, it signals every node it is stopping.
  profile_before_stop() {
    local target="$1" n c
    shift
    [[ " $SLA_KAFKA_COMPONENTS " == *" $target "* ]] || return 0
    for n in "${KAFKA_CLUSTER_NODES[@]}"; do
      c="$(kafka_node_component "$n")"
      if [[ " $* " == *" $c "* ]] && component_running "$c"; then kill -TERM "$(read_pid "$c")" 2>/dev/null || true; fi
    done
  }

  SLA_INFRA_COMPONENTS=(postgres kafka kafka_2 kafka_3 temporal)
  SLA_APP_COMPONENTS=("${SLA_SUBGRAPHS[@]}")
  for s in "${SLA_SUBGRAPHS[@]}"; do SLA_APP_COMPONENTS+=("${s}_2"); done
  SLA_APP_COMPONENTS+=(gateway gateway_2 worker worker_2)
  SLA_COMPONENTS=("${SLA_INFRA_COMPONENTS[@]}" "${SLA_APP_COMPONENTS[@]}" temporal_ui)
  PG_DATABASES+=(temporal temporal_visibility)
}
