// The notifications subgraph's configuration: the kit's variables (NOTIFICATIONS_DATABASE_URL, …) plus the outbound
// SMTP relay, the inbound SMTP listener and where inbound mail becomes tickets (the tickets subgraph).
import { env } from '@sla-desk/runtime';
import { loadSubgraphConfig, offlineSubgraphConfig, type SubgraphConfig } from '@sla-desk/subgraph';

/** Its port unless NOTIFICATIONS_PORT says otherwise (services/gateway/subgraphs.json lists the same). */
export const NOTIFICATIONS_DEFAULT_PORT = 4005;
/** deploy/local's SMTP sink (components/smtp-sink.sh). */
export const DEFAULT_OUTBOUND_SMTP_URL = 'smtp://127.0.0.1:1025';
export const DEFAULT_INBOUND_SMTP_PORT = 2525;

export interface MailerConfig {
  /** false: this instance sends no mail (rows wait for one that does). */
  enabled: boolean;
  /** smtp://[user:pass@]host:port (STARTTLS when offered) or smtps://… (TLS from the start). */
  smtpUrl: string;
  /** The From of every message we send. */
  from: string;
  /** Host part of the Message-IDs we make (replies carry them back in In-Reply-To / References). */
  messageIdDomain: string;
  /** Attempts before an email is marked FAILED; backoff doubles from retryInitialMs up to retryMaxMs. */
  maxAttempts: number;
  retryInitialMs: number;
  retryMaxMs: number;
}

export interface InboundConfig {
  /** false: no listener (e.g. a second instance). */
  enabled: boolean;
  host: string;
  /** 0: an ephemeral port (tests). */
  port: number;
  /** Largest message accepted (SMTP SIZE); a larger one is refused during DATA and recorded as REJECTED. */
  maxMessageBytes: number;
  /** Largest single attachment kept; a larger one rejects the message. */
  maxAttachmentBytes: number;
  /** Where mail of senders whose domain maps to no customer is forwarded. */
  providerMailbox: string;
  /** The tickets subgraph, called directly (signed as the sender) for registerTicket / addComment. */
  ticketsUrl: string;
  /** The component given to registerTicket for tickets that come by email (triage fixes it). */
  emailComponent: string;
}

export interface NotificationsConfig extends SubgraphConfig {
  mailer: MailerConfig;
  inbound: InboundConfig;
  /** Kafka consumer group of the event consumer (processed_events' `consumer`). */
  consumerGroup: string;
}

const NOTIFICATIONS_ENV = {
  NOTIFICATIONS_MAILER_ENABLED: env.bool({ default: true }),
  NOTIFICATIONS_OUTBOUND_SMTP_URL: env.url({ default: DEFAULT_OUTBOUND_SMTP_URL, protocols: ['smtp', 'smtps'] }),
  NOTIFICATIONS_MAIL_FROM: env.string({ default: 'SLA Desk <support@sladesk.local>' }),
  NOTIFICATIONS_MESSAGE_ID_DOMAIN: env.string({ default: 'sladesk.local', pattern: /^[a-z0-9.-]+$/i }),
  NOTIFICATIONS_MAIL_MAX_ATTEMPTS: env.int({ default: 8, min: 1, max: 100 }),
  NOTIFICATIONS_MAIL_RETRY_INITIAL_MS: env.int({ default: 1_000, min: 10 }),
  NOTIFICATIONS_MAIL_RETRY_MAX_MS: env.int({ default: 300_000, min: 10 }),
  NOTIFICATIONS_SMTP_ENABLED: env.bool({ default: true }),
  NOTIFICATIONS_SMTP_HOST: env.string({ default: '127.0.0.1' }),
  NOTIFICATIONS_SMTP_PORT: env.port({ default: DEFAULT_INBOUND_SMTP_PORT }),
  NOTIFICATIONS_SMTP_MAX_BYTES: env.int({ default: 10 * 1024 * 1024, min: 1024 }),
  NOTIFICATIONS_ATTACHMENT_MAX_BYTES: env.int({ default: 5 * 1024 * 1024, min: 1 }),
  NOTIFICATIONS_PROVIDER_MAILBOX: env.string({ default: 'support@provider.local', pattern: /^[^@\s]+@[^@\s]+$/ }),
  NOTIFICATIONS_TICKETS_URL: env.url({ default: 'http://127.0.0.1:4004/graphql', protocols: ['http', 'https'] }),
  NOTIFICATIONS_EMAIL_COMPONENT: env.string({ default: 'email', minLength: 1 }),
  NOTIFICATIONS_CONSUMER_GROUP: env.string({ default: 'notifications', minLength: 1 }),
};

export function loadNotificationsConfig(source: Record<string, string | undefined>): NotificationsConfig {
  return loadSubgraphConfig('notifications', NOTIFICATIONS_DEFAULT_PORT, source, {
    spec: NOTIFICATIONS_ENV,
    build: (raw) => ({
      mailer: {
        enabled: raw.NOTIFICATIONS_MAILER_ENABLED,
        smtpUrl: raw.NOTIFICATIONS_OUTBOUND_SMTP_URL,
        from: raw.NOTIFICATIONS_MAIL_FROM,
        messageIdDomain: raw.NOTIFICATIONS_MESSAGE_ID_DOMAIN,
        maxAttempts: raw.NOTIFICATIONS_MAIL_MAX_ATTEMPTS,
        retryInitialMs: raw.NOTIFICATIONS_MAIL_RETRY_INITIAL_MS,
        retryMaxMs: raw.NOTIFICATIONS_MAIL_RETRY_MAX_MS,
      },
      inbound: {
        enabled: raw.NOTIFICATIONS_SMTP_ENABLED,
        host: raw.NOTIFICATIONS_SMTP_HOST,
        port: raw.NOTIFICATIONS_SMTP_PORT,
        maxMessageBytes: raw.NOTIFICATIONS_SMTP_MAX_BYTES,
        maxAttachmentBytes: raw.NOTIFICATIONS_ATTACHMENT_MAX_BYTES,
        providerMailbox: raw.NOTIFICATIONS_PROVIDER_MAILBOX.toLowerCase(),
        ticketsUrl: raw.NOTIFICATIONS_TICKETS_URL,
        emailComponent: raw.NOTIFICATIONS_EMAIL_COMPONENT,
      },
      consumerGroup: raw.NOTIFICATIONS_CONSUMER_GROUP,
    }),
  });
}

export function offlineNotificationsConfig(): NotificationsConfig {
  return {
    ...offlineSubgraphConfig('notifications'),
    mailer: {
      enabled: false,
      smtpUrl: 'smtp://127.0.0.1:1',
      from: 'SLA Desk <support@sladesk.local>',
      messageIdDomain: 'sladesk.local',
      maxAttempts: 1,
      retryInitialMs: 1000,
      retryMaxMs: 1000,
    },
    inbound: {
      enabled: false,
      host: '127.0.0.1',
      port: 0,
      maxMessageBytes: 1024 * 1024,
      maxAttachmentBytes: 1024 * 1024,
      providerMailbox: 'support@provider.local',
      ticketsUrl: 'http://127.0.0.1:1/graphql',
      emailComponent: 'email',
    },
    consumerGroup: 'notifications',
  };
}
