// @sla-desk/gateway: the federated GraphQL endpoint.
export { createGatewayApp } from './app';
export { loadGatewayConfig, type GatewayConfig } from './config';
export { GatewayModule, type GatewayModuleOptions } from './gateway.module';
export { createGatewayContext, SignedIdentityDataSource, type GatewayContext } from './identity';
export { composeFromFiles, composeSupergraph, CompositionError, SUPERGRAPH_FILE } from './supergraph/compose';
