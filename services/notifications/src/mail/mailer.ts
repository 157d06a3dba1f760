// The outbound side: sends outgoing_emails rows over SMTP (nodemailer) with retries and exponential backoff. A row is
// leased (next_attempt_at moved ahead, attempts + 1) in a short transaction with FOR UPDATE SKIP LOCKED, so several
// instances never send one row at once and a crashed sender's rows come back after the lease. Failures stay visible:
// status, attempts and last_error (outgoingEmails in GraphQL for provider staff). Delivery is at-least-once.
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { errorFields } from '@sla-desk/runtime';
import { SUBGRAPH_CONFIG } from '@sla-desk/subgraph';
import { createTransport, type Transporter } from 'nodemailer';
import type { NotificationsConfig } from '../config';
import { NotificationsDb } from '../db-pool';
import { PrismaService } from '../prisma.service';

/** Our own header on every message we send: inbound mail carrying it is a loop and is never processed. */
export const LOOP_HEADER = 'X-SLA-Desk-Mail';

const BATCH = 50;
const IDLE_POLL_MS = 250;
const COALESCE_MS = 20;
/** How long a leased row stays with its sender before another may take it. */
const LEASE_MS = 60_000;

/** A leased outgoing_emails row. */
interface Lease {
  id: string;
  toAddress: string;
  subject: string;
  textBody: string;
  messageId: string;
  headers: Record<string, string>;
  attachmentIds: string[];
  attempts: number;
}

/** Backoff before attempt n+1 (n ≥ 1): initial · 2^(n-1), at most max, ±20 % jitter. */
export function retryDelayMs(attempts: number, initialMs: number, maxMs: number): number {
  const base = Math.min(maxMs, initialMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(base * (0.8 + Math.random() * 0.4));
}

@Injectable()
export class Mailer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Mailer');
  private transport: Transporter | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;
  private wakeUp: (() => void) | null = null;
  private pendingWake = false;
  private idle = false;

  constructor(
    @Inject(SUBGRAPH_CONFIG) private readonly config: NotificationsConfig,
    private readonly prisma: PrismaService,
    private readonly db: NotificationsDb,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.mailer.enabled) return;
    this.transport = createTransport(this.config.mailer.smtpUrl, { pool: true, maxConnections: 8, maxMessages: 1000 } as never);
    this.running = this.loop();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.wake();
    await this.running;
    this.transport?.close();
  }

  /** New rows were committed: look soon rather than at the next idle poll. */
  wake(): void {
    this.pendingWake = true;
    if (this.idle) this.wakeUp?.();
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      let leased = 0;
      try {
        leased = await this.sendDue();
      } catch (error) {
        this.logger.warn({ msg: 'Mailer pass failed', ...errorFields(error) });
      }
      if (leased >= BATCH) continue; // more are due: go on at once
      if (this.pendingWake) {
        // Rows are arriving: gather a few milliseconds' worth into the next pass rather than one pass per event.
        await new Promise((r) => setTimeout(r, COALESCE_MS));
      } else {
        this.idle = true;
        await this.sleep(IDLE_POLL_MS);
        this.idle = false;
      }
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.wakeUp = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakeUp = done;
    });
  }

  /** One pass: lease due rows and send them in parallel. Returns how many were leased. */
  async sendDue(): Promise<number> {
    this.pendingWake = false;
    const { rows } = await this.db.pool.query<Lease>(
      `UPDATE outgoing_emails SET attempts = attempts + 1, next_attempt_at = now() + make_interval(secs => $1::float / 1000)
       WHERE id IN (SELECT id FROM outgoing_emails WHERE status = 'PENDING' AND next_attempt_at <= now()
                    ORDER BY next_attempt_at LIMIT $2 FOR UPDATE SKIP LOCKED)
       RETURNING id, to_address AS "toAddress", subject, text_body AS "textBody", message_id AS "messageId", headers,
                 attachment_ids AS "attachmentIds", attempts`,
      [LEASE_MS, BATCH],
    );
    const sent = (await Promise.all(rows.map((row) => this.sendOne(row)))).filter((id): id is string => id !== null);
    if (sent.length)
      await this.prisma.outgoingEmail.updateMany({
        where: { id: { in: sent } },
        data: { status: 'SENT', sentAt: new Date(), lastError: null },
      });
    return rows.length;
  }

  /** The row's id when sent; null when it failed (the row is rescheduled or FAILED here). */
  private async sendOne(row: Lease): Promise<string | null> {
    try {
      const attachments = row.attachmentIds.length
        ? (await this.prisma.inboundAttachment.findMany({ where: { id: { in: row.attachmentIds } } })).map((a) => ({
            filename: a.filename,
            content: Buffer.from(a.content),
            contentType: a.contentType,
          }))
        : [];
      await this.transport!.sendMail({
        from: this.config.mailer.from,
        to: row.toAddress,
        subject: row.subject,
        text: row.textBody,
        messageId: row.messageId,
        headers: { ...(row.headers as Record<string, string>), [LOOP_HEADER]: 'notifications', 'Auto-Submitted': 'auto-generated' },
        attachments,
      });
      return row.id;
    } catch (error) {
      const { maxAttempts, retryInitialMs, retryMaxMs } = this.config.mailer;
      const giveUp = row.attempts >= maxAttempts;
      const message = error instanceof Error ? error.message : String(error);
      this.logger.warn({
        msg: giveUp ? 'Email failed for good' : 'Email failed; will retry',
        emailId: row.id,
        attempts: row.attempts,
        error: message,
      });
      await this.prisma.outgoingEmail.update({
        where: { id: row.id },
        data: {
          status: giveUp ? 'FAILED' : 'PENDING',
          lastError: message.slice(0, 1000),
          nextAttemptAt: new Date(Date.now() + retryDelayMs(row.attempts, retryInitialMs, retryMaxMs)),
        },
      });
      return null;
    }
  }
}
