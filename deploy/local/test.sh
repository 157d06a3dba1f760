#!/usr/bin/env bash
# npm test: bring up what is missing of the local stack's infrastructure (PostgreSQL, Temporal, Kafka; not identity,
# the gateway or the worker: the tests start those in-process on ephemeral ports), build + lint + test every Nx
# project against it, then stop what this run started (also on failure or interruption). Extra arguments go to
# `nx run-many` (e.g. `npm test -- --projects=@sla-desk/test`).
#
# SLA_DESK_STARTED_FILE: if set (by .ci/run), the names of the components started here are appended to it as well.
#
# Several `npm test` may share one stack (engineers in one working tree): each holds a shared lock on
# $SLA_HOME/run/test.lock while it runs and, at the end, adds what it started to run/test-stop-pending; only the last
# one to finish (the one that gets the lock exclusively) stops those components.
set -euo pipefail

# shellcheck source=deploy/local/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

STARTED_FILE="$(mktemp "${TMPDIR:-/tmp}/sla-desk-test-started.XXXXXX")"
OUTER_STARTED_FILE="${SLA_DESK_STARTED_FILE:-}"

PENDING_FILE="$SLA_RUN_DIR/test-stop-pending"

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  cat "$STARTED_FILE" >>"$PENDING_FILE"
  rm -f "$STARTED_FILE"
  if flock -x -n "$TEST_LOCK_FD"; then
    local to_stop=()
    mapfile -t to_stop < <(sort -u "$PENDING_FILE")
    rm -f "$PENDING_FILE"
    if ((${#to_stop[@]} > 0)); then
      info "stopping what npm test started: ${to_stop[*]}"
      bash "$SLA_DEPLOY_DIR/down.sh" "${to_stop[@]}" || rc=1
    fi
  elif [[ -s "$PENDING_FILE" ]]; then
    info "another npm test is still using the stack; the last one to finish stops: $(sort -u "$PENDING_FILE" | xargs)"
  fi
  exit "$rc"
}

ensure_dirs
exec {TEST_LOCK_FD}>"$SLA_RUN_DIR/test.lock"
flock -s "$TEST_LOCK_FD"
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

T0="$(now_ms)"
# up.sh appends each component it starts to SLA_DESK_STARTED_FILE; keep ours and pass them on to .ci/run's.
SLA_DESK_STARTED_FILE="$STARTED_FILE" bash "$SLA_DEPLOY_DIR/up.sh" "${SLA_INFRA_COMPONENTS[@]}"
if [[ -n "$OUTER_STARTED_FILE" ]]; then cat "$STARTED_FILE" >>"$OUTER_STARTED_FILE"; fi
T_UP="$(now_ms)"

set -a
# shellcheck source=/dev/null
source "$SLA_STACK_ENV"
set +a

cd "$SLA_REPO_ROOT"
rc=0
info "prettier --check . (formatting is part of lint: npm run format fixes it)"
npx prettier --check . --log-level warn || rc=$?
info "nx run-many -t build lint test"
NX_DAEMON=false npx nx run-many -t build lint test --outputStyle=static "$@" || rc=$?
T_NX="$(now_ms)"

info "npm test: stack up $((T_UP - T0)) ms, nx build+lint+test $((T_NX - T_UP)) ms"
if ((rc != 0)); then
  printf 'npm test: FAILED (nx exited with %s)\n' "$rc" >&2
  exit "$rc"
fi
info "npm test: all passed"
