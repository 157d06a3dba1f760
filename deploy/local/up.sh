#!/usr/bin/env bash
# npm run up [--profile local|cluster] [component...]: install what is missing and start the local stack, idempotently: the infrastructure
# (PostgreSQL, Temporal dev server + UI, Kafka) and the application processes (identity, the GraphQL gateway, the
# Temporal worker), which up builds with Nx first. A second run reuses what already runs. With component names
# (postgres temporal kafka identity gateway worker), only those and the components they require. See
# deploy/local/README.md.
#
# Env: SLA_DESK_HOME (state folder, default <repo>/.local); SLA_DESK_STARTED_FILE (if set, the names of the components
# this run started are appended to it, one per line: test.sh and .ci/run use it to stop only what they started);
# SLA_DESK_READY_TIMEOUT (seconds per component, default 90).
set -euo pipefail

# shellcheck source=deploy/local/profile.sh
source "$(dirname "${BASH_SOURCE[0]}")/profile.sh" "$@"
set -- ${SLA_ARGS[@]+"${SLA_ARGS[@]}"}
# shellcheck source=deploy/local/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

SELECTED=("$@")
if ((${#SELECTED[@]} == 0)); then SELECTED=("${SLA_COMPONENTS[@]}"); fi
for c in "${SELECTED[@]}"; do
  is_component "$c" || die "unknown component '$c' (known: ${SLA_COMPONENTS[*]})"
done
# Add what the named components require (gateway → identity → postgres, kafka), transitively.
added=1
while ((added)); do
  added=0
  for c in "${SELECTED[@]}"; do
    for d in $(component_requires "$c"); do
      if [[ " ${SELECTED[*]} " != *" $d "* ]]; then
        info "also starting $d (required by $c)"
        SELECTED+=("$d")
        added=1
      fi
    done
  done
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
      profile_before_stop "${STARTED[i]}" "${STARTED[@]}"
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

# ---- 4. build the application processes that will start (one Nx run; cached, ~3 s when nothing changed) ----------
# Built on every start (not only when dist/ is missing), so a restarted service never runs stale code; a component
# that already runs is left alone. Output: $SLA_HOME/logs/build.log.
projects=()
for c in "${COMPONENTS[@]}"; do
  p="$(component_nx_project "$c")"
  if [[ -n "$p" ]] && ! component_running "$c"; then projects+=("$p"); fi
done
if ((${#projects[@]} > 0)); then
  t_build="$(now_ms)"
  info "building ${projects[*]} (nx, log: $(pretty_path "$(log_file build)"))"
  (cd "$SLA_REPO_ROOT" && run_logged build "nx build" \
    env NX_DAEMON=false npx nx run-many -t build -p "${projects[@]}" --outputStyle=static </dev/null)
  info "built ($(($(now_ms) - t_build)) ms)"
fi

# ---- 5. install (cached) ------------------------------------------------------------------------------------------
for c in "${COMPONENTS[@]}"; do
  "${c}_install"
done

# The addresses are fixed by lib.sh: write stack.env now too, for the application processes that read it.
write_stack_env

# ---- 6. start what is not running; before a component that requires others, wait for those --------------------
# Infrastructure starts in parallel; identity and the worker start once PostgreSQL/Kafka/Temporal answer, the gateway
# once identity does.
PENDING=() # started or reused, readiness not yet checked
wait_pending() {
  local only=("$@") rest=() c
  for c in "${PENDING[@]}"; do
    if ((${#only[@]} == 0)) || [[ " ${only[*]} " == *" $c "* ]]; then
      wait_ready "$c" "$READY_TIMEOUT"
      "${c}_after_ready"
    else
      rest+=("$c")
    fi
  done
  PENDING=("${rest[@]}")
}
for c in "${COMPONENTS[@]}"; do
  read -ra reqs <<<"$(component_requires "$c")"
  if ((${#reqs[@]} > 0)); then wait_pending "${reqs[@]}"; fi
  if component_running "$c"; then
    info "$c already running (pid $(read_pid "$c")), reusing it"
  else
    info "starting $c (log: $(pretty_path "$(log_file "$c")"))"
    "${c}_start"
    STARTED+=("$c")
    if [[ -n "${SLA_DESK_STARTED_FILE:-}" ]]; then printf '%s\n' "$c" >>"$SLA_DESK_STARTED_FILE"; fi
  fi
  PENDING+=("$c")
done
wait_pending

write_stack_env

printf '\nSLA Desk %s stack is up (%s ms; state in %s):\n' "$SLA_PROFILE" "$(($(now_ms) - T0))" "$(pretty_path "$SLA_HOME")"
for c in "${COMPONENTS[@]}"; do "${c}_summary"; done
printf '  %-15s %s\n' "Env for tools" "$SLA_STACK_ENV"
flag=""
if [[ "$SLA_PROFILE" != local ]]; then flag=" -- --profile $SLA_PROFILE"; fi
printf "Logs in %s; stop with \`npm run down%s\`; see \`npm run status%s\`.\n" "$(pretty_path "$SLA_LOG_DIR")" "$flag" "$flag"
