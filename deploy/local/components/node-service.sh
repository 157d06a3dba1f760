# shellcheck shell=bash
# Node application processes (the subgraphs, the gateway, the worker) run the same way: built by up with Nx, started
# from dist/ with the environment their <c>_env function exports, stopped with SIGTERM (graceful shutdown). Subgraphs
# need nothing else: every subgraph listed in services/gateway/subgraphs.json is a component, with its port from there
# (SLA_DESK_<NAME>_PORT overrides), the database of its name, Kafka and the shared secrets. A components/<name>.sh may
# add steps (identity bootstraps the provider admin). Sourced by lib.sh.

# "<name> <port>" per subgraph, in the registry's order.
subgraph_registry() {
  node -e '
    const { subgraphs } = require(process.argv[1]);
    for (const s of subgraphs) console.log(s.name, new URL(s.url).port);
  ' "$SLA_REPO_ROOT/services/gateway/subgraphs.json"
}

mapfile -t SLA_SUBGRAPH_LINES < <(subgraph_registry)
SLA_SUBGRAPHS=()
for line in "${SLA_SUBGRAPH_LINES[@]}"; do SLA_SUBGRAPHS+=("${line%% *}"); done
unset line

upper() { printf '%s' "$1" | tr '[:lower:]-' '[:upper:]_'; }

# The port of subgraph NAME: SLA_DESK_<NAME>_PORT, else the registry's; plus instance_port_offset (the cluster
# profile's second instances set SLA_INSTANCE=2).
subgraph_port() {
  local override line
  override="SLA_DESK_$(upper "$1")_PORT"
  if [[ -n "${!override:-}" ]]; then printf '%s' "$((${!override} + $(instance_port_offset)))"; return; fi
  for line in "${SLA_SUBGRAPH_LINES[@]}"; do
    if [[ "${line%% *}" == "$1" ]]; then printf '%s' "$((${line##* } + $(instance_port_offset)))"; return; fi
  done
  die "unknown subgraph $1"
}

# 0 for the first instance of an application process; SLA_DESK_INSTANCE_PORT_OFFSET (default 100) per further one.
instance_port_offset() { printf '%s' "$(((${SLA_INSTANCE:-1} - 1) * ${SLA_DESK_INSTANCE_PORT_OFFSET:-100}))"; }

node_service_main() { printf '%s/services/%s/dist/main.js' "$SLA_REPO_ROOT" "$1"; }
node_service_needs() { have node || printf 'node 20\n'; }

node_service_install() {
  [[ -f "$(node_service_main "$1")" ]] ||
    die "$1: $(pretty_path "$(node_service_main "$1")") is missing (the build did not produce it; see $(pretty_path "$(log_file build)"))"
  local_secrets
}

# node_service_start NAME [ARGS…]: runs dist/main.js with NAME's environment (<name>_env, in a subshell). The trailing
# --sla-desk-home=… is ignored by the services; it puts $SLA_HOME on the command line, which component_running checks.
node_service_start() { node_service_start_as "$1" "$@"; }

# node_service_start_as COMPONENT SERVICE [ARGS…]: the same for another component running SERVICE's build (the cluster
# profile's second instances: its <component>_env).
node_service_start_as() {
  local component="$1" service="$2"
  shift 2
  (
    "${component}_env"
    start_bg "$component" node "$(node_service_main "$service")" "$@" "--sla-desk-home=$SLA_HOME"
  )
}

# The environment every subgraph runs with (exported: call in a subshell). Secrets are read from files, never put on
# a command line.
subgraph_env() {
  local name="$1" prefix
  prefix="$(upper "$name")"
  export NODE_ENV=development LOG_LEVEL=info
  KAFKA_BROKERS="$(kafka_bootstrap)" && export KAFKA_BROKERS
  profile_service_env
  export "${prefix}_HOST=$SLA_HOST" "${prefix}_PORT=$(subgraph_port "$name")" "${prefix}_DATABASE_URL=$(pg_app_url "$name")"
  GATEWAY_SUBGRAPH_SECRET="$(cat "$(secret_file gateway-secret)")" && export GATEWAY_SUBGRAPH_SECRET
}

# Defines the component functions of subgraph NAME (a components/NAME.sh may define more, or override these).
define_subgraph_component() {
  local name="$1"
  eval "
    ${name}_ports() { subgraph_port $name; }
    ${name}_requires() { printf 'postgres %s' \"\$SLA_KAFKA_COMPONENTS\"; }
    ${name}_nx_project() { printf '@sla-desk/$name'; }
    ${name}_stop_signal() { printf 'TERM'; }
    ${name}_needs() { node_service_needs; }
    ${name}_install() { node_service_install $name; }
    ${name}_env() { subgraph_env $name; }
    ${name}_start() { node_service_start $name; }
    ${name}_probe() { [[ \"\$(http_status \"\$(subgraph_port $name)\" /health)\" == 200 ]]; }
    ${name}_after_ready() { :; }
    ${name}_summary() { printf '  %-15s %s\n' $name \"http://\$SLA_HOST:\$(subgraph_port $name)/graphql (subgraph; use the gateway)\"; }
  "
}

for name in "${SLA_SUBGRAPHS[@]}"; do define_subgraph_component "$name"; done
unset name
