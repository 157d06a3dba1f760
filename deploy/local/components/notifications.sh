# shellcheck shell=bash
# The notifications subgraph: a standard subgraph component (components/node-service.sh) that also listens for
# inbound mail on $NOTIFICATIONS_SMTP_PORT (default 2525) and sends its mail to the local SMTP sink
# (components/smtp-sink.sh); inbound mail becomes tickets through the tickets subgraph. Sourced by lib.sh after
# node-service.sh.

NOTIFICATIONS_INBOUND_SMTP_PORT="${SLA_DESK_NOTIFICATIONS_SMTP_PORT:-2525}"

notifications_ports() { printf '%s %s' "$(subgraph_port notifications)" "$NOTIFICATIONS_INBOUND_SMTP_PORT"; }
notifications_requires() { printf 'postgres kafka smtp-sink'; }

notifications_env() {
  subgraph_env notifications
  export NOTIFICATIONS_OUTBOUND_SMTP_URL="smtp://$SLA_HOST:$SMTP_SINK_PORT" NOTIFICATIONS_SMTP_HOST="$SLA_HOST" \
    NOTIFICATIONS_SMTP_PORT="$NOTIFICATIONS_INBOUND_SMTP_PORT" NOTIFICATIONS_TICKETS_URL="http://$SLA_HOST:$(subgraph_port tickets)/graphql"
}

notifications_summary() {
  printf '  %-15s %s\n' notifications "http://$SLA_HOST:$(subgraph_port notifications)/graphql (subgraph; use the gateway)"
  printf '  %-15s %s\n' "Inbound mail" "smtp://$SLA_HOST:$NOTIFICATIONS_INBOUND_SMTP_PORT (notifications' SMTP listener)"
}
