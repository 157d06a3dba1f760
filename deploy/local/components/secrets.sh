# shellcheck shell=bash
# The local secrets every application process shares, generated once into $SLA_HOME/secrets/ (folder 700, files 600,
# the public key 644): the Ed25519 key pair identity signs access tokens with and the gateway verifies them with
# (jwt-private.pem / jwt-public.pem), the gateway↔subgraph HMAC secret (gateway-secret) and the bootstrap admin's
# password (admin-password). Sourced by lib.sh.

SLA_SECRETS_DIR="$SLA_HOME/secrets"

secret_file() { printf '%s/%s' "$SLA_SECRETS_DIR" "$1"; }

local_secrets() {
  # A state folder from before the secrets moved here keeps its keys (and so its logins).
  if [[ ! -d "$SLA_SECRETS_DIR" && -s "$SLA_HOME/identity/jwt-private.pem" ]]; then
    mv "$SLA_HOME/identity" "$SLA_SECRETS_DIR"
  fi
  mkdir -p "$SLA_SECRETS_DIR"
  chmod 700 "$SLA_SECRETS_DIR"
  if [[ ! -s "$SLA_SECRETS_DIR/jwt-private.pem" || ! -s "$SLA_SECRETS_DIR/jwt-public.pem" ]]; then
    info "generating the local JWT signing key pair in $(pretty_path "$SLA_SECRETS_DIR")"
    node -e '
      const { generateKeyPairSync } = require("node:crypto");
      const fs = require("node:fs");
      const { privateKey, publicKey } = generateKeyPairSync("ed25519");
      fs.writeFileSync(process.argv[1], privateKey.export({ type: "pkcs8", format: "pem" }), { mode: 0o600 });
      fs.writeFileSync(process.argv[2], publicKey.export({ type: "spki", format: "pem" }), { mode: 0o644 });
    ' "$SLA_SECRETS_DIR/jwt-private.pem" "$SLA_SECRETS_DIR/jwt-public.pem" ||
      die "could not generate the JWT key pair in $SLA_SECRETS_DIR"
  fi
  local name bytes
  for name in gateway-secret:32 admin-password:12; do
    bytes="${name#*:}" name="${name%%:*}"
    if [[ ! -s "$SLA_SECRETS_DIR/$name" ]]; then
      (umask 077 && node -e 'process.stdout.write(require("node:crypto").randomBytes(+process.argv[1]).toString("base64url"))' \
        "$bytes" >"$SLA_SECRETS_DIR/$name") || die "could not generate $SLA_SECRETS_DIR/$name"
    fi
  done
}
