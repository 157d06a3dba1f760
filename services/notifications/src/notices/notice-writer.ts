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

  /** Returns how many notices were new (0 on a redelivery). Three statements whatever the number of recipients. */
  async write(tx: Tx, request: NoticeRequest): Promise<number> {
    const ids = [...new Set(request.recipients)].filter(Boolean);
    if (ids.length === 0) return 0;
    // Only people the directory knows get notices: an id it cannot resolve is nobody's feed.
    const people = await tx.$queryRaw<Array<{ id: string; email: string; locale: string | null; emailOffKinds: string[] | null }>>`
      SELECT u.id, u.email, p.locale, p.email_off_kinds AS "emailOffKinds"
      FROM directory_users u LEFT JOIN user_preferences p ON p.user_id = u.id
      WHERE u.id = ANY(${ids}::uuid[])`;
    if (people.length === 0) return 0;
    const rendered = people.map((person) => {
      const locale = (person.locale ?? DEFAULT_LOCALE) as Locale;
      return { person, locale, id: noticeIdFor(request.eventId, person.id), ...renderNotice(request.kind, request.facts, locale) };
    });
    const created = await tx.notice.createManyAndReturn({
      data: rendered.map((r) => ({
        id: r.id,
        eventId: request.eventId,
        recipientId: r.person.id,
        kind: request.kind,
        ticketId: request.ticketId ?? null,
        locale: r.locale,
        subject: r.subject,
        body: r.body,
      })),
      skipDuplicates: true,
      select: { id: true },
    });
    const fresh = new Set(created.map((c) => c.id));
    const domain = this.config.mailer.messageIdDomain;
    const thread = request.ticketId ? ticketThreadId(request.ticketId, domain) : undefined;
    const emails = rendered.filter((r) => fresh.has(r.id) && !(r.person.emailOffKinds ?? []).includes(request.kind));
    if (emails.length) {
      await tx.outgoingEmail.createMany({
        data: emails.map((r) => ({
          id: r.id,
          noticeId: r.id,
          purpose: 'NOTICE',
          toAddress: r.person.email,
          subject: r.subject,
          textBody: r.body,
          messageId: `<notice-${r.id}@${domain}>`,
          headers: thread ? { 'In-Reply-To': thread, References: thread } : {},
          attachmentIds: [],
        })),
        skipDuplicates: true,
      });
    }
    return created.length;
  }
}
