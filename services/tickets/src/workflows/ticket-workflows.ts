// The bridge to the ticket workflows (`ticket-<id>` on the worker's task queue): start one, run an update on it,
// query it. Temporal's errors become GraphQL errors with stable codes here, so resolvers never see a gRPC failure.
import { Injectable, Logger } from '@nestjs/common';
import { badUserInput, forbidden } from '@sla-desk/auth';
import { TemporalClient } from '@sla-desk/subgraph';
import {
  RejectionCode,
  rejectionOf,
  ticketHistoryQuery,
  ticketStatusQuery,
  ticketWorkflowId,
  WorkflowType,
  type HistoryEntry,
  type TicketView,
  type TicketWorkflowInput,
} from '@sla-desk/workflow-api';
import { WorkflowNotFoundError, type WorkflowHandle } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import { GraphQLError } from 'graphql';

const LOADED_STATUS_TIMEOUT_MS = 5_000;

/** Rejections that mean "you may not", not "this is wrong": FORBIDDEN rather than BAD_USER_INPUT. */
const FORBIDDEN_REJECTIONS = new Set<string>([RejectionCode.FORBIDDEN_ROLE, RejectionCode.NOT_ASSIGNEE]);

/** The GraphQL error for a validator's rejection: the generic code plus the validator's as `reason`. */
export function rejectionError(code: string, message: string): GraphQLError {
  return FORBIDDEN_REJECTIONS.has(code) ? forbidden(message, { reason: code }) : badUserInput(message, { reason: code });
}

/** An action on a ticket whose workflow has completed (closed, closed without processing, cancelled). */
export function ticketClosedError(): GraphQLError {
  return badUserInput('The ticket is closed: nothing can be done on it any more', { reason: 'TICKET_CLOSED' });
}

@Injectable()
export class TicketWorkflows {
  private readonly logger = new Logger(TicketWorkflows.name);

  constructor(private readonly temporal: TemporalClient) {}

  /** Starts `ticket-<id>`; a start that already happened (a retried registration) counts as done. */
  async start(input: TicketWorkflowInput): Promise<void> {
    await this.temporal.startOnce(WorkflowType.TICKET, ticketWorkflowId(input.ticketId), [input]);
  }

  /** Runs an update and returns the ticket as it left it; a validator's rejection is a GraphQL error. */
  async update<I>(ticketId: string, def: UpdateDefinition<TicketView, [I]>, input: I): Promise<TicketView> {
    try {
      return await this.handle(ticketId).executeUpdate(def, { args: [input] });
    } catch (error) {
      throw this.translate(error, ticketId, def.name);
    }
  }

  async status(ticketId: string): Promise<TicketView> {
    return this.handle(ticketId).query(ticketStatusQuery);
  }

  /**
   * The status once the workflow has loaded the contract's terms (its first activity, milliseconds after the start):
   * before that it answers a placeholder with no clocks (seq 0). After `timeoutMs` the placeholder is returned.
   */
  async loadedStatus(ticketId: string, timeoutMs = LOADED_STATUS_TIMEOUT_MS): Promise<TicketView> {
    const until = Date.now() + timeoutMs;
    for (let pause = 20; ; pause = Math.min(pause * 2, 200)) {
      const view = await this.status(ticketId);
      if (view.seq > 0 || Date.now() >= until) return view;
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  }

  async history(ticketId: string): Promise<HistoryEntry[]> {
    return this.handle(ticketId).query(ticketHistoryQuery);
  }

  private handle(ticketId: string): WorkflowHandle {
    return this.temporal.client.workflow.getHandle(ticketWorkflowId(ticketId));
  }

  private translate(error: unknown, ticketId: string, update: string): unknown {
    const rejection = rejectionOf(error);
    if (rejection) return rejectionError(rejection.code, rejection.message);
    if (error instanceof WorkflowNotFoundError || isCompletedWorkflowError(error)) return ticketClosedError();
    this.logger.warn({ msg: 'Ticket update failed', ticketId, update, err: (error as Error)?.message });
    return error;
  }
}

/** The server refuses updates on a completed workflow ("workflow execution already completed"). */
function isCompletedWorkflowError(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 8; e = (e as { cause?: unknown }).cause, depth++) {
    if (/already completed/i.test((e as Error).message ?? '')) return true;
  }
  return false;
}
