# shellcheck shell=bash
# The GraphQL gateway (services/gateway: Apollo Gateway over the composed supergraph, NestJS) on
# http://127.0.0.1:$GATEWAY_PORT/graphql, run from its build (dist/; up builds it with Nx first). It verifies identity's
# access tokens with the public key and signs the caller for the subgraphs with the shared secret, both from
# $SLA_HOME/identity/ (components/identity.sh). Sourced by lib.sh; uses its helpers.

GATEWAY_DIR="$SLA_REPO_ROOT/services/gateway"
GATEWAY_MAIN="$GATEWAY_DIR/dist/main.js"

gateway_ports() { printf '%s' "$GATEWAY_PORT"; }
gateway_requires() { printf 'identity'; }
gateway_nx_project() { printf '@sla-desk/gateway'; }
gateway_stop_signal() { printf 'TERM'; }
gateway_needs() { have node || printf 'node 20\n'; }

gateway_install() {
  [[ -f "$GATEWAY_MAIN" ]] ||
    die "gateway: $(pretty_path "$GATEWAY_MAIN") is missing (the build did not produce it; see $(pretty_path "$(log_file build)"))"
  identity_secrets
}

gateway_env() {
  export NODE_ENV=development LOG_LEVEL=info
  export GATEWAY_HOST="$SLA_HOST" GATEWAY_PORT
  GATEWAY_SUBGRAPH_SECRET="$(cat "$IDENTITY_STATE/gateway-secret")" && export GATEWAY_SUBGRAPH_SECRET
  JWT_PUBLIC_KEY="$(cat "$IDENTITY_STATE/jwt-public.pem")" && export JWT_PUBLIC_KEY
  export SUBGRAPH_IDENTITY_URL="http://$SLA_HOST:$IDENTITY_PORT/graphql"
}

# --sla-desk-home=… (ignored by the service) puts $SLA_HOME on the command line for component_running.
gateway_start() {
  (
    gateway_env
    start_bg gateway node "$GATEWAY_MAIN" "--sla-desk-home=$SLA_HOME"
  )
}

gateway_probe() { [[ "$(http_status "$GATEWAY_PORT" /health)" == 200 ]]; }

# /health is liveness only: also run a real GraphQL operation through the gateway's pipeline.
gateway_after_ready() {
  local status
  status="$(http_status "$GATEWAY_PORT" /graphql '{"query":"{ __typename }"}')"
  if [[ "$status" != 200 ]]; then
    printf 'error: gateway: POST /graphql { __typename } answered %s, not 200\n' "${status:-nothing}" >&2
    show_log_tail gateway 40
    return 1
  fi
}

gateway_summary() {
  printf '  %-15s %s\n' GraphQL "http://$SLA_HOST:$GATEWAY_PORT/graphql (Apollo Sandbox in a browser)"
}
