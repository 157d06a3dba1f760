// Registering a ticket: idempotent by the client's request id. The registration row is written first (unique per
// customer and request id), then `ticket-<id>` is started; a retry finds the row and (re)starts the same workflow,
// so a retried mutation never makes two tickets, and the same request id with other content is rejected. The
// workflow publishes ticket.registered itself. A start that fails removes the row again: nothing half-done.
import { createHash, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { badUserInput, type Caller } from '@sla-desk/auth';
import { type Channel, type TicketWorkflowInput } from '@sla-desk/workflow-api';
import { ContractDirectory } from '../contracts/contract-directory';
import { Prisma, type Ticket } from '../generated/prisma/client';
import { PrismaService } from '../prisma.service';
import type { TicketRecord } from '../read-model/ticket-record';
import { TicketWorkflows } from '../workflows/ticket-workflows';
import { actorFor } from './actors';

export interface Registration {
  requestId: string;
  customerId: string;
  title: string;
  description: string;
  component: string;
  channel: Channel;
  warranty: boolean;
}

/** What makes two registrations "the same request": everything the client sent, and who sent it. */
function digestOf(r: Registration, authorId: string): string {
  const content = [r.customerId, authorId, r.title, r.description, r.component, r.channel, r.warranty];
  return createHash('sha256').update(JSON.stringify(content)).digest('hex');
}

@Injectable()
export class TicketRegistrations {
  constructor(
    private readonly prisma: PrismaService,
    private readonly workflows: TicketWorkflows,
    private readonly contracts: ContractDirectory,
  ) {}

  async register(caller: Caller, registration: Registration): Promise<TicketRecord> {
    const digest = digestOf(registration, caller.userId);
    const { row, created } = await this.claim(caller, registration, digest);
    if (row.requestDigest !== digest) {
      throw badUserInput(`requestId ${registration.requestId} was already used for a different ticket`, {
        field: 'requestId',
        reason: 'REQUEST_ID_REUSED',
      });
    }
    try {
      await this.workflows.start(this.workflowInput(caller, row));
    } catch (error) {
      if (created) await this.prisma.ticket.delete({ where: { id: row.id } });
      throw error;
    }
    return { view: await this.workflows.loadedStatus(row.id), registration: row };
  }

  /** The row of this request id: the one stored by an earlier attempt, or a new one. */
  private async claim(caller: Caller, r: Registration, digest: string): Promise<{ row: Ticket; created: boolean }> {
    const key = { customerId_requestId: { customerId: r.customerId, requestId: r.requestId } };
    const existing = await this.prisma.ticket.findUnique({ where: key });
    if (existing) return { row: existing, created: false };
    try {
      const row = await this.prisma.ticket.create({
        data: {
          id: randomUUID(),
          customerId: r.customerId,
          requestId: r.requestId,
          requestDigest: digest,
          authorId: caller.userId,
          contractId: this.contracts.activeContractOf(r.customerId),
          title: r.title,
          description: r.description,
          component: r.component,
          channel: r.channel,
          warranty: r.warranty,
          registeredAt: new Date(),
        },
      });
      return { row, created: true };
    } catch (error) {
      // A concurrent attempt with the same request id won the insert: use its row.
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
        return { row: await this.prisma.ticket.findUniqueOrThrow({ where: key }), created: false };
      }
      throw error;
    }
  }

  private workflowInput(caller: Caller, row: Ticket): TicketWorkflowInput {
    return {
      ticketId: row.id,
      customerId: row.customerId,
      contractId: row.contractId,
      title: row.title,
      channel: row.channel as Channel,
      registeredAt: row.registeredAt.toISOString(),
      registeredBy: actorFor(caller, null),
      warranty: row.warranty,
    };
  }
}
