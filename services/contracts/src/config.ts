// The contracts service's configuration: the kit's subgraph variables plus where contract onboarding workflows start.
import { env } from '@sla-desk/runtime';
import { loadSubgraphConfig, offlineSubgraphConfig, type SubgraphConfig } from '@sla-desk/subgraph';
import { SLA_DESK_TASK_QUEUE } from '@sla-desk/workflow-api';

/** Its port unless CONTRACTS_PORT says otherwise (services/gateway/subgraphs.json lists the same). */
export const CONTRACTS_DEFAULT_PORT = 4003;

export interface TemporalTarget {
  address: string;
  namespace: string;
  /** The worker's task queue (SLA_DESK_TASK_QUEUE); tests use their own so no worker picks their workflows up. */
  taskQueue: string;
}

export interface ContractsConfig extends SubgraphConfig {
  temporal: TemporalTarget;
  /** The catalog subgraph's GraphQL endpoint: which components exist. */
  catalogUrl: string;
}

export function loadContractsConfig(source: Record<string, string | undefined>): ContractsConfig {
  return loadSubgraphConfig('contracts', CONTRACTS_DEFAULT_PORT, source, {
    spec: {
      TEMPORAL_ADDRESS: env.hostPort({ default: '127.0.0.1:7233' }),
      TEMPORAL_NAMESPACE: env.string({ default: 'default' }),
      TEMPORAL_TASK_QUEUE: env.string({ default: SLA_DESK_TASK_QUEUE }),
      CONTRACTS_CATALOG_URL: env.url({ default: 'http://127.0.0.1:4002/graphql', protocols: ['http', 'https'] }),
    },
    build: (raw) => ({
      temporal: { address: raw.TEMPORAL_ADDRESS, namespace: raw.TEMPORAL_NAMESPACE, taskQueue: raw.TEMPORAL_TASK_QUEUE },
      catalogUrl: raw.CONTRACTS_CATALOG_URL,
    }),
  });
}

export function offlineContractsConfig(): ContractsConfig {
  return {
    ...offlineSubgraphConfig('contracts'),
    temporal: { address: '127.0.0.1:1', namespace: 'default', taskQueue: SLA_DESK_TASK_QUEUE },
    catalogUrl: 'http://127.0.0.1:1/graphql',
  };
}
