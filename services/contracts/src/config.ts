// The contracts service's configuration: the kit's subgraph variables plus where contract onboarding workflows start.
import { env } from '@sla-desk/runtime';
import {
  loadSubgraphConfig,
  OFFLINE_TEMPORAL_TARGET,
  offlineSubgraphConfig,
  TEMPORAL_TARGET_ENV,
  temporalTarget,
  type SubgraphConfig,
  type TemporalTarget,
} from '@sla-desk/subgraph';

/** Its port unless CONTRACTS_PORT says otherwise (services/gateway/subgraphs.json lists the same). */
export const CONTRACTS_DEFAULT_PORT = 4003;

export interface ContractsConfig extends SubgraphConfig {
  temporal: TemporalTarget;
  /** The catalog subgraph's GraphQL endpoint: which components exist. */
  catalogUrl: string;
}

export function loadContractsConfig(source: Record<string, string | undefined>): ContractsConfig {
  return loadSubgraphConfig('contracts', CONTRACTS_DEFAULT_PORT, source, {
    spec: {
      ...TEMPORAL_TARGET_ENV,
      CONTRACTS_CATALOG_URL: env.url({ default: 'http://127.0.0.1:4002/graphql', protocols: ['http', 'https'] }),
    },
    build: (raw) => ({
      temporal: temporalTarget(raw),
      catalogUrl: raw.CONTRACTS_CATALOG_URL,
    }),
  });
}

export function offlineContractsConfig(): ContractsConfig {
  return {
    ...offlineSubgraphConfig('contracts'),
    temporal: OFFLINE_TEMPORAL_TARGET,
    catalogUrl: 'http://127.0.0.1:1/graphql',
  };
}
