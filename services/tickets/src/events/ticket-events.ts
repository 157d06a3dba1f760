// The events this service itself states about tickets (the workflow publishes the ticket's life): enqueued in the
// transactional outbox in the transaction of the change, shipped to `sladesk.tickets.v1` by the kit's relay.
import { commonV1, enqueueEvent, ticketsV1, type PrismaRawClient } from '@sla-desk/events';
import { partyOf, type Actor, type Channel } from '@sla-desk/workflow-api';
import type { TicketComment } from '../generated/prisma/client';

export const PRODUCER = 'tickets-service';

const PARTY = { PROVIDER: commonV1.Party.PROVIDER, CUSTOMER: commonV1.Party.CUSTOMER } as const;

export async function commentAdded(
  tx: PrismaRawClient,
  comment: TicketComment,
  author: Actor,
  customerId: string,
  channel: Channel,
  attachmentIds: readonly string[] = [],
): Promise<void> {
  const party = partyOf(author);
  await enqueueEvent(tx, {
    type: 'ticket.comment_added',
    // The comment id is the fact's identity: a retried transaction cannot state it twice.
    eventId: comment.id,
    tenantId: customerId,
    producer: PRODUCER,
    occurredAt: comment.createdAt,
    payload: {
      ticketId: comment.ticketId,
      commentId: comment.id,
      author: { id: author.id, role: commonV1.ActorRole[author.role] },
      authorParty: party ? PARTY[party] : commonV1.Party.UNSPECIFIED,
      body: comment.body,
      channel: ticketsV1.Channel[channel],
      internal: comment.internal,
      attachmentIds: [...attachmentIds],
    },
  });
}
