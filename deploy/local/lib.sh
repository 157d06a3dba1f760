# shellcheck shell=bash
# shellcheck disable=SC2034  # defines variables for the scripts that source it
# Common helpers for deploy/local/*.sh. Sourced, never executed.
#
# Layout of the state (everything under $SLA_HOME, default <repo>/.local, override with SLA_DESK_HOME):
#   bin/        stable paths: temporal, temporal-test-server (symlinks into the venv)
#   venv/       Python venv holding the Temporal CLI and test server wheels (PyPI)
#   kafka/      libs/ (jars from Maven Central), data/, server.properties, cluster-id
#   temporal/   temporal.db (SQLite)
#   postgres/   data/ (cluster, owned by the postgres OS user), sock/ (unix socket, superuser access only)
#   secrets/    local secrets of the application processes (JWT key pair, gateway↔subgraph secret, admin password)
#   run/        <component>.pid for every process these scripts started
#   logs/       <component>.log, one per component (install output included)
#   stack.env   addresses and paths for tests and services (KEY=value lines)

SLA_REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
SLA_DEPLOY_DIR="$SLA_REPO_ROOT/deploy/local"
# The profile (profile.sh, sourced first by up/down/status; `local` otherwise). The cluster profile keeps its own state
# in .local/cluster, so its databases, topics and workflow histories never mix with the local profile's.
SLA_PROFILE="${SLA_PROFILE:-${SLA_DESK_PROFILE:-local}}"
if [[ "$SLA_PROFILE" == cluster ]]; then
  SLA_HOME="${SLA_DESK_HOME:-$SLA_REPO_ROOT/.local/cluster}"
else
  SLA_HOME="${SLA_DESK_HOME:-$SLA_REPO_ROOT/.local}"
fi
mkdir -p "$SLA_HOME"
SLA_HOME="$(cd "$SLA_HOME" && pwd)"
SLA_RUN_DIR="$SLA_HOME/run"
SLA_LOG_DIR="$SLA_HOME/logs"
SLA_BIN_DIR="$SLA_HOME/bin"
SLA_STACK_ENV="$SLA_HOME/stack.env"

# ---- pinned versions and fixed addresses (everything listens on 127.0.0.1 only) -------------------------------
# Temporal CLI and test server: see deploy/local/temporal/requirements.txt. Kafka jars: deploy/local/kafka/pom.xml.
MAVEN_DEPENDENCY_PLUGIN_VERSION="3.8.1"
SLA_HOST="127.0.0.1"
# The ports can be moved with SLA_DESK_<NAME> (e.g. SLA_DESK_PG_PORT=55433); set it for every command (up, status, test).
TEMPORAL_PORT="${SLA_DESK_TEMPORAL_PORT:-7233}"
TEMPORAL_UI_PORT="${SLA_DESK_TEMPORAL_UI_PORT:-8233}"
KAFKA_PORT="${SLA_DESK_KAFKA_PORT:-9092}"
KAFKA_CONTROLLER_PORT="${SLA_DESK_KAFKA_CONTROLLER_PORT:-9093}"
PG_PORT="${SLA_DESK_PG_PORT:-55432}"
GATEWAY_PORT="${SLA_DESK_GATEWAY_PORT:-4000}"
PG_APP_USER="sladesk"
PG_APP_PASSWORD="sladesk"
# The Kafka components the services need ready before they start (the cluster profile: all three brokers).
SLA_KAFKA_COMPONENTS="kafka"

# Components in start order; down stops them in reverse. A component <c> lives in components/<c>.sh and defines:
#   <c>_ports          the TCP ports it must own (may be none)
#   <c>_requires       the components that must be ready before it starts; up adds them when not named
#   <c>_nx_project     (application processes only) the Nx project up builds before starting it
#   <c>_needs          prints the prerequisites still missing for its install/start (one line each)
#   <c>_install        idempotent install into $SLA_HOME (reuses caches)
#   <c>_start          starts the process in the background via start_bg (its command line must name $SLA_HOME)
#   <c>_probe          exit 0 when the process answers (called repeatedly until ready)
#   <c>_after_ready    idempotent set-up that needs the running process (search attributes, roles, databases)
#   <c>_stop_signal    first signal down sends (then SIGKILL after a grace period)
#   <c>_summary        the address lines up prints at the end
# Infrastructure first (what `npm test` brings up: tests start their own in-process services), then the application
# processes: every subgraph of services/gateway/subgraphs.json (components/node-service.sh), the gateway, the worker.
SLA_INFRA_COMPONENTS=(postgres temporal kafka)

