// The tickets subgraph's configuration: the kit's variables (TICKETS_DATABASE_URL, …) plus where its ticket
// workflows run and the contract a registration is made under until the contracts service answers that.
import { env } from '@sla-desk/runtime';
import { loadSubgraphConfig, offlineSubgraphConfig, type SubgraphConfig } from '@sla-desk/subgraph';
import { SLA_DESK_TASK_QUEUE } from '@sla-desk/workflow-api';

/** Its port unless TICKETS_PORT says otherwise (services/gateway/subgraphs.json lists the same). */
export const TICKETS_DEFAULT_PORT = 4004;

/** The contract every registration is made under until the contracts subgraph names a customer's active one. */
export const PLACEHOLDER_CONTRACT_ID = 'default';

export interface TicketsConfig extends SubgraphConfig {
  temporal: {
    /** gRPC host:port of the Temporal frontend. */
    address: string;
    namespace: string;
    /** The worker's task queue the ticket workflows are started on. */
    taskQueue: string;
  };
  /** The contract id a ticket workflow is started with (see PLACEHOLDER_CONTRACT_ID). */
  defaultContractId: string;
}

const TICKETS_ENV = {
  TEMPORAL_ADDRESS: env.hostPort(),
  TEMPORAL_NAMESPACE: env.string({ default: 'default', pattern: /^[A-Za-z0-9][A-Za-z0-9._-]*$/ }),
  TEMPORAL_TASK_QUEUE: env.string({ default: SLA_DESK_TASK_QUEUE }),
  TICKETS_DEFAULT_CONTRACT_ID: env.string({ default: PLACEHOLDER_CONTRACT_ID }),
};

export function loadTicketsConfig(source: Record<string, string | undefined>): TicketsConfig {
  return loadSubgraphConfig('tickets', TICKETS_DEFAULT_PORT, source, {
    spec: TICKETS_ENV,
    build: (raw) => ({
      temporal: { address: raw.TEMPORAL_ADDRESS, namespace: raw.TEMPORAL_NAMESPACE, taskQueue: raw.TEMPORAL_TASK_QUEUE },
      defaultContractId: raw.TICKETS_DEFAULT_CONTRACT_ID,
    }),
  });
}

export function offlineTicketsConfig(): TicketsConfig {
  return {
    ...offlineSubgraphConfig('tickets'),
    temporal: { address: '127.0.0.1:1', namespace: 'default', taskQueue: SLA_DESK_TASK_QUEUE },
    defaultContractId: PLACEHOLDER_CONTRACT_ID,
  };
}
