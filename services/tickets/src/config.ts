// The tickets subgraph's configuration: the kit's variables (TICKETS_DATABASE_URL, …) plus where its ticket
// workflows run, and the contracts subgraph that decides a new ticket's contract (or the single contract without it).
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

/** The contract every registration is made under in single-contract mode (no TICKETS_CONTRACTS_URL). */
export const PLACEHOLDER_CONTRACT_ID = 'default';

export interface TicketsConfig extends SubgraphConfig {
  /** Where the ticket workflows run (the worker's task queue). */
  temporal: TemporalTarget;
  /** The contract id of every ticket in single-contract mode (no contractsUrl; see PLACEHOLDER_CONTRACT_ID). */
  defaultContractId: string;
  /** The contracts subgraph that decides a new ticket's contract (entitlement); unset: single-contract mode. */
  contractsUrl: string | undefined;
}

const TICKETS_ENV = {
  ...TEMPORAL_TARGET_ENV,
  TICKETS_DEFAULT_CONTRACT_ID: env.string({ default: PLACEHOLDER_CONTRACT_ID }),
  TICKETS_CONTRACTS_URL: env.optionalUrl({ protocols: ['http', 'https'] }),
};

export function loadTicketsConfig(source: Record<string, string | undefined>): TicketsConfig {
  return loadSubgraphConfig('tickets', TICKETS_DEFAULT_PORT, source, {
    spec: TICKETS_ENV,
    build: (raw) => ({
      temporal: temporalTarget(raw),
      defaultContractId: raw.TICKETS_DEFAULT_CONTRACT_ID,
      contractsUrl: raw.TICKETS_CONTRACTS_URL,
    }),
  });
}

export function offlineTicketsConfig(): TicketsConfig {
  return {
    ...offlineSubgraphConfig('tickets'),
    temporal: OFFLINE_TEMPORAL_TARGET,
    defaultContractId: PLACEHOLDER_CONTRACT_ID,
    contractsUrl: undefined,
  };
}
