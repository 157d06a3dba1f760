// The inbound email channel's decisions. Every message ends in exactly one recorded outcome (inbound_emails):
//   TICKET     a registered customer sender (by the SMTP envelope, see README "What is trusted") with no thread:
//              registerTicket (channel EMAIL) as that sender, requestId derived from the Message-ID;
//   COMMENT    a registered sender replying in a ticket's thread (our Message-IDs or "[SD-…]" in the subject): addComment;
//   FORWARDED  anyone else: forwarded to the customer's contact address (by the sender's mail domain), or to the
//              provider mailbox when the domain maps to no customer; nothing is created;
//   REJECTED   with a reason: too large, malformed, auto-replies / bounces / our own mail (never answered: no loops),
//              header From ≠ envelope sender, an attachment over the limit, a ticket of another customer, tickets refusing.
// A redelivered message (same Message-ID) finds its row and changes nothing.
import { createHash } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { SubgraphCallError, type Caller } from '@sla-desk/auth';
import { enqueueEvents, buildEvent, deterministicEventId, emailV1, GLOBAL_TENANT, timestampFromDate, uuidV5 } from '@sla-desk/events';
import { errorFields } from '@sla-desk/runtime';
import { SUBGRAPH_CONFIG } from '@sla-desk/subgraph';
import { simpleParser, type ParsedMail } from 'mailparser';
import type { NotificationsConfig } from '../config';
import type { DirectoryUser, InboundEmail } from '../generated/prisma/client';
import { LOOP_HEADER, Mailer } from '../mail/mailer';
import { PrismaService } from '../prisma.service';
import { TicketsClient } from './tickets-client';
import { loopReason, threadOf } from './threading';

export type InboundOutcome = 'TICKET' | 'COMMENT' | 'FORWARDED' | 'REJECTED';

export interface Envelope {
  /** MAIL FROM, lower-cased ('' for a bounce: `MAIL FROM:<>`). */
  from: string;
  /** RCPT TO addresses. */
  to: string[];
}

interface Decision {
  outcome: InboundOutcome;
  reason?: string;
  ticketId?: string;
  commentId?: string;
  forwardedTo?: string;
  senderUserId?: string;
}

/** Namespace of ids derived from inbound Message-IDs (email row, attachments, ticket request id). Never change it. */
const INBOUND_NAMESPACE = '0b6f5a8e-2f7d-4c3b-8d6e-5a1c9e2b7f40';
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

