// Registering a ticket: idempotent by the client's request id. The registration row is written first (unique per
// customer and request id), then `ticket-<id>` is started; a retry finds the row and (re)starts the same workflow,
// so a retried mutation never makes two tickets, and the same request id with other content is rejected. The
// workflow publishes ticket.registered itself. A start that fails removes the row again: nothing half-done. The
// ticket id is derived from the customer and the request id, so even a start that failed ambiguously (the server
// started the workflow but the answer was lost, and the row was removed) is found again by the retry.
import { createHash, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { badUserInput, type Caller } from '@sla-desk/auth';
import { SlaState, TicketStatus, type Channel, type TicketView, type TicketWorkflowInput } from '@sla-desk/workflow-api';
import { ContractDirectory } from '../contracts/contract-directory';
import { Prisma, type Ticket } from '../generated/prisma/client';
import { PrismaService } from '../prisma.service';
import type { TicketRecord } from '../read-model/ticket-record';
import { TicketWorkflows } from '../workflows/ticket-workflows';
import { actorFor } from './actors';
import { AttachmentsService, type CheckedAttachment } from '../attachments/attachments.service';

export interface Registration {
  requestId: string;
  customerId: string;
  title: string;
  description: string;
  component: string;
  channel: Channel;
  warranty: boolean;
  /** Checked uploads, stored with the registration row in one transaction. */
  attachments: CheckedAttachment[];
}

/**
 * The ticket the moment its workflow starts, as the workflow itself answers then: registered, no clock planned yet.
 * The workflow plans the clocks once it has loaded the contract's terms (milliseconds later; ticket(id) waits for
 * that), so registering costs one workflow start, not a round trip through the worker.
 */
export function justRegistered(input: TicketWorkflowInput): TicketView {
  return {
    ticketId: input.ticketId,
    customerId: input.customerId,
    contractId: input.contractId,
    title: input.title,
    channel: input.channel,
    warranty: input.warranty === true,
    status: TicketStatus.REGISTERED,
    registeredAt: input.registeredAt,
    slaState: SlaState.NONE,
    closeWithoutProcessingAllowed: false,
    policy: { id: '', version: '' },
    calendar: { id: '', version: '' },
    clocks: [],
    seq: 0,
    updatedAt: input.registeredAt,
  };
}

/** The ticket id of a request: a UUID (version 8, name-based) from SHA-256 of the customer and the request id. */
export function ticketIdFor(customerId: string, requestId: string): string {
  return nameBasedUuid('sladesk-ticket', customerId, requestId);
}

/** A UUID (version 8) from SHA-256 of a label and parts: the same request always names the same thing. */
export function nameBasedUuid(label: string, ...parts: string[]): string {
  const h = createHash('sha256')
    .update([label, ...parts].join('\u0000'))
    .digest();
  h[6] = (h[6]! & 0x0f) | 0x80;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const hex = h.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** What makes two registrations "the same request": everything the client sent, and who sent it. */
function digestOf(r: Registration, authorId: string): string {
  const content = [r.customerId, authorId, r.title, r.description, r.component, r.channel, r.warranty];
  // Files only when there are some, so digests of registrations stored before attachments existed stay the same.
  if (r.attachments.length > 0) content.push(...AttachmentsService.fingerprint(r.attachments));
  return createHash('sha256').update(JSON.stringify(content)).digest('hex');
}

@Injectable()
export class TicketRegistrations {
  constructor(
    private readonly prisma: PrismaService,
    private readonly workflows: TicketWorkflows,
    private readonly contracts: ContractDirectory,
    private readonly attachments: AttachmentsService,
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
    const input = this.workflowInput(caller, row);
    try {
      await this.workflows.start(input);
    } catch (error) {
      if (created) await this.unclaim(row.id);
      throw error;
    }
    // A retry shows the ticket as it is now; a new one answers at once, without waiting for the worker.
    return { view: created ? justRegistered(input) : await this.workflows.loadedStatus(row.id), registration: row };
  }

  /** The row of this request id: the one stored by an earlier attempt, or a new one. */
  private async claim(caller: Caller, r: Registration, digest: string): Promise<{ row: Ticket; created: boolean }> {
    const key = { customerId_requestId: { customerId: r.customerId, requestId: r.requestId } };
    const existing = await this.prisma.ticket.findUnique({ where: key });
    if (existing) return { row: existing, created: false };
    const registeredAt = new Date();
    const contract = await this.contracts.governing(r.customerId, r.component, registeredAt, r.channel);
    const id = ticketIdFor(r.customerId, r.requestId);
    // Fresh ids per attempt: a losing concurrent attempt discards only its own files (a retry finds the row instead).
    const attachmentIds = r.attachments.map(() => randomUUID());
    try {
      const data = {
        id,
        customerId: r.customerId,
        requestId: r.requestId,
        requestDigest: digest,
        authorId: caller.userId,
        contractId: contract.contractId,
        timeZone: contract.timeZone,
        title: r.title,
        description: r.description,
        component: r.component,
        channel: r.channel,
        warranty: r.warranty,
        registeredAt,
      };
      // One statement without files; with files, the row, the files' rows and their bytes in one transaction.
      const row =
        r.attachments.length === 0
          ? await this.prisma.ticket.create({ data })
          : await this.prisma.$transaction(async (tx) => {
              const ticket = await tx.ticket.create({ data });
              await this.attachments.save(tx, { ticketId: id, uploadedBy: caller.userId }, r.attachments, attachmentIds);
              return ticket;
            });
      return { row, created: true };
    } catch (error) {
      await this.attachments.storage.discard(attachmentIds);
      // A concurrent attempt with the same request id won the insert: use its row.
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
        return { row: await this.prisma.ticket.findUniqueOrThrow({ where: key }), created: false };
      }
      throw error;
    }
  }

  /** Undoes a claim whose workflow did not start: the row, its attachments and their bytes. */
  private async unclaim(ticketId: string): Promise<void> {
    const attachments = await this.prisma.attachment.findMany({ where: { ticketId }, select: { id: true } });
    await this.prisma.ticket.delete({ where: { id: ticketId } });
    await this.attachments.storage.discard(attachments.map((a) => a.id));
  }

  private workflowInput(caller: Caller, row: Ticket): TicketWorkflowInput {
    return {
      ticketId: row.id,
      customerId: row.customerId,
      contractId: row.contractId,
      componentId: row.component,
      title: row.title,
      channel: row.channel as Channel,
      registeredAt: row.registeredAt.toISOString(),
      registeredBy: actorFor(caller, null),
      warranty: row.warranty,
    };
  }
}