# shellcheck source=deploy/local/components/postgres.sh
source "$SLA_DEPLOY_DIR/components/postgres.sh"
# shellcheck source=deploy/local/components/temporal.sh
source "$SLA_DEPLOY_DIR/components/temporal.sh"
# shellcheck source=deploy/local/components/kafka.sh
source "$SLA_DEPLOY_DIR/components/kafka.sh"
# shellcheck source=deploy/local/components/secrets.sh
source "$SLA_DEPLOY_DIR/components/secrets.sh"
# shellcheck source=deploy/local/components/node-service.sh
source "$SLA_DEPLOY_DIR/components/node-service.sh"
# A subgraph's own additions (identity's bootstrap), after the generic definitions they extend.
for sla_component_file in "$SLA_DEPLOY_DIR"/components/*.sh; do
  case "$(basename "$sla_component_file" .sh)" in postgres | temporal | kafka | secrets | node-service) ;; *)
    # shellcheck source=/dev/null
    source "$sla_component_file"
    ;;
  esac
done
unset sla_component_file

# The SMTP sink first: notifications sends its mail there (components/smtp-sink.sh).
SLA_APP_COMPONENTS=(smtp-sink "${SLA_SUBGRAPHS[@]}" gateway worker)
SLA_COMPONENTS=("${SLA_INFRA_COMPONENTS[@]}" "${SLA_APP_COMPONENTS[@]}")
# One database per subgraph (the worker writes the tickets read model), plus one for tests.
PG_DATABASES=("${SLA_SUBGRAPHS[@]}" sladesk_test)

is_component() { [[ " ${SLA_COMPONENTS[*]} " == *" $1 "* ]]; }
component_requires() { if declare -F "$1_requires" >/dev/null; then "$1_requires"; fi; }
component_nx_project() { if declare -F "$1_nx_project" >/dev/null; then "$1_nx_project"; fi; }

# ---- output -------------------------------------------------------------------------------------------------------
info() { printf '==> %s\n' "$*"; }
warn() { printf 'warning: %s\n' "$*" >&2; }
die() {
  printf 'error: %s\n' "$*" >&2
  exit 1
}
have() { command -v "$1" >/dev/null 2>&1; }
now_ms() { date +%s%3N; }
# Relative to the repo root when inside it, for shorter messages.
pretty_path() { local p="$1"; printf '%s' "${p#"$SLA_REPO_ROOT"/}"; }

log_file() { printf '%s/%s.log' "$SLA_LOG_DIR" "$1"; }

# Prints the end of a component's log to stderr.
show_log_tail() {
  local name="$1" lines="${2:-40}" log
  log="$(log_file "$name")"
  if [[ -s "$log" ]]; then
    printf -- '--- last %s lines of %s ---\n' "$lines" "$log" >&2
    tail -n "$lines" "$log" >&2
    printf -- '--- end of %s ---\n' "$log" >&2
  else
    printf '(log %s is empty or missing)\n' "$log" >&2
  fi
}

# Runs a command with its output appended to the component's log; on failure shows the tail and dies.
run_logged() {
  local name="$1" what="$2"
  shift 2
  local log
  log="$(log_file "$name")"
  printf '\n=== %s: %s (%s)\n' "$(date -Is)" "$what" "$*" >>"$log"
  if ! "$@" >>"$log" 2>&1; then
    printf 'error: %s: %s failed\n' "$name" "$what" >&2
    show_log_tail "$name" 40
    exit 1
  fi
}

ensure_dirs() {
  mkdir -p "$SLA_RUN_DIR" "$SLA_LOG_DIR" "$SLA_BIN_DIR"
}

# Hash of files + extra strings: decides whether a cached install is still valid.
content_stamp() {
  local f
  {
    for f in "$@"; do
      if [[ -f "$f" ]]; then cat "$f"; else printf '%s\n' "$f"; fi
    done
  } | sha256sum | cut -d' ' -f1
}

stamp_matches() { [[ -f "$1" && "$(cat "$1")" == "$2" ]]; }

# ---- processes ----------------------------------------------------------------------------------------------------
pid_file() { printf '%s/%s.pid' "$SLA_RUN_DIR" "$1"; }

read_pid() {
  local f
  f="$(pid_file "$1")"
  [[ -f "$f" ]] || return 1
  local pid
  pid="$(tr -dc '0-9' <"$f")"
  [[ -n "$pid" ]] || return 1
  printf '%s' "$pid"
}

# kill -0 also succeeds for a zombie (exited, not yet reaped by PID 1): look at the state in /proc too.
pid_alive() {
  local pid="$1" stat
  kill -0 "$pid" 2>/dev/null || return 1
  stat="$(cat "/proc/$pid/stat" 2>/dev/null)" || return 1
  stat="${stat##*) }"
  [[ "${stat:0:1}" != "Z" ]]
}

# True when the component's PID file names a live process that is really ours: its command line mentions $SLA_HOME
# (every process we start gets a path under it), which guards against PID reuse.
component_running() {
  local pid
  pid="$(read_pid "$1")" || return 1
  pid_alive "$pid" || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF "$SLA_HOME"
}

# Closes every descriptor above 2 in the current (sub)shell, so a long-lived server does not keep our lock files (or
# a CI runner's pipes) open.
close_inherited_fds() {
  local fd
  for fd in /proc/"$BASHPID"/fd/*; do
    fd="${fd##*/}"
    if ((fd > 2)); then eval "exec $fd>&-"; fi
  done
}

