#!/usr/bin/env bash
# The identity subgraph and the gateway on the local stack (after `npm run up`):
#   services/gateway/scripts/local-services.sh start|stop|status|env
# start: generates local secrets once (.local/identity/), builds if dist/ is missing, applies identity migrations,
# bootstraps the provider admin once, starts identity (127.0.0.1:4001) then the gateway (127.0.0.1:4000/graphql),
# each waited for on /health. Idempotent: what already runs is kept. PID files .local/run/{identity,gateway}.pid,
# logs .local/logs/{identity,gateway}.log (JSON lines). Ports: IDENTITY_PORT / GATEWAY_PORT override.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
HOME_DIR="${SLA_DESK_HOME:-$ROOT/.local}"
STATE="$HOME_DIR/identity"
RUN="$HOME_DIR/run"
LOGS="$HOME_DIR/logs"
IDENTITY_PORT="${IDENTITY_PORT:-4001}"
GATEWAY_PORT="${GATEWAY_PORT:-4000}"

die() { printf 'local-services: %s\n' "$*" >&2; exit 1; }

stack_env() {
  [[ -f "$HOME_DIR/stack.env" ]] || die "$HOME_DIR/stack.env not found: run \`npm run up\` first"
  set -a
  # shellcheck disable=SC1091
  . "$HOME_DIR/stack.env"
  set +a
}

secrets() {
  mkdir -p "$STATE" && chmod 700 "$STATE"
  if [[ ! -f "$STATE/jwt-private.pem" ]]; then
    node -e '
      const { generateKeyPairSync } = require("node:crypto");
      const fs = require("node:fs");
      const { privateKey, publicKey } = generateKeyPairSync("ed25519");
      fs.writeFileSync(process.argv[1], privateKey.export({ type: "pkcs8", format: "pem" }), { mode: 0o600 });
      fs.writeFileSync(process.argv[2], publicKey.export({ type: "spki", format: "pem" }), { mode: 0o644 });
    ' "$STATE/jwt-private.pem" "$STATE/jwt-public.pem"
  fi
  [[ -f "$STATE/gateway-secret" ]] || (umask 077 && node -e 'process.stdout.write(require("node:crypto").randomBytes(32).toString("base64url"))' >"$STATE/gateway-secret")
  [[ -f "$STATE/admin-password" ]] || (umask 077 && node -e 'process.stdout.write(require("node:crypto").randomBytes(12).toString("base64url"))' >"$STATE/admin-password")
}

identity_env() {
  export NODE_ENV=development LOG_LEVEL="${LOG_LEVEL:-info}"
  export IDENTITY_HOST=127.0.0.1 IDENTITY_PORT
  export IDENTITY_DATABASE_URL="${IDENTITY_DATABASE_URL:-$DATABASE_URL_BASE/identity}"
  export GATEWAY_SUBGRAPH_SECRET; GATEWAY_SUBGRAPH_SECRET="$(cat "$STATE/gateway-secret")"
  export JWT_PRIVATE_KEY; JWT_PRIVATE_KEY="$(cat "$STATE/jwt-private.pem")"
  export KAFKA_BROKERS="${KAFKA_BROKERS:-}"
}

gateway_env() {
  export NODE_ENV=development LOG_LEVEL="${LOG_LEVEL:-info}"
  export GATEWAY_HOST=127.0.0.1 GATEWAY_PORT
  export GATEWAY_SUBGRAPH_SECRET; GATEWAY_SUBGRAPH_SECRET="$(cat "$STATE/gateway-secret")"
  export JWT_PUBLIC_KEY; JWT_PUBLIC_KEY="$(cat "$STATE/jwt-public.pem")"
  export SUBGRAPH_IDENTITY_URL="http://127.0.0.1:$IDENTITY_PORT/graphql"
}

running() { [[ -f "$RUN/$1.pid" ]] && kill -0 "$(cat "$RUN/$1.pid")" 2>/dev/null; }

wait_healthy() {
  local name="$1" url="$2" pid="$3" deadline=$((SECONDS + 60))
  until node -e 'fetch(process.argv[1]).then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))' "$url"; do
    kill -0 "$pid" 2>/dev/null || die "$name exited during start; see $LOGS/$name.log"
    ((SECONDS < deadline)) || die "$name did not answer $url within 60 s; see $LOGS/$name.log"
    sleep 0.3
  done
}

launch() {
  local name="$1" script="$2" health="$3"
  if running "$name"; then printf '%s: already running (pid %s)\n' "$name" "$(cat "$RUN/$name.pid")"; return; fi
  mkdir -p "$RUN" "$LOGS"
  nohup node "$script" >>"$LOGS/$name.log" 2>&1 &
  local pid=$!
  echo "$pid" >"$RUN/$name.pid"
  wait_healthy "$name" "$health" "$pid"
  printf '%s: started (pid %s) %s\n' "$name" "$pid" "$health"
}

start() {
  stack_env
  secrets
  if [[ ! -f "$ROOT/services/identity/dist/main.js" || ! -f "$ROOT/services/gateway/dist/main.js" ]]; then
    (cd "$ROOT" && NX_DAEMON=false npx nx run-many -t build -p @sla-desk/identity @sla-desk/gateway)
  fi
  (
    identity_env
    if [[ ! -f "$STATE/bootstrapped" ]]; then
      BOOTSTRAP_PROVIDER_NAME="${BOOTSTRAP_PROVIDER_NAME:-SLA Desk Provider}" \
        BOOTSTRAP_PROVIDER_EMAIL="${BOOTSTRAP_PROVIDER_EMAIL:-support@sladesk.local}" \
        BOOTSTRAP_ADMIN_EMAIL="${BOOTSTRAP_ADMIN_EMAIL:-admin@sladesk.local}" \
        BOOTSTRAP_ADMIN_PASSWORD="$(cat "$STATE/admin-password")" \
        node "$ROOT/services/identity/dist/cli/bootstrap.js" >>"$LOGS/identity.log" 2>&1 || die "identity bootstrap failed; see $LOGS/identity.log"
      touch "$STATE/bootstrapped"
    fi
    launch identity "$ROOT/services/identity/dist/main.js" "http://127.0.0.1:$IDENTITY_PORT/health"
  )
  (
    gateway_env
    launch gateway "$ROOT/services/gateway/dist/main.js" "http://127.0.0.1:$GATEWAY_PORT/health"
  )
  printf 'GraphQL: http://127.0.0.1:%s/graphql (Apollo Sandbox in a browser)\n' "$GATEWAY_PORT"
  printf 'Provider admin: %s / password in %s\n' "${BOOTSTRAP_ADMIN_EMAIL:-admin@sladesk.local}" "$STATE/admin-password"
}

stop() {
  local name pid
  for name in gateway identity; do
    if running "$name"; then
      pid="$(cat "$RUN/$name.pid")"
      kill -TERM "$pid"
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
      kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
      printf '%s: stopped\n' "$name"
    fi
    rm -f "$RUN/$name.pid"
  done
}

status() {
  local name
  for name in identity gateway; do
    if running "$name"; then printf '%s: running (pid %s)\n' "$name" "$(cat "$RUN/$name.pid")"; else printf '%s: stopped\n' "$name"; fi
  done
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  env) stack_env; secrets; (identity_env; env | grep -E '^(IDENTITY_|KAFKA_BROKERS|NODE_ENV)' ); (gateway_env; env | grep -E '^(GATEWAY_(HOST|PORT)|SUBGRAPH_)') ;;
  *) die "usage: $0 start|stop|status|env" ;;
esac
