#!/usr/bin/env bash
# Brings the cluster profile up (building what is missing: the first time about 15 min on 2 shared cores, mostly the
# Temporal server's Go build), runs the fault test (`npm run test:cluster`, test/cluster/fault.spec.ts) against it and
# stops again what this run started, also on failure. Not in .ci/run (it takes minutes). Same environment as up.sh
# (SLA_DESK_HOME, SLA_DESK_*_PORT); FAULT_TICKETS / FAULT_CLIENTS size the load (default 60 tickets, 3 clients).
set -euo pipefail

DEPLOY_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
REPO_ROOT="$(cd "$DEPLOY_DIR/../.." && pwd)"
STARTED_FILE="$(mktemp "${TMPDIR:-/tmp}/sla-desk-cluster-started.XXXXXX")"

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  local started=()
  mapfile -t started <"$STARTED_FILE"
  rm -f "$STARTED_FILE"
  if ((${#started[@]} > 0)); then
    printf '==> stopping what this run started: %s\n' "${started[*]}"
    bash "$DEPLOY_DIR/down.sh" --profile cluster "${started[@]}" || rc=1
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

t0="$(date +%s%3N)"
SLA_DESK_STARTED_FILE="$STARTED_FILE" bash "$DEPLOY_DIR/up.sh" --profile cluster
t1="$(date +%s%3N)"
printf '==> cluster up in %s ms; running the fault test\n' "$((t1 - t0))"
cd "$REPO_ROOT"
npm run test:cluster
printf '==> fault test passed in %s ms\n' "$(($(date +%s%3N) - t1))"