# Serialises up and down on one state folder (two `npm test` started together must not both start Kafka). Held until
# the calling script exits.
lock_stack() {
  ensure_dirs
  exec {SLA_STACK_LOCK_FD}>"$SLA_RUN_DIR/stack.lock"
  if ! flock -n "$SLA_STACK_LOCK_FD"; then
    info "waiting for another up/down of this stack to finish"
    flock -w 600 "$SLA_STACK_LOCK_FD" || die "timed out waiting for $SLA_RUN_DIR/stack.lock"
  fi
}

# start_bg NAME CMD...: starts CMD in its own session (survives the terminal and npm), stdin from /dev/null, output
# appended to the component's log, PID recorded. Runs from / so no process holds the caller's directory.
start_bg() {
  local name="$1"
  shift
  local log
  log="$(log_file "$name")"
  printf '\n=== %s: starting %s: %s\n' "$(date -Is)" "$name" "$*" >>"$log"
  (
    close_inherited_fds
    cd / && exec setsid "$@" </dev/null >>"$log" 2>&1
  ) &
  printf '%s\n' "$!" >"$(pid_file "$name")"
}

# stop_component NAME [GRACE_SECONDS]: first signal from <c>_stop_signal, SIGKILL after the grace period.
stop_component() {
  local name="$1" grace="${2:-30}" pid sig
  if ! component_running "$name"; then
    rm -f "$(pid_file "$name")"
    return 1
  fi
  pid="$(read_pid "$name")"
  sig="$("${name}_stop_signal")"
  kill "-$sig" "$pid" 2>/dev/null || true
  local deadline=$((SECONDS + grace))
  while pid_alive "$pid" && ((SECONDS < deadline)); do sleep 0.1; done
  if pid_alive "$pid"; then
    warn "$name (pid $pid) did not stop within ${grace}s after SIG$sig; sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    while pid_alive "$pid"; do sleep 0.1; done
  fi
  rm -f "$(pid_file "$name")"
  return 0
}

# ---- ports --------------------------------------------------------------------------------------------------------
port_in_use() {
  local port="$1"
  if have ss; then
    [[ -n "$(ss -Hltn "sport = :$port" 2>/dev/null)" ]]
  else
    (exec 3<>"/dev/tcp/$SLA_HOST/$port") 2>/dev/null
  fi
}

