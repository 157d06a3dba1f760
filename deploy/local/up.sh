#!/usr/bin/env bash
# npm run up [component...]: install what is missing and start the local stack (PostgreSQL, Temporal dev server + UI,
# Kafka), idempotently. A second run reuses what already runs. With component names (postgres, temporal, kafka), only
# those. See deploy/local/README.md.
#
# Env: SLA_DESK_HOME (state folder, default <repo>/.local); SLA_DESK_STARTED_FILE (if set, the names of the components
# this run started are appended to it, one per line: test.sh and .ci/run use it to stop only what they started);
# SLA_DESK_READY_TIMEOUT (seconds per component, default 90).
set -euo pipefail

# shellcheck source=deploy/local/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

SELECTED=("$@")
if ((${#SELECTED[@]} == 0)); then SELECTED=("${SLA_COMPONENTS[@]}"); fi
for c in "${SELECTED[@]}"; do
  is_component "$c" || die "unknown component '$c' (known: ${SLA_COMPONENTS[*]})"
done
# In start order, whatever order they were named in.
COMPONENTS=()
for c in "${SLA_COMPONENTS[@]}"; do
  if [[ " ${SELECTED[*]} " == *" $c "* ]]; then COMPONENTS+=("$c"); fi
done

READY_TIMEOUT="${SLA_DESK_READY_TIMEOUT:-90}"
STARTED=()
T0="$(now_ms)"

# On failure or interruption, stop what this run started, so nothing half-started is left behind.
on_exit() {
  local rc=$?
  if ((rc != 0)) && ((${#STARTED[@]} > 0)); then
    printf 'up failed: stopping what this run started: %s\n' "${STARTED[*]}" >&2
    local i
    for ((i = ${#STARTED[@]} - 1; i >= 0; i--)); do
      stop_component "${STARTED[i]}" 30 || true
    done
  fi
  exit "$rc"
}
trap on_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

lock_stack

# ---- 1. prerequisites -------------------------------------------------------------------------------------------
missing=()
have node || missing+=("node 20 (https://nodejs.org or your package manager)")
have npm || missing+=("npm")
for c in "${COMPONENTS[@]}"; do
  while IFS= read -r line; do
    [[ -n "$line" ]] && missing+=("$line")
  done < <("${c}_needs")
done
if ((${#missing[@]} > 0)); then
  {
    printf "error: missing prerequisites; install them and run \`npm run up\` again:\n"
    printf '  - %s\n' "${missing[@]}"
  } >&2
  exit 1
fi

# ---- 2. ports: each must be free or held by the process we started ----------------------------------------------
conflicts=()
for c in "${COMPONENTS[@]}"; do
  read -ra ports <<<"$("${c}_ports")"
  if component_running "$c"; then
    pid="$(read_pid "$c")"
    for p in "${ports[@]}"; do
      if port_in_use "$p" && ! port_held_by_pid "$p" "$pid"; then
        holder="$(port_holder "$p")"
        conflicts+=("port $p ($c) is held by ${holder:-another process}, not by our $c (pid $pid)")
      fi
    done
  else
    rm -f "$(pid_file "$c")"
    for p in "${ports[@]}"; do
      if port_in_use "$p"; then
        holder="$(port_holder "$p")"
        conflicts+=("port $p ($c) is already in use by ${holder:-another process} that this stack did not start")
      fi
    done
  fi
done
if ((${#conflicts[@]} > 0)); then
  {
    printf 'error: cannot start the stack:\n'
    printf '  - %s\n' "${conflicts[@]}"
    printf "Stop that process (or the stack that owns it) and run \`npm run up\` again. Nothing was started.\n"
  } >&2
  exit 1
fi

# ---- 3. node_modules (the Kafka readiness probe and every test need it) -------------------------------------------
if [[ ! -d "$SLA_REPO_ROOT/node_modules" ]]; then
  info "node_modules is missing: npm ci"
  (cd "$SLA_REPO_ROOT" && npm ci --no-audit --no-fund </dev/null)
fi

# ---- 4. install (cached) ------------------------------------------------------------------------------------------
for c in "${COMPONENTS[@]}"; do
  "${c}_install"
done

# ---- 5. start what is not running, then wait for each ------------------------------------------------------------
for c in "${COMPONENTS[@]}"; do
  if component_running "$c"; then
    info "$c already running (pid $(read_pid "$c")), reusing it"
  else
    info "starting $c (log: $(pretty_path "$(log_file "$c")"))"
    "${c}_start"
    STARTED+=("$c")
    if [[ -n "${SLA_DESK_STARTED_FILE:-}" ]]; then printf '%s\n' "$c" >>"$SLA_DESK_STARTED_FILE"; fi
  fi
done
for c in "${COMPONENTS[@]}"; do
  wait_ready "$c" "$READY_TIMEOUT"
  "${c}_after_ready"
done

# ---- 6. GraphQL gateway hook ------------------------------------------------------------------------------------
# When services/gateway exists, it becomes a component (components/gateway.sh + SLA_COMPONENTS in lib.sh) and its
# address is printed below and written to stack.env.

if [[ -d "$SLA_REPO_ROOT/services/gateway" ]]; then
  graphql_line="not started by \`npm run up\` yet (services/gateway: hook in deploy/local/lib.sh)"
else
  graphql_line="not yet built (no services/gateway)"
fi

write_stack_env

printf '\nSLA Desk local stack is up (%s ms; state in %s):\n' "$(($(now_ms) - T0))" "$(pretty_path "$SLA_HOME")"
for c in "${COMPONENTS[@]}"; do "${c}_summary"; done
if ((${#COMPONENTS[@]} == ${#SLA_COMPONENTS[@]})); then printf '  %-15s %s\n' GraphQL "$graphql_line"; fi
printf '  %-15s %s\n' "Env for tools" "$SLA_STACK_ENV"
printf "Stop with \`npm run down\`; see \`npm run status\`.\n"
