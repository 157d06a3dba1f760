#!/usr/bin/env bash
# npm run down [component...]: stops what deploy/local started (by the PID files under $SLA_HOME/run), in reverse
# start order: the component's stop signal (SIGTERM; SIGINT = fast shutdown for PostgreSQL), then SIGKILL after 30 s.
# Never touches a process it did not start. State (databases, topics, workflow history) is kept.
set -euo pipefail

# shellcheck source=deploy/local/profile.sh
source "$(dirname "${BASH_SOURCE[0]}")/profile.sh" "$@"
set -- ${SLA_ARGS[@]+"${SLA_ARGS[@]}"}
# shellcheck source=deploy/local/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

targets=("$@")
if ((${#targets[@]} == 0)); then targets=("${SLA_COMPONENTS[@]}"); fi
for t in "${targets[@]}"; do
  is_component "$t" || die "unknown component '$t' (known: ${SLA_COMPONENTS[*]})"
done

lock_stack
for ((i = ${#SLA_COMPONENTS[@]} - 1; i >= 0; i--)); do
  c="${SLA_COMPONENTS[i]}"
  [[ " ${targets[*]} " == *" $c "* ]] || continue
  if component_running "$c"; then
    profile_before_stop "$c" "${targets[@]}"
    pid="$(read_pid "$c")"
    t0="$(now_ms)"
    # May find it already gone (the cluster profile's brokers are signalled together).
    stop_component "$c" 30 || true
    info "stopped $c (pid $pid, $(($(now_ms) - t0)) ms)"
  else
    rm -f "$(pid_file "$c")"
    info "$c is not running"
  fi
done
