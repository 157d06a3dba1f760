// For subgraphs that start and talk to workflows (tickets, contracts): where Temporal is — three variables read with
// the service's own, plus TLS (TEMPORAL_TLS_* of @sla-desk/runtime) — and one Temporal client per service, connected
// on first use (the service starts and serves reads while Temporal is away) and closed on shutdown.
import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { env, TEMPORAL_TLS_ENV, temporalTlsOf, type TemporalTls, type TemporalTlsEnv } from '@sla-desk/runtime';
import { SLA_DESK_TASK_QUEUE, UNIQUE_WORKFLOW_ID_POLICIES } from '@sla-desk/workflow-api';
import { Client, Connection, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { SUBGRAPH_CONFIG } from './config';

export interface TemporalTarget {
  /** gRPC host:port of the Temporal frontend. */
  address: string;
  namespace: string;
  /** The worker's task queue (SLA_DESK_TASK_QUEUE); tests use their own so no worker picks their workflows up. */
  taskQueue: string;
  /** TLS / mTLS towards the frontend (Temporal Cloud); undefined: plaintext. */
  tls?: TemporalTls;
}

/**
 * TEMPORAL_ADDRESS (required), TEMPORAL_NAMESPACE, TEMPORAL_TASK_QUEUE and the TEMPORAL_TLS_* variables: add to
 * loadSubgraphConfig's `extra.spec`.
 */
export const TEMPORAL_TARGET_ENV = {
  ...TEMPORAL_TLS_ENV,
  TEMPORAL_ADDRESS: env.hostPort(),
  TEMPORAL_NAMESPACE: env.string({ default: 'default', pattern: /^[A-Za-z0-9][A-Za-z0-9._-]*$/ }),
  TEMPORAL_TASK_QUEUE: env.string({ default: SLA_DESK_TASK_QUEUE }),
};

/** The target from the variables read with TEMPORAL_TARGET_ENV (reads the TLS files; ConfigError when unreadable). */
export function temporalTarget(
  raw: { TEMPORAL_ADDRESS: string; TEMPORAL_NAMESPACE: string; TEMPORAL_TASK_QUEUE: string } & TemporalTlsEnv,
): TemporalTarget {
  const tls = temporalTlsOf(raw);
  return { address: raw.TEMPORAL_ADDRESS, namespace: raw.TEMPORAL_NAMESPACE, taskQueue: raw.TEMPORAL_TASK_QUEUE, ...(tls ? { tls } : {}) };
}

/** Reaches nothing: for printing the schema offline. */
export const OFFLINE_TEMPORAL_TARGET: TemporalTarget = { address: '127.0.0.1:1', namespace: 'default', taskQueue: SLA_DESK_TASK_QUEUE };

/** The service's Temporal client; its configuration carries `temporal: TemporalTarget`. */
@Injectable()
export class TemporalClient implements OnModuleDestroy {
  readonly client: Client;
  readonly taskQueue: string;
  private readonly connection: Connection;

  constructor(@Inject(SUBGRAPH_CONFIG) config: { temporal: TemporalTarget }) {
    this.connection = Connection.lazy({ address: config.temporal.address, tls: config.temporal.tls });
    this.client = new Client({ connection: this.connection, namespace: config.temporal.namespace });
    this.taskQueue = config.temporal.taskQueue;
  }

  /**
   * Starts a workflow under its business-key id (a second start of that id is refused by Temporal); false when it was
   * already started, e.g. by a retried command.
   */
  async startOnce(workflowType: string, workflowId: string, args: unknown[]): Promise<boolean> {
    try {
      await this.client.workflow.start(workflowType, { workflowId, taskQueue: this.taskQueue, args, ...UNIQUE_WORKFLOW_ID_POLICIES });
      return true;
    } catch (error) {
      if (error instanceof WorkflowExecutionAlreadyStartedError) return false;
      throw error;
    }
  }

  async onModuleDestroy(): Promise<void> {
    await this.connection.close();
  }
}
