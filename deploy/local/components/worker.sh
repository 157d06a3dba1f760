# shellcheck shell=bash
# The SLA Desk Temporal worker (services/worker) on the task queue `sla-desk`, a Node service
# (components/node-service.sh). Sourced by lib.sh; uses its helpers. Starts once postgres, temporal, kafka and the
# tickets subgraph are ready: tickets owns and migrates the `ticket_view` read model the worker writes (the worker
# refuses to start without the table), the contracts subgraph hands out each contract's terms and the catalog names a
# component's next release; down stops it first. It creates its Kafka topics itself.

WORKER_TASK_QUEUE="sla-desk" # SLA_DESK_TASK_QUEUE of @sla-desk/workflow-api
# V8 heap limit of each of the worker's isolates (main and workflow thread): the limit makes V8 collect before garbage
# piles up (no limit: RSS depended on when the collector last ran). MALLOC_ARENA_MAX: glibc's malloc gives each
# thread that allocates (Temporal core's runtime threads) arenas of its own, and their fragmentation only grows: with
# 2, 10 000 open tickets and 1 200 cached held 572 MiB instead of 604. bench:tickets:rss runs the worker the same way.
WORKER_HEAP_MIB=256
WORKER_MALLOC_ARENA_MAX=2

worker_ports() { :; } # no listening port: it polls Temporal
worker_requires() { printf 'postgres temporal %s tickets contracts catalog' "$SLA_KAFKA_COMPONENTS"; }
worker_nx_project() { printf '@sla-desk/worker'; }
worker_stop_signal() { printf 'TERM'; } # graceful: stop polling, finish activities (10 s), close producer and pool
worker_needs() { node_service_needs; }
worker_install() { node_service_install worker; }

# The stack's addresses are set explicitly (a caller's TEMPORAL_ADDRESS or TICKETS_DATABASE_URL must not redirect
# it); --stack-env names this stack's stack.env (up writes it before starting anything) and puts $SLA_HOME on the
# command line, which component_running checks.
worker_env() {
  export NODE_ENV=development LOG_LEVEL=info NODE_OPTIONS="--max-old-space-size=$WORKER_HEAP_MIB"
  export MALLOC_ARENA_MAX="$WORKER_MALLOC_ARENA_MAX"
  export TEMPORAL_ADDRESS="$SLA_HOST:$TEMPORAL_PORT" TEMPORAL_NAMESPACE=default TEMPORAL_TASK_QUEUE="$WORKER_TASK_QUEUE"
  KAFKA_BROKERS="$(kafka_bootstrap)" && export KAFKA_BROKERS
  profile_service_env
  TICKETS_DATABASE_URL="$(pg_app_url tickets)" && export TICKETS_DATABASE_URL
  WORKER_CONTRACTS_URL="http://$SLA_HOST:$(subgraph_port contracts)/graphql" && export WORKER_CONTRACTS_URL
  WORKER_CATALOG_URL="http://$SLA_HOST:$(subgraph_port catalog)/graphql" && export WORKER_CATALOG_URL
  GATEWAY_SUBGRAPH_SECRET="$(cat "$(secret_file gateway-secret)")" && export GATEWAY_SUBGRAPH_SECRET
}

worker_start() { node_service_start worker --stack-env "$SLA_STACK_ENV"; }

# Ready when (1) the log shows "worker running" after the last start marker (the log is appended across starts) and
# (2) Temporal lists this process (identity <pid>@<hostname>) among the task queue's pollers.
worker_probe() { worker_probe_of worker; }

# worker_probe_of COMPONENT: the same for any component running the worker (the cluster profile's worker_2).
worker_probe_of() {
  local name="$1" log pid
  log="$(log_file "$name")"
  [[ -f "$log" ]] || return 1
  tac "$log" | sed "/^=== .*: starting $name: /q" | grep -q '"msg":"worker running"' || return 1
  pid="$(read_pid "$name")" || return 1
  timeout 5 "$TEMPORAL_CLI" task-queue describe --task-queue "$WORKER_TASK_QUEUE" --address "$SLA_HOST:$TEMPORAL_PORT" \
    --namespace default -o json 2>/dev/null | grep -qF "\"$pid@$(hostname)\""
}

worker_after_ready() { :; }

worker_summary() {
  printf '  %-15s %s\n' Worker "task queue $WORKER_TASK_QUEUE on $SLA_HOST:$TEMPORAL_PORT (log $(pretty_path "$(log_file worker)"))"
}
