# shellcheck shell=bash
# The tickets subgraph: a standard subgraph component (components/node-service.sh) that also talks to Temporal (it
# starts the ticket workflows and runs their updates on the worker's task queue) and owns the `ticket_view` read
# model the worker writes: it migrates the `tickets` database at start, so the worker (which requires it) finds the
# table. A new ticket's contract comes from the contracts subgraph (entitlement), and the ticket re-planner asks it for
# changed terms. Sourced by lib.sh after node-service.sh.

tickets_requires() { printf 'postgres %s temporal' "$SLA_KAFKA_COMPONENTS"; }

tickets_env() {
  subgraph_env tickets
  export TEMPORAL_ADDRESS="$SLA_HOST:$TEMPORAL_PORT" TEMPORAL_NAMESPACE=default TEMPORAL_TASK_QUEUE="$WORKER_TASK_QUEUE" # components/worker.sh
  TICKETS_CONTRACTS_URL="http://$SLA_HOST:$(subgraph_port contracts)/graphql" && export TICKETS_CONTRACTS_URL
}
