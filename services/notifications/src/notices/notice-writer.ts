// Writes notices, in the consumer's transaction: one row per (event, recipient) — the unique key makes a redelivered
// event harmless even past processed_events — and, when the recipient wants email for that kind, one outgoing email
// per notice (the mailer sends it later, so SMTP never blocks the consumer).
import { Inject, Injectable } from '@nestjs/common';
import { uuidV5 } from '@sla-desk/events';
import { SUBGRAPH_CONFIG } from '@sla-desk/subgraph';
import type { NotificationsConfig } from '../config';
import type { Prisma } from '../generated/prisma/client';
import { DEFAULT_LOCALE, type Locale, type NoticeKind } from './kinds';
import { renderNotice, type NoticeFacts } from './templates';

export type Tx = Prisma.TransactionClient;

/** Namespace of notice and email ids (deterministic from event and recipient). Never change it. */
const NOTICE_NAMESPACE = '6f1d2c77-0b9a-4c1e-9a40-6b0f7f3e51a2';

export function noticeIdFor(eventId: string, recipientId: string): string {
  return uuidV5(`${eventId}\u001f${recipientId}`, NOTICE_NAMESPACE);
}

/** The Message-ID of a ticket's thread root: every email about the ticket refers to it, replies carry it back. */
export function ticketThreadId(ticketId: string, domain: string): string {
  return `<ticket-${ticketId}@${domain}>`;
}

export interface NoticeRequest {
  eventId: string;
  kind: NoticeKind;
  ticketId?: string;
  recipients: Iterable<string>;
  facts: NoticeFacts;
}

@Injectable()
export class NoticeWriter {
  constructor(@Inject(SUBGRAPH_CONFIG) private readonly config: NotificationsConfig) {}

  /** Returns how many notices were new (0 on a redelivery). */
  async write(tx: Tx, request: NoticeRequest): Promise<number> {
    const ids = [...new Set(request.recipients)].filter(Boolean);
    if (ids.length === 0) return 0;
    const [users, prefs] = await Promise.all([
      tx.directoryUser.findMany({ where: { id: { in: ids } }, select: { id: true, email: true } }),
      tx.userPreference.findMany({ where: { userId: { in: ids } } }),
    ]);
    const emailOf = new Map(users.map((u) => [u.id, u.email]));
    const prefOf = new Map(prefs.map((p) => [p.userId, p]));
    let created = 0;
    for (const recipientId of ids) {
      // Only people the directory knows get notices: an id we cannot resolve is nobody's feed.
      const email = emailOf.get(recipientId);
      if (!email) continue;
      const pref = prefOf.get(recipientId);
      const locale = (pref?.locale ?? DEFAULT_LOCALE) as Locale;
      const { subject, body } = renderNotice(request.kind, request.facts, locale);
      const id = noticeIdFor(request.eventId, recipientId);
      const inserted = await tx.notice.createMany({
        data: [
          { id, eventId: request.eventId, recipientId, kind: request.kind, ticketId: request.ticketId ?? null, locale, subject, body },
        ],
        skipDuplicates: true,
      });
      if (inserted.count === 0) continue;
      created += 1;
      if (pref?.emailOffKinds.includes(request.kind)) continue;
      const domain = this.config.mailer.messageIdDomain;
      const thread = request.ticketId ? ticketThreadId(request.ticketId, domain) : undefined;
      await tx.outgoingEmail.createMany({
        data: [
          {
            id,
            noticeId: id,
            purpose: 'NOTICE',
            toAddress: email,
            subject,
            textBody: body,
            messageId: `<notice-${id}@${domain}>`,
            headers: thread ? { 'In-Reply-To': thread, References: thread } : {},
            attachmentIds: [],
          },
        ],
        skipDuplicates: true,
      });
    }
    return created;
  }
}