# "pid 123 (python3)" for the process listening on a port, when ss can tell (root sees every process).
port_holder() {
  local port="$1" line
  have ss || return 0
  line="$(ss -Hltnp "sport = :$port" 2>/dev/null | head -n 1)"
  if [[ "$line" =~ \(\(\"([^\"]+)\",pid=([0-9]+) ]]; then
    printf 'pid %s (%s)' "${BASH_REMATCH[2]}" "${BASH_REMATCH[1]}"
  fi
}

port_held_by_pid() {
  local port="$1" pid="$2"
  have ss || return 0 # cannot tell: trust the PID file check
  ss -Hltnp "sport = :$port" 2>/dev/null | grep -q "pid=$pid,"
}

# ---- readiness ----------------------------------------------------------------------------------------------------
# wait_ready NAME TIMEOUT_SECONDS: polls <c>_probe until it succeeds; fails fast if the process dies.
wait_ready() {
  local name="$1" timeout="$2" start
  start="$(now_ms)"
  local deadline=$((SECONDS + timeout))
  while true; do
    if "${name}_probe" >/dev/null 2>&1; then
      info "$name ready ($(($(now_ms) - start)) ms)"
      return 0
    fi
    if ! component_running "$name"; then
      printf 'error: %s exited during start-up (log: %s)\n' "$name" "$(log_file "$name")" >&2
      show_log_tail "$name" 40
      return 1
    fi
    if ((SECONDS >= deadline)); then
      printf 'error: %s did not become ready within %ss (log: %s)\n' "$name" "$timeout" "$(log_file "$name")" >&2
      show_log_tail "$name" 40
      return 1
    fi
    sleep 0.25
  done
}

# http_status PORT PATH [BODY]: the HTTP status code of GET PATH (POST of the JSON BODY when given) on $SLA_HOST:PORT,
# with bash's /dev/tcp only (no curl on a fresh machine); prints nothing when nothing answers within 5 s.
http_status() {
  local port="$1" path="$2" body="${3:-}" line
  line="$(
    exec 3<>"/dev/tcp/$SLA_HOST/$port" || exit 1
    if [[ -n "$body" ]]; then
      printf 'POST %s HTTP/1.0\r\nHost: %s\r\nContent-Type: application/json\r\nContent-Length: %s\r\n\r\n%s' \
        "$path" "$SLA_HOST:$port" "${#body}" "$body" >&3
    else
      printf 'GET %s HTTP/1.0\r\nHost: %s\r\n\r\n' "$path" "$SLA_HOST:$port" >&3
    fi
    timeout 5 head -n 1 <&3
  )" 2>/dev/null || return 0
  if [[ "$line" =~ ^HTTP/[0-9.]+\ ([0-9]{3}) ]]; then printf '%s' "${BASH_REMATCH[1]}"; fi
}

# The Kafka bootstrap list services and tests get (the cluster profile: every broker, comma-separated).
kafka_bootstrap() { printf '%s:%s' "$SLA_HOST" "$KAFKA_PORT"; }
# Extra environment of every application process (exported) and extra stack.env lines: none here; the cluster
# profile adds the topics' replication factor.
profile_service_env() { :; }
profile_stack_env() { :; }
# profile_before_stop COMPONENT TARGETS…: called by down before it stops COMPONENT (the cluster profile signals its
# Kafka nodes together).
profile_before_stop() { :; }

# The application role's URL of one of the stack's databases.
pg_app_url() { printf 'postgresql://%s:%s@%s:%s/%s' "$PG_APP_USER" "$PG_APP_PASSWORD" "$SLA_HOST" "$PG_PORT" "$1"; }

# ---- running as the PostgreSQL OS user ------------------------------------------------------------------------
# initdb refuses root, so as root the cluster belongs to the `postgres` OS user; otherwise to the current user.
pg_os_user() {
  if ((EUID == 0)); then printf 'postgres'; else id -un; fi
}

# The command prefix that switches to the PostgreSQL OS user. setpriv execs (no fork), so a PID taken with $! is the
# PID of the server itself.
pg_as_user_prefix() {
  if ((EUID == 0)); then printf 'setpriv --reuid=postgres --regid=postgres --init-groups'; fi
}

# as_pg CMD...: runs CMD as the PostgreSQL OS user, from / (its tools refuse a working folder they cannot read).
as_pg() {
  local prefix=()
  read -ra prefix <<<"$(pg_as_user_prefix)"
  (cd / && exec "${prefix[@]}" "$@")
}

# ---- stack.env ----------------------------------------------------------------------------------------------------
write_stack_env() {
  local tmp="$SLA_STACK_ENV.tmp"
  cat >"$tmp" <<EOF
# Written by deploy/local/up.sh. KEY=value lines; \`set -a; . $(pretty_path "$SLA_STACK_ENV"); set +a\` exports them.
SLA_DESK_HOME=$SLA_HOME
TEMPORAL_ADDRESS=$SLA_HOST:$TEMPORAL_PORT
TEMPORAL_NAMESPACE=default
TEMPORAL_UI_URL=http://$SLA_HOST:$TEMPORAL_UI_PORT
KAFKA_BROKERS=$(kafka_bootstrap)
DATABASE_URL_BASE=postgresql://$PG_APP_USER:$PG_APP_PASSWORD@$SLA_HOST:$PG_PORT
TEMPORAL_TEST_SERVER_PATH=$SLA_BIN_DIR/temporal-test-server
TEMPORAL_CLI_PATH=$SLA_BIN_DIR/temporal
GRAPHQL_URL=http://$SLA_HOST:$GATEWAY_PORT/graphql
EOF
  profile_stack_env >>"$tmp"
  mv "$tmp" "$SLA_STACK_ENV"
}

# The cluster profile (deploy/local/cluster/profile.sh) redefines temporal and kafka and adds components: last,
# since it redefines functions of this file too (kafka_bootstrap, profile_service_env, profile_stack_env).
if [[ "$SLA_PROFILE" == cluster ]]; then
  # shellcheck source=deploy/local/cluster/profile.sh
  source "$SLA_DEPLOY_DIR/cluster/profile.sh"
  use_cluster_profile
fi
