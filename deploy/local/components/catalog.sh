# shellcheck shell=bash
# The catalog subgraph: a standard subgraph component (components/node-service.sh) that asks the contracts subgraph
# which products a customer's contracts cover (the technical library). Sourced by lib.sh after node-service.sh.

catalog_env() {
  subgraph_env catalog
  CATALOG_CONTRACTS_URL="http://$SLA_HOST:$(subgraph_port contracts)/graphql" && export CATALOG_CONTRACTS_URL
}
