// Signals every running ticket workflow a visibility query finds, as one Temporal batch operation: the server fans
// the signal out (durably, at its own pace), never this service one by one inside a request or a Kafka handler.
// The job id is derived from what caused it (an event id), so a redelivered event starts nothing twice.
import { Injectable, Logger } from '@nestjs/common';
import { TemporalClient } from '@sla-desk/subgraph';
import { isGrpcServiceError } from '@temporalio/client';
import { encodeToPayloads } from '@temporalio/common/lib/internal-non-workflow';

/** gRPC status ALREADY_EXISTS: a batch of that job id was started before. */
const ALREADY_EXISTS = 6;

export interface TicketBatch {
  /** Unique per cause, e.g. `replan-<event id>`; a second start with the same id does nothing. */
  jobId: string;
  /** A visibility query; `ExecutionStatus = "Running"` and the ticket workflow type are added. */
  query: string;
  signal: string;
  arg: unknown;
  /** Shown in the Temporal UI's batch operations. */
  reason: string;
}

/** Quotes a value for a visibility query. */
export function quoted(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

@Injectable()
export class TicketBatches {
  private readonly logger = new Logger('TicketBatches');

  constructor(private readonly temporal: TemporalClient) {}

  /** Starts the batch; true when started now, false when a batch of that job id already exists. */
  async signal(batch: TicketBatch): Promise<boolean> {
    const client = this.temporal.client;
    const visibilityQuery = `WorkflowType = "ticketWorkflow" AND ExecutionStatus = "Running" AND ${batch.query}`;
    try {
      await client.workflowService.startBatchOperation({
        namespace: client.options.namespace,
        jobId: batch.jobId,
        reason: batch.reason,
        visibilityQuery,
        signalOperation: {
          signal: batch.signal,
          input: { payloads: await encodeToPayloads(client.options.loadedDataConverter, batch.arg) },
          identity: 'tickets-service',
        },
      });
      this.logger.log({ msg: 'Started a batch signal', jobId: batch.jobId, signal: batch.signal, query: visibilityQuery });
      return true;
    } catch (error) {
      if (isGrpcServiceError(error) && error.code === ALREADY_EXISTS) return false;
      throw error;
    }
  }
}
