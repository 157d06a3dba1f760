// Writes notices, in the consumer's transaction (node-postgres, see notice-consumer.ts): one row per (event,
// recipient) — the unique key and the id derived from both make a redelivered event harmless even past
// processed_events — and, when the recipient wants email for that kind, one outgoing email per new notice (the
// mailer sends it later, so SMTP never blocks the consumer). Three statements whatever the number of recipients.
import { Inject, Injectable } from '@nestjs/common';
import { isUuid, PermanentError, uuidV5 } from '@sla-desk/events';
import { SUBGRAPH_CONFIG } from '@sla-desk/subgraph';
import type { PoolClient } from 'pg';
import type { NotificationsConfig } from '../config';
import { DEFAULT_LOCALE, type Locale, type NoticeKind } from './kinds';
import { renderNotice, type NoticeFacts } from './templates';

/** The consumer's transaction. */
export type Tx = PoolClient;

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
    // Actor ids that are not users (a system actor, an empty id) are nobody: skipped, never a failing cast.
    const ids = [...new Set(request.recipients)].filter(isUuid);
    if (ids.length === 0) return 0;
    if (request.ticketId && !isUuid(request.ticketId)) throw new PermanentError(`ticket id ${request.ticketId} is not a UUID`);
    // Only people the directory knows get notices: an id it cannot resolve is nobody's feed.
    const { rows: people } = await tx.query<{ id: string; email: string; locale: string | null; email_off_kinds: string[] | null }>(
      `SELECT u.id, u.email, p.locale, p.email_off_kinds
       FROM directory_users u LEFT JOIN user_preferences p ON p.user_id = u.id
       WHERE u.id = ANY($1::uuid[])`,
      [ids],
    );
    if (people.length === 0) return 0;
    const rendered = people.map((person) => {
      const locale = (person.locale ?? DEFAULT_LOCALE) as Locale;
      return { person, locale, id: noticeIdFor(request.eventId, person.id), ...renderNotice(request.kind, request.facts, locale) };
    });
    const { rows: created } = await tx.query<{ id: string }>(
      `INSERT INTO notices (id, event_id, recipient_id, kind, ticket_id, locale, subject, body)
       SELECT id, $2::uuid, recipient_id, $3, $4::uuid, locale, subject, body
       FROM unnest($1::uuid[], $5::uuid[], $6::text[], $7::text[], $8::text[]) AS t(id, recipient_id, locale, subject, body)
       ON CONFLICT DO NOTHING RETURNING id`,
      [
        rendered.map((r) => r.id),
        request.eventId,
        request.kind,
        request.ticketId ?? null,
        rendered.map((r) => r.person.id),
        rendered.map((r) => r.locale),
        rendered.map((r) => r.subject),
        rendered.map((r) => r.body),
      ],
    );
    const fresh = new Set(created.map((c) => c.id));
    const emails = rendered.filter((r) => fresh.has(r.id) && !(r.person.email_off_kinds ?? []).includes(request.kind));
    if (emails.length) {
      const domain = this.config.mailer.messageIdDomain;
      const thread = request.ticketId ? ticketThreadId(request.ticketId, domain) : undefined;
      await tx.query(
        `INSERT INTO outgoing_emails (id, notice_id, purpose, to_address, subject, text_body, message_id, headers, attachment_ids)
         SELECT id, id, 'NOTICE', to_address, subject, text_body, message_id, $6::jsonb, '{}'
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[]) AS t(id, to_address, subject, text_body, message_id)
         ON CONFLICT DO NOTHING`,
        [
          emails.map((r) => r.id),
          emails.map((r) => r.person.email),
          emails.map((r) => r.subject),
          emails.map((r) => r.body),
          emails.map((r) => `<notice-${r.id}@${domain}>`),
          JSON.stringify(thread ? { 'In-Reply-To': thread, References: thread } : {}),
        ],
      );
    }
    return created.length;
  }
}
