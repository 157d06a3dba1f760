# shellcheck shell=bash
# The cluster profile's Temporal: the real server (Go module go.temporal.io/server, command `server`) with
# PostgreSQL persistence and visibility on the stack's PostgreSQL, TEMPORAL_SHARDS history shards, the dynamic config
# of temporal-dynamicconfig.yaml; and the Temporal Web UI server (Go module github.com/temporalio/ui-server/v2, the
# UI embedded) pointed at it. Both are built once with `go install` into $SLA_GO_DIR (GOPATH, module and build caches
# included, so a fresh clone builds once) and linked from $SLA_HOME/bin. Sourced by cluster/profile.sh; it redefines
# the `temporal` component's functions and adds the `temporal_ui` component.

# v1.32.2 needs Go >= 1.26.10: GOTOOLCHAIN makes the go command take that toolchain from the Go module proxy.
SLA_GOTOOLCHAIN="go1.27.3"
TEMPORAL_SERVER_VERSION="v1.32.2"
TEMPORAL_UI_SERVER_VERSION="v2.58.1"
TEMPORAL_SHARDS="${SLA_DESK_TEMPORAL_SHARDS:-4}"
# SLA_DESK_GO_DIR: another state folder's go/ (e.g. .local/cluster/go) to reuse its builds.
SLA_GO_DIR="${SLA_DESK_GO_DIR:-$SLA_HOME/go}"
TEMPORAL_CLUSTER_DIR="$SLA_HOME/temporal-cluster"
TEMPORAL_SERVER_BIN="$SLA_BIN_DIR/temporal-server"
TEMPORAL_SQL_TOOL="$SLA_BIN_DIR/temporal-sql-tool"
TEMPORAL_UI_SERVER_BIN="$SLA_BIN_DIR/temporal-ui-server"

# The server's ports, derived from the frontend's (TEMPORAL_PORT): the other services' gRPC ports next to it and the
# membership (ringpop) ports 300 below, like Temporal's own development configs (7233-7235, 7239; 6933-6935, 6939).
temporal_cluster_port() {
  case "$1" in
  frontend) printf '%s' "$TEMPORAL_PORT" ;;
  history) printf '%s' "$((TEMPORAL_PORT + 1))" ;;
  matching) printf '%s' "$((TEMPORAL_PORT + 2))" ;;
  worker) printf '%s' "$((TEMPORAL_PORT + 6))" ;;
  http) printf '%s' "$((TEMPORAL_PORT + 10))" ;;
  *-membership) printf '%s' "$(($(temporal_cluster_port "${1%-membership}") - 300))" ;;
  esac
}

