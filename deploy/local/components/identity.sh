# shellcheck shell=bash
# The identity subgraph (services/identity, NestJS) on 127.0.0.1:$IDENTITY_PORT, run from its build (dist/; up builds
# it with Nx first). Sourced by lib.sh; uses its helpers.
#
# Local secrets are generated once into $SLA_HOME/identity/ and shared with the gateway: the Ed25519 key pair identity
# signs access tokens with (jwt-private.pem / jwt-public.pem), the gateway↔subgraph HMAC secret (gateway-secret) and
# the bootstrap admin's password (admin-password). identity applies its migrations itself at start
# (IDENTITY_MIGRATE_ON_START); once it answers, the provider organisation and its admin (admin@sladesk.local) are
# bootstrapped if the admin does not exist yet. It creates its Kafka topic and its outbox relay ships events there.

IDENTITY_DIR="$SLA_REPO_ROOT/services/identity"
IDENTITY_MAIN="$IDENTITY_DIR/dist/main.js"
IDENTITY_BOOTSTRAP_JS="$IDENTITY_DIR/dist/cli/bootstrap.js"
IDENTITY_STATE="$SLA_HOME/identity"
IDENTITY_ADMIN_EMAIL="admin@sladesk.local"

identity_ports() { printf '%s' "$IDENTITY_PORT"; }
identity_requires() { printf 'postgres kafka'; }
identity_nx_project() { printf '@sla-desk/identity'; }
identity_stop_signal() { printf 'TERM'; } # Nest shutdown hooks: stop the relay, close the pool
identity_needs() { have node || printf 'node 20\n'; }

# The secrets identity and the gateway share, generated once (mode 600, folder 700; the public key 644).
identity_secrets() {
  mkdir -p "$IDENTITY_STATE"
  chmod 700 "$IDENTITY_STATE"
  if [[ ! -s "$IDENTITY_STATE/jwt-private.pem" || ! -s "$IDENTITY_STATE/jwt-public.pem" ]]; then
    info "identity: generating the local JWT signing key pair in $(pretty_path "$IDENTITY_STATE")"
    node -e '
      const { generateKeyPairSync } = require("node:crypto");
      const fs = require("node:fs");
      const { privateKey, publicKey } = generateKeyPairSync("ed25519");
      fs.writeFileSync(process.argv[1], privateKey.export({ type: "pkcs8", format: "pem" }), { mode: 0o600 });
      fs.writeFileSync(process.argv[2], publicKey.export({ type: "spki", format: "pem" }), { mode: 0o644 });
    ' "$IDENTITY_STATE/jwt-private.pem" "$IDENTITY_STATE/jwt-public.pem" ||
      die "identity: could not generate the JWT key pair in $IDENTITY_STATE"
  fi
  local name bytes
  for name in gateway-secret:32 admin-password:12; do
    bytes="${name#*:}" name="${name%%:*}"
    if [[ ! -s "$IDENTITY_STATE/$name" ]]; then
      (umask 077 && node -e 'process.stdout.write(require("node:crypto").randomBytes(+process.argv[1]).toString("base64url"))' \
        "$bytes" >"$IDENTITY_STATE/$name") || die "identity: could not generate $IDENTITY_STATE/$name"
    fi
  done
}

identity_install() {
  [[ -f "$IDENTITY_MAIN" && -f "$IDENTITY_BOOTSTRAP_JS" ]] ||
    die "identity: $(pretty_path "$IDENTITY_MAIN") is missing (the build did not produce it; see $(pretty_path "$(log_file build)"))"
  identity_secrets
}

# The service's environment (exported: call in a subshell). Secrets are read from files, never put on a command line.
identity_env() {
  export NODE_ENV=development LOG_LEVEL=info
  export IDENTITY_HOST="$SLA_HOST" IDENTITY_PORT
  IDENTITY_DATABASE_URL="$(pg_app_url identity)" && export IDENTITY_DATABASE_URL
  GATEWAY_SUBGRAPH_SECRET="$(cat "$IDENTITY_STATE/gateway-secret")" && export GATEWAY_SUBGRAPH_SECRET
  JWT_PRIVATE_KEY="$(cat "$IDENTITY_STATE/jwt-private.pem")" && export JWT_PRIVATE_KEY
  export KAFKA_BROKERS="$SLA_HOST:$KAFKA_PORT"
}

# The service creates its Kafka topic (sladesk.identity.v1 + .dlq) itself at start-up. The trailing --sla-desk-home=…
# is ignored by the service; it puts $SLA_HOME on the command line, which component_running checks (PID reuse guard).
identity_start() {
  (
    cd "$SLA_REPO_ROOT" || exit 1
    identity_env
    start_bg identity node "$IDENTITY_MAIN" "--sla-desk-home=$SLA_HOME"
  )
}

# /health answers 200 when the service and its database answer.
identity_probe() { [[ "$(http_status "$IDENTITY_PORT" /health)" == 200 ]]; }

# 0: the admin exists; 1: it does not; 2: cannot tell.
identity_admin_exists() {
  local n
  n="$(PGPASSWORD="$PG_APP_PASSWORD" PGCONNECT_TIMEOUT=5 pg_tool psql -X -tA -h "$SLA_HOST" -p "$PG_PORT" \
    -U "$PG_APP_USER" -d identity -c "SELECT count(*) FROM users WHERE email = '$IDENTITY_ADMIN_EMAIL'" 2>/dev/null)" ||
    return 2
  [[ "$n" == 1 ]]
}

# Bootstraps the provider organisation and its first admin (password: $SLA_HOME/identity/admin-password) when the
# admin does not exist yet (first start, or after the identity database was reset). The CLI is idempotent.
identity_after_ready() {
  if identity_admin_exists; then return 0; fi
  info "identity: bootstrapping the provider organisation and its admin ($IDENTITY_ADMIN_EMAIL)"
  if ! (
    identity_env
    export LOG_LEVEL=warn BOOTSTRAP_PROVIDER_NAME="SLA Desk Provider" BOOTSTRAP_PROVIDER_EMAIL="support@sladesk.local" \
      BOOTSTRAP_ADMIN_EMAIL="$IDENTITY_ADMIN_EMAIL"
    BOOTSTRAP_ADMIN_PASSWORD="$(cat "$IDENTITY_STATE/admin-password")" && export BOOTSTRAP_ADMIN_PASSWORD
    printf '\n=== %s: bootstrap (node %s)\n' "$(date -Is)" "$IDENTITY_BOOTSTRAP_JS" >>"$(log_file identity)"
    cd / && node "$IDENTITY_BOOTSTRAP_JS" >>"$(log_file identity)" 2>&1
  ); then
    printf 'error: identity: bootstrapping the provider admin failed\n' >&2
    show_log_tail identity 40
    return 1
  fi
  identity_admin_exists || {
    printf 'error: identity: the bootstrap ran but %s is not in the identity database\n' "$IDENTITY_ADMIN_EMAIL" >&2
    show_log_tail identity 40
    return 1
  }
  date -Is >"$IDENTITY_STATE/bootstrapped"
}

identity_summary() {
  printf '  %-15s %s\n' Identity "http://$SLA_HOST:$IDENTITY_PORT/graphql (subgraph; use the gateway)"
  printf '  %-15s %s\n' "Admin login" "$IDENTITY_ADMIN_EMAIL, password: cat $(pretty_path "$IDENTITY_STATE/admin-password")"
}
