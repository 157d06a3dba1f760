# shellcheck shell=bash
# The identity subgraph: a standard subgraph component (components/node-service.sh) plus its JWT signing key and,
# once it answers, the provider organization and its admin (admin@sladesk.local, password in
# $SLA_HOME/secrets/admin-password) when the admin does not exist yet (first start, or after the identity database
# was reset). Sourced by lib.sh after node-service.sh.

IDENTITY_BOOTSTRAP_JS="$SLA_REPO_ROOT/services/identity/dist/cli/bootstrap.js"
IDENTITY_ADMIN_EMAIL="admin@sladesk.local"

identity_env() {
  subgraph_env identity
  JWT_PRIVATE_KEY="$(cat "$(secret_file jwt-private.pem)")" && export JWT_PRIVATE_KEY
}

# 0: the admin exists; 1: it does not; 2: cannot tell.
identity_admin_exists() {
  local n
  n="$(PGPASSWORD="$PG_APP_PASSWORD" PGCONNECT_TIMEOUT=5 pg_tool psql -X -tA -h "$SLA_HOST" -p "$PG_PORT" \
    -U "$PG_APP_USER" -d identity -c "SELECT count(*) FROM users WHERE email = '$IDENTITY_ADMIN_EMAIL'" 2>/dev/null)" ||
    return 2
  [[ "$n" == 1 ]]
}

identity_after_ready() {
  if identity_admin_exists; then return 0; fi
  info "identity: bootstrapping the provider organization and its admin ($IDENTITY_ADMIN_EMAIL)"
  if ! (
    identity_env
    export LOG_LEVEL=warn BOOTSTRAP_PROVIDER_NAME="SLA Desk Provider" BOOTSTRAP_PROVIDER_EMAIL="support@sladesk.local" \
      BOOTSTRAP_ADMIN_EMAIL="$IDENTITY_ADMIN_EMAIL"
    BOOTSTRAP_ADMIN_PASSWORD="$(cat "$(secret_file admin-password)")" && export BOOTSTRAP_ADMIN_PASSWORD
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
}

identity_summary() {
  printf '  %-15s %s\n' identity "http://$SLA_HOST:$(subgraph_port identity)/graphql (subgraph; use the gateway)"
  printf '  %-15s %s\n' "Admin login" "$IDENTITY_ADMIN_EMAIL, password: cat $(pretty_path "$(secret_file admin-password)")"
}
