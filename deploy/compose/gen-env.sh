#!/usr/bin/env bash
# Writes deploy/compose/.env (git-ignored) with fresh secrets for compose.yaml: the identity service's Ed25519 JWT
# signing key and its public key (PEM, newlines as \n, which the services accept), the gateway↔subgraph HMAC secret
# and the PostgreSQL password. Refuses to overwrite an existing .env (the keys sign live sessions).
set -euo pipefail
cd "$(dirname "$0")"
if [[ -e .env ]]; then
  echo ".env exists; delete it first to make new secrets" >&2
  exit 1
fi
key=$(mktemp)
trap 'rm -f "$key"' EXIT
openssl genpkey -algorithm ed25519 -out "$key"
oneline() { awk 'BEGIN { ORS = "\\n" } { print }' | sed 's/\\n$//'; }
{
  echo "JWT_PRIVATE_KEY=\"$(oneline < "$key")\""
  echo "JWT_PUBLIC_KEY=\"$(openssl pkey -in "$key" -pubout | oneline)\""
  echo "GATEWAY_SUBGRAPH_SECRET=$(openssl rand -hex 32)"
  echo "POSTGRES_PASSWORD=$(openssl rand -hex 16)"
} > .env
chmod 600 .env
echo "wrote $(pwd)/.env"
