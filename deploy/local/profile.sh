# shellcheck shell=bash
# Which stack up/down/status act on: `--profile NAME` or `--profile=NAME` among the arguments (taken out of them), else
# SLA_DESK_PROFILE, else `local`. Profiles: `local` (dev server, one broker, one process each) and `cluster` (the
# production shape: Temporal server on PostgreSQL, 3 Kafka brokers, 2 of every application process; deploy/local/cluster).
# Sourced with the script's arguments before lib.sh; leaves the others in SLA_ARGS.
# shellcheck disable=SC2034  # read by the scripts that source it

SLA_PROFILE="${SLA_DESK_PROFILE:-local}"
SLA_ARGS=()
while (($# > 0)); do
  case "$1" in
  --profile)
    SLA_PROFILE="${2:?--profile needs a name: local or cluster}"
    shift 2
    ;;
  --profile=*)
    SLA_PROFILE="${1#--profile=}"
    shift
    ;;
  *)
    SLA_ARGS+=("$1")
    shift
    ;;
  esac
done
case "$SLA_PROFILE" in local | cluster) ;; *)
  printf "error: unknown profile '%s' (known: local, cluster)\n" "$SLA_PROFILE" >&2
  exit 1
  ;;
esac