function clean(text: string, max: number): string {
  const t = text.replace(/\r\n/g, '\n').replace(CONTROL, '').trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

function domainOf(address: string): string {
  return address.slice(address.lastIndexOf('@') + 1).toLowerCase();
}

@Injectable()
export class InboundMail {
  private readonly logger = new Logger('InboundMail');

  constructor(
    @Inject(SUBGRAPH_CONFIG) private readonly config: NotificationsConfig,
    private readonly prisma: PrismaService,
    private readonly tickets: TicketsClient,
    private readonly mailer: Mailer,
  ) {}

  /** A message over the size limit: recorded, never read. */
  async rejectTooLarge(envelope: Envelope, size: number): Promise<InboundEmail> {
    const id = uuidV5(`too-large\u001f${Date.now()}\u001f${Math.random()}`, INBOUND_NAMESPACE);
    return this.prisma.inboundEmail.create({
      data: {
        id,
        messageId: `<too-large-${id}@inbound>`,
        envelopeFrom: envelope.from,
        recipients: envelope.to,
        subject: '',
        sizeBytes: size,
        outcome: 'REJECTED',
        reason: 'TOO_LARGE',
        decidedAt: new Date(),
      },
    });
  }

  /** Decides and records the fate of one message. Throws only for transient failures (SMTP answers 451: retry later). */
  async receive(raw: Buffer, envelope: Envelope): Promise<InboundEmail> {
    let parsed: ParsedMail | null = null;
    let parseError: string | null = null;
    try {
      parsed = await simpleParser(raw, { skipImageLinks: true, maxHtmlLengthToParse: 2_000_000 });
      if (!parsed.headers || parsed.headers.size === 0) parseError = 'no headers';
    } catch (error) {
      parseError = error instanceof Error ? error.message : String(error);
    }
    const messageId = (parsed?.messageId ?? '').trim() || `<sha256-${createHash('sha256').update(raw).digest('hex')}@inbound>`;
    const id = uuidV5(messageId, INBOUND_NAMESPACE);
    const headerFrom = parsed?.from?.value[0]?.address?.trim().toLowerCase() ?? null;
    const row = await this.prisma.inboundEmail.upsert({
      where: { messageId },
      create: {
        id,
        messageId,
        envelopeFrom: envelope.from,
        headerFrom,
        recipients: envelope.to,
        subject: clean(parsed?.subject ?? '', 500),
        sizeBytes: raw.length,
        outcome: 'RECEIVED',
      },
      update: {},
    });
    // Redelivery of a message already decided: the same answer, nothing new.
    if (row.outcome !== 'RECEIVED') return row;
    const decision: Decision =
      parsed && !parseError ? await this.decide(row, parsed, envelope) : { outcome: 'REJECTED', reason: 'MALFORMED' };
    if (parseError) this.logger.warn({ msg: 'Malformed inbound message', messageId, error: parseError });
    return this.record(row, decision);
  }

  private async decide(row: InboundEmail, mail: ParsedMail, envelope: Envelope): Promise<Decision> {
    const loop = loopReason(mail.headers as Map<string, unknown>, envelope.from, LOOP_HEADER);
    if (loop) return { outcome: 'REJECTED', reason: loop };
    const { maxAttachmentBytes } = this.config.inbound;
    const tooBig = mail.attachments.find((a) => a.size > maxAttachmentBytes);
    if (tooBig) return { outcome: 'REJECTED', reason: 'ATTACHMENT_TOO_LARGE' };
    const attachmentIds = await this.storeAttachments(row, mail);

    const sender = await this.prisma.directoryUser.findUnique({ where: { email: envelope.from } });
    if (!sender || !sender.portalAccess) return this.forward(row, mail, envelope, attachmentIds);
    // A registered sender's mail acts in their name: the visible From must be the envelope sender.
    if (row.headerFrom && row.headerFrom !== envelope.from)
      return { outcome: 'REJECTED', reason: 'FROM_MISMATCH', senderUserId: sender.id };

    const caller: Caller = {
      userId: sender.id,
      organizationId: sender.organizationId,
      organizationKind: sender.organizationKind === 'CUSTOMER' ? 'CUSTOMER' : 'PROVIDER',
      roles: sender.roles as Caller['roles'],
      sessionId: `email:${row.id}`,
    };
    const text = clean(mail.text ?? '', 18_000) || '(—)';
    const listing = attachmentIds.length
      ? `\n\n${mail.attachments.map((a, i) => `📎 ${a.filename ?? 'attachment'} (${a.size} B, notifications attachment ${attachmentIds[i]})`).join('\n')}`
      : '';
    const refs = [mail.inReplyTo ?? '', ...(Array.isArray(mail.references) ? mail.references : mail.references ? [mail.references] : [])];
    const hint = threadOf(refs, row.subject, this.config.mailer.messageIdDomain);
    const ticket = hint.ticketId
      ? await this.prisma.ticketFact.findUnique({ where: { id: hint.ticketId } })
      : hint.number
        ? await this.prisma.ticketFact.findFirst({ where: { number: hint.number } })
        : null;
    const ticketId = ticket?.id ?? hint.ticketId;
    try {
      if (ticketId) {
        if (ticket && caller.organizationKind === 'CUSTOMER' && ticket.customerId !== caller.organizationId) {
          return { outcome: 'REJECTED', reason: 'FOREIGN_TICKET', senderUserId: sender.id };
        }
        const commentId = await this.tickets.addComment(caller, ticketId, clean(`${text}${listing}`, 10_000), row.id);
        return { outcome: 'COMMENT', ticketId, commentId, senderUserId: sender.id };
      }
      if (caller.organizationKind !== 'CUSTOMER')
        return { outcome: 'REJECTED', reason: 'STAFF_MAIL_WITHOUT_THREAD', senderUserId: sender.id };
      const newTicketId = await this.tickets.registerTicket(
        caller,
        {
          requestId: `email-${row.id}`,
          title: clean(row.subject, 200) || '(без темы)',
          description: clean(`${text}${listing}`, 20_000),
          component: this.config.inbound.emailComponent,
        },
        row.id,
      );
      return { outcome: 'TICKET', ticketId: newTicketId, senderUserId: sender.id };
    } catch (error) {
      // tickets refused (validation, tenancy): a recorded rejection. Anything else is transient: the SMTP client retries.
      if (error instanceof SubgraphCallError && error.code && error.code !== 'INTERNAL_SERVER_ERROR') {
        return { outcome: 'REJECTED', reason: `TICKETS_${error.code}`, senderUserId: sender.id };
      }
      this.logger.warn({
        msg: 'tickets unavailable for an inbound message; the sender will retry',
        messageId: row.messageId,
        ...errorFields(error),
      });
      throw error;
    }
  }

  /** Unregistered senders: to the customer owning the sender's domain (its contact address), else the provider. */
  private async forward(row: InboundEmail, mail: ParsedMail, envelope: Envelope, attachmentIds: string[]): Promise<Decision> {
    const domain = domainOf(envelope.from);
    const colleague: Pick<DirectoryUser, 'organizationId'> | null = await this.prisma.directoryUser.findFirst({
      where: { organizationKind: 'CUSTOMER', email: { endsWith: `@${domain}` } },
      select: { organizationId: true },
    });
    const contact = colleague
      ? await this.prisma.customerContact.findUnique({ where: { organizationId: colleague.organizationId } })
      : null;
    const to = contact?.contactEmail ?? this.config.inbound.providerMailbox;
    const body =
      `Письмо от незарегистрированного отправителя ${envelope.from} переслано без регистрации заявки.\n` +
      `Mail from an unregistered sender ${envelope.from}, forwarded; no ticket was registered.\n\n` +
      `From: ${mail.from?.text ?? envelope.from}\nSubject: ${row.subject}\nDate: ${mail.date?.toISOString() ?? ''}\n\n${clean(mail.text ?? '', 100_000)}`;
    await this.prisma.outgoingEmail.createMany({
      data: [
        {
          id: uuidV5(`forward\u001f${row.id}`, INBOUND_NAMESPACE),
          purpose: 'FORWARD',
          toAddress: to,
          subject: `Fwd: ${row.subject}`.slice(0, 500),
          textBody: body,
          messageId: `<forward-${row.id}@${this.config.mailer.messageIdDomain}>`,
          headers: { 'Reply-To': envelope.from },
          attachmentIds,
        },
      ],
      skipDuplicates: true,
    });
    return { outcome: 'FORWARDED', forwardedTo: to, reason: contact ? 'UNREGISTERED_SENDER' : 'UNKNOWN_DOMAIN' };
  }

  private async storeAttachments(row: InboundEmail, mail: ParsedMail): Promise<string[]> {
    const data = mail.attachments.map((a, i) => ({
      id: uuidV5(`${row.id}\u001f${i}`, INBOUND_NAMESPACE),
      emailId: row.id,
      filename: clean(a.filename ?? `attachment-${i + 1}`, 255),
      contentType: a.contentType || 'application/octet-stream',
      sizeBytes: a.size,
      sha256: createHash('sha256').update(a.content).digest('hex'),
      content: new Uint8Array(a.content),
    }));
    if (data.length) await this.prisma.inboundAttachment.createMany({ data, skipDuplicates: true });
    return data.map((d) => d.id);
  }

  private async record(row: InboundEmail, d: Decision): Promise<InboundEmail> {
    const now = new Date();
    const updated = await this.prisma.$transaction(async (tx) => {
      const saved = await tx.inboundEmail.update({
        where: { id: row.id },
        data: {
          outcome: d.outcome,
          reason: d.reason ?? null,
          ticketId: d.ticketId ?? null,
          commentId: d.commentId ?? null,
          forwardedTo: d.forwardedTo ?? null,
          senderUserId: d.senderUserId ?? null,
          decidedAt: now,
        },
      });
      const outcome = {
        TICKET: emailV1.EmailOutcome.TICKET_CREATED,
        COMMENT: emailV1.EmailOutcome.COMMENT_ADDED,
        FORWARDED: emailV1.EmailOutcome.FORWARDED,
      }[d.outcome as 'TICKET' | 'COMMENT' | 'FORWARDED'];
      if (outcome !== undefined) {
        const events = [
          buildEvent({
            type: 'email.received',
            eventId: deterministicEventId('email.received', row.id),
            tenantId: GLOBAL_TENANT,
            producer: 'notifications-service',
            occurredAt: now,
            payload: {
              emailId: row.id,
              messageId: row.messageId,
              fromAddress: row.envelopeFrom,
              toAddresses: row.recipients,
              subject: row.subject,
              senderUserId: d.senderUserId ?? '',
              outcome,
              ticketId: d.ticketId ?? '',
              commentId: d.commentId ?? '',
              receivedAt: timestampFromDate(row.receivedAt),
            },
          }),
        ];
        if (d.outcome === 'FORWARDED') {
          events.push(
            buildEvent({
              type: 'email.forwarded',
              eventId: deterministicEventId('email.forwarded', row.id),
              tenantId: GLOBAL_TENANT,
              producer: 'notifications-service',
              occurredAt: now,
              payload: {
                emailId: row.id,
                messageId: row.messageId,
                fromAddress: row.envelopeFrom,
                forwardedTo: d.forwardedTo ?? '',
                reason: d.reason ?? '',
                forwardedAt: timestampFromDate(now),
              },
            }),
          );
        }
        await enqueueEvents(tx, events);
      }
      return saved;
    });
    if (d.outcome === 'FORWARDED') this.mailer.wake();
    return updated;
  }
}
