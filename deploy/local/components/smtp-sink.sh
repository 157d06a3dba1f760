# shellcheck shell=bash
# A real SMTP sink for the local stack: services/notifications' dev/smtp-sink.js (smtp-server) accepts every message
# on $SMTP_SINK_PORT (default 1025), keeps it under $SLA_HOME/smtp-sink (<n>.eml + index.jsonl) and answers
# GET /messages (JSON; ?to=<address>), GET /messages/<n>.eml and DELETE /messages on $SMTP_SINK_HTTP_PORT (default
# 1080). The notifications subgraph sends its mail here locally (components/notifications.sh). Recipients whose
# local part starts with `reject-` are refused (550), to see failed deliveries. Sourced by lib.sh.

SMTP_SINK_PORT="${SLA_DESK_SMTP_SINK_PORT:-1025}"
SMTP_SINK_HTTP_PORT="${SLA_DESK_SMTP_SINK_HTTP_PORT:-1080}"
SMTP_SINK_JS="$SLA_REPO_ROOT/services/notifications/dist/dev/smtp-sink.js"

smtp-sink_ports() { printf '%s %s' "$SMTP_SINK_PORT" "$SMTP_SINK_HTTP_PORT"; }
smtp-sink_requires() { :; }
smtp-sink_nx_project() { printf '@sla-desk/notifications'; }
smtp-sink_stop_signal() { printf 'TERM'; }
smtp-sink_needs() { node_service_needs; }
smtp-sink_install() {
  [[ -f "$SMTP_SINK_JS" ]] || die "smtp-sink: $(pretty_path "$SMTP_SINK_JS") is missing (see $(pretty_path "$(log_file build)"))"
  mkdir -p "$SLA_HOME/smtp-sink"
}
smtp-sink_env() { :; }
smtp-sink_start() {
  start_bg smtp-sink node "$SMTP_SINK_JS" --host "$SLA_HOST" --smtp-port "$SMTP_SINK_PORT" --http-port "$SMTP_SINK_HTTP_PORT" \
    --dir "$SLA_HOME/smtp-sink"
}
smtp-sink_probe() { [[ "$(http_status "$SMTP_SINK_HTTP_PORT" /health)" == 200 ]]; }
smtp-sink_after_ready() { :; }
smtp-sink_summary() {
  printf '  %-15s %s\n' "SMTP sink" "smtp://$SLA_HOST:$SMTP_SINK_PORT (mail: http://$SLA_HOST:$SMTP_SINK_HTTP_PORT/messages, files $(pretty_path "$SLA_HOME/smtp-sink"))"
}
