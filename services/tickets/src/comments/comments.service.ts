// Comments on a ticket, kept by this service (the workflow's state is the ticket's life, not its conversation).
// Anyone who may see a ticket may comment on it while it is open; internal comments are provider staff's notes and
// never reach customers. Each comment states ticket.comment_added through the outbox, in the same transaction.
import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { badUserInput, forbidden, isProviderStaff, type Caller } from '@sla-desk/auth';
import type { TicketComment } from '../generated/prisma/client';
import { AttachmentsService, type AttachmentUpload } from '../attachments/attachments.service';
import { PrismaService } from '../prisma.service';
import { isTerminal } from '../read-model/ticket-record';
import { TicketReader } from '../read-model/ticket-reader';
import { LIMITS, requireText } from '../tickets/validation';
import { commentAdded } from '../events/ticket-events';
import { actorFor } from '../tickets/actors';
import { ticketClosedError } from '../workflows/ticket-workflows';

@Injectable()
export class CommentsService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly reader: TicketReader,
    private readonly attachments: AttachmentsService,
  ) {}

  async add(caller: Caller, ticketId: string, body: string, internal: boolean, uploads: AttachmentUpload[] = []): Promise<TicketComment> {
    const text = requireText(body, 'body', LIMITS.comment);
    const files = this.attachments.check(uploads);
    if (internal && !isProviderStaff(caller)) throw forbidden('Only provider staff may write internal comments');
    const record = await this.reader.require(caller, ticketId);
    if (isTerminal(record.view)) throw ticketClosedError();
    if (!record.registration)
      throw badUserInput('This ticket was not registered through this API: it takes no comments', { field: 'ticketId' });
    const attachmentIds = files.map(() => randomUUID());
    try {
      return await this.prisma.$transaction(async (tx) => {
        const comment = await tx.ticketComment.create({
          data: { id: randomUUID(), ticketId, authorId: caller.userId, authorOrganizationId: caller.organizationId, internal, body: text },
        });
        await this.attachments.save(tx, { ticketId, commentId: comment.id, uploadedBy: caller.userId }, files, attachmentIds);
        await commentAdded(tx, comment, actorFor(caller, null), record.view.customerId, 'PORTAL', attachmentIds);
        return comment;
      });
    } catch (error) {
      await this.attachments.storage.discard(attachmentIds);
      throw error;
    }
  }

  /** The ticket's comments, oldest first; customers get the public ones only. */
  list(caller: Caller, ticketId: string): Promise<TicketComment[]> {
    return this.prisma.ticketComment.findMany({
      where: { ticketId, ...(isProviderStaff(caller) ? {} : { internal: false }) },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    });
  }
}
