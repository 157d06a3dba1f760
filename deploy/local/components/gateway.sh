# shellcheck shell=bash
# The GraphQL gateway (services/gateway: Apollo Gateway over the composed supergraph, NestJS) on
# http://127.0.0.1:$GATEWAY_PORT/graphql, a Node service (components/node-service.sh) that starts after every
# subgraph of services/gateway/subgraphs.json. It verifies identity's access tokens with the public key and signs the
# caller for the subgraphs with the shared secret (components/secrets.sh). Sourced by lib.sh.

gateway_ports() { printf '%s' "$GATEWAY_PORT"; }
gateway_requires() { printf '%s ' "${SLA_SUBGRAPHS[@]}"; }
gateway_nx_project() { printf '@sla-desk/gateway'; }
gateway_stop_signal() { printf 'TERM'; }
gateway_needs() { node_service_needs; }
gateway_install() { node_service_install gateway; }

gateway_env() {
  export NODE_ENV=development LOG_LEVEL=info GATEWAY_HOST="$SLA_HOST" GATEWAY_PORT
  GATEWAY_SUBGRAPH_SECRET="$(cat "$(secret_file gateway-secret)")" && export GATEWAY_SUBGRAPH_SECRET
  JWT_PUBLIC_KEY="$(cat "$(secret_file jwt-public.pem)")" && export JWT_PUBLIC_KEY
  local name
  for name in "${SLA_SUBGRAPHS[@]}"; do
    export "SUBGRAPH_$(upper "$name")_URL=http://$SLA_HOST:$(subgraph_port "$name")/graphql"
  done
}

gateway_start() { node_service_start gateway; }

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
