// The inbound SMTP listener (smtp-server) on NOTIFICATIONS_SMTP_HOST:NOTIFICATIONS_SMTP_PORT. It takes mail for any
// recipient, without authentication (it is the service desk's public mailbox behind the MX), announces and enforces
// SIZE (a larger message is refused with 552 and recorded as REJECTED/TOO_LARGE), and answers 250 once the message's
// outcome is recorded — also for rejections, so nobody's mail server retries or bounces back to us (no loops).
// A transient failure (database or tickets away) answers 451 and the sending server retries the same Message-ID.
import type { AddressInfo } from 'node:net';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { errorFields } from '@sla-desk/runtime';
import { SUBGRAPH_CONFIG } from '@sla-desk/subgraph';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import type { NotificationsConfig } from '../config';
import { InboundMail } from './inbound-mail';

type SmtpError = Error & { responseCode?: number };

function smtpError(code: number, message: string): SmtpError {
  return Object.assign(new Error(message), { responseCode: code });
}

@Injectable()
export class SmtpListener implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('SmtpListener');
  private server: SMTPServer | null = null;
  private listening: Promise<void> | null = null;

  constructor(
    @Inject(SUBGRAPH_CONFIG) private readonly config: NotificationsConfig,
    private readonly inbound: InboundMail,
  ) {}

  onApplicationBootstrap(): Promise<void> | void {
    const { enabled, host, port, maxMessageBytes } = this.config.inbound;
    if (!enabled) return;
    this.server = new SMTPServer({
      name: this.config.mailer.messageIdDomain,
      banner: 'SLA Desk',
      authOptional: true,
      disabledCommands: ['AUTH', 'STARTTLS'],
      size: maxMessageBytes,
      maxClients: 50,
      socketTimeout: 60_000,
      logger: false,
      onData: (stream, session, callback) => this.onData(stream, session, callback),
    });
    this.server.on('error', (error) => this.logger.warn({ msg: 'SMTP server error', ...errorFields(error) }));
    this.listening = new Promise((resolve, reject) => {
      this.server!.server.once('error', reject);
      this.server!.listen(port, host, () => {
        this.logger.log({ msg: 'Inbound SMTP listening', address: `${host}:${this.port()}` });
        resolve();
      });
    });
    return this.listening;
  }

  /** The port it listens on (the ephemeral one when configured with 0). */
  port(): number {
    return (this.server?.server.address() as AddressInfo | null)?.port ?? 0;
  }

  private onData(stream: SMTPServerDataStream, session: SMTPServerSession, callback: (err?: Error | null, message?: string) => void): void {
    const chunks: Buffer[] = [];
    let size = 0;
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      // Keep nothing past the limit; smtp-server sets sizeExceeded and we answer 552 at the end.
      if (size <= this.config.inbound.maxMessageBytes) chunks.push(chunk);
    });
    stream.once('error', (error) => callback(error));
    stream.once('end', () => {
      const envelope = {
        from: session.envelope.mailFrom ? session.envelope.mailFrom.address.trim().toLowerCase() : '',
        to: session.envelope.rcptTo.map((r) => r.address.trim().toLowerCase()),
      };
      const work = stream.sizeExceeded
        ? this.inbound.rejectTooLarge(envelope, size).then(() => {
            throw smtpError(552, `Message exceeds the size limit of ${this.config.inbound.maxMessageBytes} bytes`);
          })
        : this.inbound.receive(Buffer.concat(chunks), envelope);
      work.then(
        (row) => callback(null, `Queued as ${row.id} (${row.outcome})`),
        (error: SmtpError) => {
          if (error.responseCode) return callback(error);
          this.logger.warn({ msg: 'Inbound message not processed; asked the sender to retry', ...errorFields(error) });
          callback(smtpError(451, 'Temporary failure, try again later'));
        },
      );
    });
  }

  async onApplicationShutdown(): Promise<void> {
    if (!this.server) return;
    await this.listening?.catch(() => undefined);
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }
}
