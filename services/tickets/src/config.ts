// The tickets subgraph's configuration: the kit's variables (TICKETS_DATABASE_URL, …) plus where its ticket
// workflows run and the contract a registration is made under until the contracts service answers that.
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

/** Its port unless TICKETS_PORT says otherwise (services/gateway/subgraphs.json lists the same). */
export const TICKETS_DEFAULT_PORT = 4004;

/** The contract every registration is made under until the contracts subgraph names a customer's active one. */
export const PLACEHOLDER_CONTRACT_ID = 'default';

export interface TicketsConfig extends SubgraphConfig {
  /** Where the ticket workflows run (the worker's task queue). */
  temporal: TemporalTarget;
  /** The contract id a ticket workflow is started with (see PLACEHOLDER_CONTRACT_ID). */
  defaultContractId: string;
}

const TICKETS_ENV = {
  ...TEMPORAL_TARGET_ENV,
  TICKETS_DEFAULT_CONTRACT_ID: env.string({ default: PLACEHOLDER_CONTRACT_ID }),
};

export function loadTicketsConfig(source: Record<string, string | undefined>): TicketsConfig {
  return loadSubgraphConfig('tickets', TICKETS_DEFAULT_PORT, source, {
    spec: TICKETS_ENV,
    build: (raw) => ({
      temporal: temporalTarget(raw),
      defaultContractId: raw.TICKETS_DEFAULT_CONTRACT_ID,
    }),
  });
}

export function offlineTicketsConfig(): TicketsConfig {
  return {
    ...offlineSubgraphConfig('tickets'),
    temporal: OFFLINE_TEMPORAL_TARGET,
    defaultContractId: PLACEHOLDER_CONTRACT_ID,
  };
}
