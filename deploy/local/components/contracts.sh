# shellcheck shell=bash
# The contracts subgraph: a standard subgraph component (components/node-service.sh) that also starts contract
# onboarding workflows, so it needs Temporal and the worker's task queue, and asks the catalog subgraph which
# components exist. Sourced by lib.sh after node-service.sh.

contracts_requires() { printf 'postgres %s temporal' "$SLA_KAFKA_COMPONENTS"; }

contracts_env() {
  subgraph_env contracts
  # The worker's task queue (WORKER_TASK_QUEUE of components/worker.sh, SLA_DESK_TASK_QUEUE of @sla-desk/workflow-api).
  export TEMPORAL_ADDRESS="$SLA_HOST:$TEMPORAL_PORT" TEMPORAL_NAMESPACE=default TEMPORAL_TASK_QUEUE="sla-desk"
  CONTRACTS_CATALOG_URL="http://$SLA_HOST:$(subgraph_port catalog)/graphql" && export CONTRACTS_CATALOG_URL
}
