# shellcheck shell=bash
# PostgreSQL 15 from Debian's apt: a private cluster under $SLA_HOME on 127.0.0.1:$PG_PORT. Sourced by lib.sh.
#
# Access: role sladesk/sladesk over TCP (scram-sha-256) for services and tests; the superuser only over the unix
# socket in $SLA_HOME/postgres/sock (peer auth, directory readable by the cluster's OS user only).

PG_DIR="$SLA_HOME/postgres"
PG_DATA="$PG_DIR/data"
PG_SOCK="$PG_DIR/sock"
PG_MAJOR_WANTED=15

# The directory holding initdb/postgres/pg_ctl: $PG_BIN, else Debian's /usr/lib/postgresql/15/bin, else the newest
# Debian major, else whatever is on PATH.
pg_bindir() {
  if [[ -n "${PG_BIN:-}" ]]; then
    printf '%s' "$PG_BIN"
    return 0
  fi
  if [[ -x "/usr/lib/postgresql/$PG_MAJOR_WANTED/bin/initdb" ]]; then
    printf '%s' "/usr/lib/postgresql/$PG_MAJOR_WANTED/bin"
    return 0
  fi
  local newest
  newest="$(compgen -G '/usr/lib/postgresql/*/bin/initdb' | sort -V | tail -n 1 || true)"
  if [[ -n "$newest" ]]; then
    dirname "$newest"
    return 0
  fi
  if have initdb && have postgres; then
    dirname "$(readlink -f "$(command -v initdb)")"
    return 0
  fi
  return 1
}

postgres_ports() { printf '%s' "$PG_PORT"; }
postgres_requires() { :; }
# SIGINT is PostgreSQL's "fast shutdown" (SIGTERM would wait for every client to disconnect).
postgres_stop_signal() { printf 'INT'; }

postgres_needs() {
  if ! pg_bindir >/dev/null; then
    if ! have apt-get; then
      printf 'PostgreSQL 15 server binaries (initdb, postgres), or set PG_BIN to their directory\n'
    elif ((EUID != 0)); then
      printf 'PostgreSQL 15 (as root: apt-get update && apt-get install -y postgresql)\n'
    fi
  fi
  if ((EUID == 0)) && ! id postgres >/dev/null 2>&1 && pg_bindir >/dev/null; then
    printf 'the postgres OS user (created by apt-get install -y postgresql)\n'
  fi
  have setpriv || ((EUID != 0)) || printf 'setpriv (apt-get install -y util-linux)\n'
}

pg_tool() {
  local bin
  bin="$(pg_bindir)"
  local tool="$1"
  shift
  "$bin/$tool" "$@"
}

postgres_install() {
  if ! pg_bindir >/dev/null; then
    info "postgres: installing PostgreSQL from apt (apt-get update && apt-get install -y postgresql)"
    run_logged postgres "apt-get update" apt-get update
    run_logged postgres "apt-get install postgresql" env DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql
    pg_bindir >/dev/null || die "postgres: apt installed postgresql but no initdb was found under /usr/lib/postgresql"
  fi

  local os_user
  os_user="$(pg_os_user)"
  mkdir -p "$PG_DIR"
  if [[ ! -f "$PG_DATA/PG_VERSION" ]]; then
    info "postgres: creating a private cluster in $(pretty_path "$PG_DATA") (owner: $os_user)"
    rm -rf "$PG_DATA"
    mkdir -p "$PG_DATA"
    chown "$os_user:" "$PG_DATA"
    chmod 700 "$PG_DATA"
    if ! as_pg test -w "$PG_DATA"; then
      die "postgres: the '$os_user' OS user cannot write $PG_DATA (a parent folder is not traversable by it);" \
        "set SLA_DESK_HOME to a folder it can reach"
    fi
    run_logged postgres initdb as_pg "$(pg_bindir)/initdb" \
      -D "$PG_DATA" -U "$os_user" -E UTF8 --no-locale --auth-local=peer --auth-host=scram-sha-256
  fi
  mkdir -p "$PG_SOCK"
  chown "$os_user:" "$PG_SOCK"
  chmod 700 "$PG_SOCK"
  ((${#PG_SOCK} < 100)) || die "postgres: socket path too long for a unix socket: $PG_SOCK (shorten SLA_DESK_HOME)"
}

postgres_start() {
  local bin
  bin="$(pg_bindir)"
  local as_user=()
  read -ra as_user <<<"$(pg_as_user_prefix)"
  start_bg postgres "${as_user[@]}" "$bin/postgres" -D "$PG_DATA" -p "$PG_PORT" \
    -c listen_addresses="$SLA_HOST" -c unix_socket_directories="$PG_SOCK" -c synchronous_commit=off
}

postgres_summary() {
  printf '  %-15s %s\n' PostgreSQL "postgresql://$PG_APP_USER:$PG_APP_PASSWORD@$SLA_HOST:$PG_PORT/<db>"
  printf '  %-15s %s\n' "" "databases: ${PG_DATABASES[*]}"
}

postgres_probe() {
  pg_tool pg_isready -q -h "$SLA_HOST" -p "$PG_PORT" -t 2
}

# Role and databases (idempotent), then a real query as the application role over TCP.
postgres_after_ready() {
  local su db_list
  su="$(pg_os_user)"
  db_list="$(printf "'%s'," "${PG_DATABASES[@]}")"
  db_list="${db_list%,}"
  run_logged postgres "create role and databases" as_pg "$(pg_bindir)/psql" -X -q -v ON_ERROR_STOP=1 \
    -h "$PG_SOCK" -p "$PG_PORT" -U "$su" -d postgres <<SQL
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$PG_APP_USER') THEN
    CREATE ROLE $PG_APP_USER LOGIN CREATEDB PASSWORD '$PG_APP_PASSWORD';
  ELSE
    ALTER ROLE $PG_APP_USER LOGIN CREATEDB PASSWORD '$PG_APP_PASSWORD';
  END IF;
END \$\$;
SELECT format('CREATE DATABASE %I OWNER $PG_APP_USER', d)
  FROM unnest(ARRAY[$db_list]) AS d
  WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = d) \\gexec
SQL
  local answer
  answer="$(PGPASSWORD="$PG_APP_PASSWORD" PGCONNECT_TIMEOUT=5 pg_tool psql -X -tA -h "$SLA_HOST" -p "$PG_PORT" \
    -U "$PG_APP_USER" -d sladesk_test -c 'SELECT 42' 2>&1)" || answer="$answer (psql failed)"
  if [[ "$answer" != "42" ]]; then
    printf 'error: postgres: a query as %s on sladesk_test failed: %s\n' "$PG_APP_USER" "$answer" >&2
    show_log_tail postgres 40
    return 1
  fi
}
