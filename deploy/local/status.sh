#!/usr/bin/env bash
# npm run status: each component of the local stack: running/stopped, pid, ports, log.
set -euo pipefail

# shellcheck source=deploy/local/profile.sh
source "$(dirname "${BASH_SOURCE[0]}")/profile.sh" "$@"
set -- ${SLA_ARGS[@]+"${SLA_ARGS[@]}"}
# shellcheck source=deploy/local/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

printf '%-16s %-8s %-8s %-12s %s\n' COMPONENT STATE PID PORTS LOG
for c in "${SLA_COMPONENTS[@]}"; do
  read -ra ports <<<"$("${c}_ports")"
  state=stopped pid=-
  if component_running "$c"; then
    state=running
    pid="$(read_pid "$c")"
  fi
  ports_csv="$(IFS=,; printf '%s' "${ports[*]}")"
  printf '%-16s %-8s %-8s %-12s %s\n' "$c" "$state" "$pid" "${ports_csv:--}" "$(pretty_path "$(log_file "$c")")"
  if [[ "$state" == stopped ]]; then
    for p in "${ports[@]}"; do
      if port_in_use "$p"; then
        holder="$(port_holder "$p")"
        printf '           note: port %s is in use by %s (not started by this stack)\n' "$p" "${holder:-another process}"
      fi
    done
  fi
done
printf '\nState:       %s\n' "$SLA_HOME"
if [[ -f "$SLA_STACK_ENV" ]]; then
  printf 'Stack env:   %s\n' "$SLA_STACK_ENV"
else
  printf "Stack env:   (none yet: run \`npm run up\`)\n"
fi
if [[ -x "$TEMPORAL_TEST_SERVER" ]]; then
  printf 'Test server: %s\n' "$TEMPORAL_TEST_SERVER"
else
  printf "Test server: not installed (run \`npm run up\`)\n"
fi
