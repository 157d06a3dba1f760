// Every change of a ticket after registration is an update of its workflow: this checks that the caller may see
// the ticket (a customer acts only on its own organization's), that it is still open, turns the caller into the
// workflow's actor and returns the ticket as the update left it. Who may take which action, and whether the
// ticket's state allows it, is the workflow validators' call (their reason comes back as a GraphQL error).
import { Injectable } from '@nestjs/common';
import type { Caller } from '@sla-desk/auth';
import type { Actor, TicketView } from '@sla-desk/workflow-api';
import type { UpdateDefinition } from '@temporalio/common';
import { isTerminal, type TicketRecord } from '../read-model/ticket-record';
import { TicketReader } from '../read-model/ticket-reader';
import { ticketClosedError, TicketWorkflows } from '../workflows/ticket-workflows';
import { actorFor, type TicketCommandAction } from './actors';

@Injectable()
export class TicketCommands {
  constructor(
    private readonly reader: TicketReader,
    private readonly workflows: TicketWorkflows,
  ) {}

  async run<I extends { actor: Actor }>(
    caller: Caller,
    ticketId: string,
    action: TicketCommandAction,
    update: UpdateDefinition<TicketView, [I]>,
    input: Omit<I, 'actor'>,
  ): Promise<TicketRecord> {
    const record = await this.reader.require(caller, ticketId);
    if (isTerminal(record.view)) throw ticketClosedError();
    const view = await this.workflows.update(ticketId, update, { ...input, actor: actorFor(caller, action) } as I);
    return { view, registration: record.registration };
  }
}