# go_tool_install NAME VERSION PACKAGE...: `go install PACKAGE@VERSION...` into $SLA_GO_DIR/bin/NAME-VERSION once.
go_tool_install() {
  local name="$1" version="$2"
  shift 2
  local gobin="$SLA_GO_DIR/bin/$name-$version" pkgs=() p
  for p in "$@"; do
    [[ -x "$gobin/${p##*/}" ]] || pkgs+=("$p@$version")
  done
  ((${#pkgs[@]} > 0)) || return 0
  info "$name: building ${pkgs[*]} with go install (first time only; about 4 min on 2 cores; log: $(pretty_path "$(log_file temporal)"))"
  local t0
  t0="$(now_ms)"
  mkdir -p "$SLA_GO_DIR"
  # -modcacherw: the module cache stays deletable (rm -rf .local).
  run_logged temporal "go install $name" env GOTOOLCHAIN="$SLA_GOTOOLCHAIN" GOFLAGS=-modcacherw \
    GOPATH="$SLA_GO_DIR/path" GOMODCACHE="$SLA_GO_DIR/path/pkg/mod" GOCACHE="$SLA_GO_DIR/cache" GOBIN="$gobin" \
    go install "${pkgs[@]}"
  info "$name: built in $((($(now_ms) - t0) / 1000)) s"
}

temporal_cluster_ports() {
  local s
  for s in frontend history matching worker http frontend-membership history-membership matching-membership worker-membership; do
    printf '%s ' "$(temporal_cluster_port "$s")"
  done
}

temporal_cluster_needs() {
  have go || printf 'go (apt-get install -y golang; GOTOOLCHAIN=%s brings the version the Temporal server needs)\n' "$SLA_GOTOOLCHAIN"
  temporal_cli_needs
}

temporal_cluster_install() {
  temporal_cli_install # the CLI (operator commands) and the time-skipping test server, as in the local profile
  go_tool_install temporal "$TEMPORAL_SERVER_VERSION" go.temporal.io/server/cmd/server go.temporal.io/server/cmd/tools/sql
  ln -sfn "$SLA_GO_DIR/bin/temporal-$TEMPORAL_SERVER_VERSION/server" "$TEMPORAL_SERVER_BIN"
  ln -sfn "$SLA_GO_DIR/bin/temporal-$TEMPORAL_SERVER_VERSION/sql" "$TEMPORAL_SQL_TOOL"
  mkdir -p "$TEMPORAL_CLUSTER_DIR"
  cp "$SLA_DEPLOY_DIR/cluster/temporal-dynamicconfig.yaml" "$TEMPORAL_CLUSTER_DIR/dynamicconfig.yaml"
  local s args=(-e "s|@HOST@|$SLA_HOST|g" -e "s|@PG_PORT@|$PG_PORT|g" -e "s|@PG_USER@|$PG_APP_USER|g"
    -e "s|@PG_PASSWORD@|$PG_APP_PASSWORD|g" -e "s|@SHARDS@|$TEMPORAL_SHARDS|g"
    -e "s|@DYNAMIC_CONFIG@|$TEMPORAL_CLUSTER_DIR/dynamicconfig.yaml|g")
  for s in frontend history matching worker; do
    args+=(-e "s|@$(upper "$s")_PORT@|$(temporal_cluster_port "$s")|g")
    args+=(-e "s|@$(upper "$s")_MEMBERSHIP_PORT@|$(temporal_cluster_port "$s-membership")|g")
  done
  args+=(-e "s|@FRONTEND_HTTP_PORT@|$(temporal_cluster_port http)|g")
  sed "${args[@]}" "$SLA_DEPLOY_DIR/cluster/temporal-server.yaml.tmpl" >"$TEMPORAL_CLUSTER_DIR/config.yaml"
}

temporal_sql() {
  "$TEMPORAL_SQL_TOOL" --plugin postgres12 --endpoint "$SLA_HOST" --port "$PG_PORT" --user "$PG_APP_USER" \
    --password "$PG_APP_PASSWORD" "$@"
}

# Creates or upgrades the schemas with Temporal's own SQL tool (idempotent: update-schema applies only the versions
# a database lacks). The databases themselves are created by the postgres component (PG_DATABASES).
temporal_schema_setup() {
  local db schema has
  for db in temporal temporal_visibility; do
    schema=temporal
    [[ "$db" == temporal_visibility ]] && schema=visibility
    has="$(PGPASSWORD="$PG_APP_PASSWORD" PGCONNECT_TIMEOUT=5 pg_tool psql -X -tA -h "$SLA_HOST" -p "$PG_PORT" \
      -U "$PG_APP_USER" -d "$db" -c "SELECT to_regclass('public.schema_version') IS NOT NULL")" ||
      die "temporal: cannot query the $db database"
    if [[ "$has" != t ]]; then
      run_logged temporal "setup-schema $db" temporal_sql --database "$db" setup-schema -v 0.0
    fi
    run_logged temporal "update-schema $db" temporal_sql --database "$db" update-schema --schema-name "postgresql/v12/$schema"
  done
}

temporal_cluster_start() {
  temporal_schema_setup
  start_bg temporal "$TEMPORAL_SERVER_BIN" --config-file "$TEMPORAL_CLUSTER_DIR/config.yaml" --allow-no-auth start
}

temporal_cluster_probe() {
  timeout 5 "$TEMPORAL_CLI" operator cluster health --address "$SLA_HOST:$TEMPORAL_PORT" 2>/dev/null | grep -q SERVING
}

# The `default` namespace and the search attributes (the same list as the local profile's, TEMPORAL_SEARCH_ATTRIBUTES
# of components/temporal.sh), created when missing; waits until both are usable.
temporal_cluster_after_ready() {
  local address="$SLA_HOST:$TEMPORAL_PORT" deadline=$((SECONDS + 60)) existing sa
  if ! timeout 10 "$TEMPORAL_CLI" operator namespace describe --namespace default --address "$address" >/dev/null 2>&1; then
    run_logged temporal "create namespace default" "$TEMPORAL_CLI" operator namespace create --namespace default \
      --retention 72h --address "$address"
  fi
  # A new namespace reaches the services' namespace caches within their refresh interval (~10 s).
  until existing="$(timeout 10 "$TEMPORAL_CLI" operator search-attribute list --namespace default --address "$address" \
    -o json 2>/dev/null)"; do
    ((SECONDS < deadline)) || die "temporal: namespace default not usable 60 s after its creation"
    sleep 0.5
  done
  for sa in "${TEMPORAL_SEARCH_ATTRIBUTES[@]}"; do
    if [[ "$existing" != *"\"${sa%%=*}\""* ]]; then
      run_logged temporal "create search attribute $sa" "$TEMPORAL_CLI" operator search-attribute create \
        --namespace default --name "${sa%%=*}" --type "${sa#*=}" --address "$address"
    fi
  done
}

temporal_cluster_summary() {
  printf '  %-15s %s\n' "Temporal gRPC" "$SLA_HOST:$TEMPORAL_PORT (server $TEMPORAL_SERVER_VERSION, PostgreSQL, $TEMPORAL_SHARDS shards, namespace default)"
  printf '  %-15s %s\n' "Test server" "$TEMPORAL_TEST_SERVER"
}

# ---- temporal_ui: the Web UI server -------------------------------------------------------------------------------
temporal_ui_ports() { printf '%s' "$TEMPORAL_UI_PORT"; }
temporal_ui_requires() { printf 'temporal'; }
temporal_ui_stop_signal() { printf 'TERM'; }
temporal_ui_needs() { have go || printf 'go (apt-get install -y golang)\n'; }

TEMPORAL_UI_MODULE="$SLA_DEPLOY_DIR/cluster/temporal-ui"

temporal_ui_install() {
  # Built from the pinning module in cluster/temporal-ui (go.mod names the version); a new go.mod/go.sum, a new build.
  local gobin
  gobin="$SLA_GO_DIR/bin/temporal-ui-$(content_stamp "$TEMPORAL_UI_MODULE/go.mod" "$TEMPORAL_UI_MODULE/go.sum" | cut -c1-12)"
  if [[ ! -x "$gobin/temporal-ui-server" ]]; then
    info "temporal_ui: building the Temporal UI server $TEMPORAL_UI_SERVER_VERSION with go build (first time only; about 1 min)"
    mkdir -p "$gobin"
    run_logged temporal_ui "go build ui-server" env GOTOOLCHAIN="$SLA_GOTOOLCHAIN" GOFLAGS=-modcacherw \
      GOPATH="$SLA_GO_DIR/path" GOMODCACHE="$SLA_GO_DIR/path/pkg/mod" GOCACHE="$SLA_GO_DIR/cache" \
      go build -C "$TEMPORAL_UI_MODULE" -o "$gobin/temporal-ui-server" github.com/temporalio/ui-server/v2/cmd/server
  fi
  ln -sfn "$gobin/temporal-ui-server" "$TEMPORAL_UI_SERVER_BIN"
  local dir="$TEMPORAL_CLUSTER_DIR/ui/config"
  mkdir -p "$dir"
  printf '# see cluster.yaml\n' >"$dir/base.yaml"
  sed -e "s|@HOST@|$SLA_HOST|g" -e "s|@FRONTEND_PORT@|$TEMPORAL_PORT|g" -e "s|@UI_PORT@|$TEMPORAL_UI_PORT|g" \
    "$SLA_DEPLOY_DIR/cluster/temporal-ui.yaml.tmpl" >"$dir/cluster.yaml"
}

temporal_ui_start() {
  start_bg temporal_ui "$TEMPORAL_UI_SERVER_BIN" --root "$TEMPORAL_CLUSTER_DIR/ui" --config config --env cluster start
}

temporal_ui_probe() { [[ "$(http_status "$TEMPORAL_UI_PORT" /)" == 200 ]]; }
temporal_ui_after_ready() { :; }
temporal_ui_summary() {
  printf '  %-15s %s\n' "Temporal UI" "http://$SLA_HOST:$TEMPORAL_UI_PORT (ui-server $TEMPORAL_UI_SERVER_VERSION)"
}
