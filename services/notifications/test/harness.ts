// The notifications subgraph with everything real around it: a throwaway database, the shared Kafka under a topic
// prefix and consumer group of this run only, the SMTP sink (src/dev/smtp-sink.ts) as the outbound relay, and the
// inbound SMTP listener on an ephemeral port. Events are published to Kafka the way producers do (kafkaSink).
import { randomUUID } from 'node:crypto';
import {
  buildEvent,
  commonV1,
  createIdempotentProducer,
  ensureTopics,
  topicsConfigFromEnv,
  identityV1,
  kafkaSink,
  timestampFromDate,
  type EventInput,
  type EventType,
  type OutgoingEvent,
} from '@sla-desk/events';
import { startTestSubgraph, type TestSubgraph } from '@sla-desk/subgraph/testing';
import { requireKafka, stackConfig, uniqueName } from '@sla-desk/testing';
import type { Caller } from '@sla-desk/auth';
import type { Kafka, Producer } from 'kafkajs';
import { createTransport } from 'nodemailer';
import type { NotificationsConfig } from '../src/config';
import { startSmtpSink, type SmtpSink } from '../src/dev/smtp-sink';
import { SmtpListener } from '../src/inbound/smtp-listener';
import { CONSUMED_TOPICS } from '../src/notices/notice-consumer';
import { PrismaService } from '../src/prisma.service';
import { notificationsSubgraph } from '../src/subgraph';

export interface Harness {
  subgraph: TestSubgraph<NotificationsConfig>;
  sink: SmtpSink;
  kafka: Kafka;
  prefix: string;
  prisma: PrismaService;
  inboundPort: number;
  publish<T extends EventType>(input: Omit<EventInput<T>, 'producer'> & { producer?: string }): Promise<OutgoingEvent>;
  republish(event: OutgoingEvent): Promise<void>;
  close(): Promise<void>;
}

export async function startHarness(name: string, env: Record<string, string> = {}): Promise<Harness> {
  const stack = stackConfig();
  const kafka = await requireKafka({ clientId: uniqueName(name), config: stack });
  const prefix = `${uniqueName(name)}.`;
  // The topics exist before anyone publishes (producers create them in production; here the test is the producer).
  const setup = kafka.admin();
  await setup.connect();
  await ensureTopics(setup, { ...topicsConfigFromEnv(), prefix }, { topics: CONSUMED_TOPICS });
  await setup.disconnect();
  const sink = await startSmtpSink();
  const subgraph = await startTestSubgraph(notificationsSubgraph, {
    name,
    env: {
      KAFKA_BROKERS: stack.kafkaBrokers.join(','),
      KAFKA_TOPIC_PREFIX: prefix,
      NOTIFICATIONS_CONSUMER_GROUP: `${prefix}notifications`,
      NOTIFICATIONS_OUTBOUND_SMTP_URL: `smtp://127.0.0.1:${sink.smtpPort}`,
      NOTIFICATIONS_SMTP_PORT: '0',
      NOTIFICATIONS_MAIL_MAX_ATTEMPTS: '2',
      NOTIFICATIONS_MAIL_RETRY_INITIAL_MS: '100',
      NOTIFICATIONS_SMTP_MAX_BYTES: String(256 * 1024),
      NOTIFICATIONS_ATTACHMENT_MAX_BYTES: String(64 * 1024),
      NOTIFICATIONS_PROVIDER_MAILBOX: 'desk@provider.test',
      NOTIFICATIONS_TICKETS_URL: 'http://127.0.0.1:9/graphql',
      ...env,
    },
  });
  const producer: Producer = createIdempotentProducer(kafka);
  await producer.connect();
  const out = kafkaSink(producer, { topicPrefix: prefix });
  const admin = kafka.admin();
  return {
    subgraph,
    sink,
    kafka,
    prefix,
    prisma: subgraph.app.get(PrismaService),
    inboundPort: subgraph.app.get(SmtpListener).port(),
    async publish(input) {
      const event = buildEvent({ producer: 'test', ...input } as EventInput);
      await out.write([event]);
      return event;
    },
    republish: (event) => out.write([event]),
    async close() {
      await producer.disconnect().catch(() => undefined);
      await subgraph.close();
      await sink.close();
      await admin.connect();
      const mine = (await admin.listTopics()).filter((t) => t.startsWith(prefix));
      await admin.deleteTopics({ topics: mine }).catch(() => undefined);
      await admin.disconnect();
    },
  };
}

export async function eventually<T>(check: () => Promise<T | null | undefined | false>, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export const ts = (d: Date) => timestampFromDate(d);

export interface Person {
  id: string;
  organizationId: string;
  email: string;
  caller: Caller;
}

/** Registers a user in the notifications directory the way identity does: a user.registered event. */
export async function registerUser(
  h: Harness,
  org: { id: string; kind: 'CUSTOMER' | 'PROVIDER' },
  email: string,
  roles: string[],
): Promise<Person> {
  const id = randomUUID();
  await h.publish({
    type: 'user.registered',
    tenantId: org.kind === 'CUSTOMER' ? org.id : 'global',
    payload: {
      userId: id,
      organisationId: org.id,
      kind: org.kind === 'CUSTOMER' ? identityV1.UserKind.CUSTOMER_EMPLOYEE : identityV1.UserKind.PROVIDER_SPECIALIST,
      email,
      fullName: email.split('@')[0],
      roles,
      registeredAt: ts(new Date()),
    },
  });
  return {
    id,
    organizationId: org.id,
    email,
    caller: { userId: id, organizationId: org.id, organizationKind: org.kind, roles: roles as Caller['roles'], sessionId: 's' },
  };
}

export function clock(kind: commonV1.ClockKind, party: commonV1.Party, dueAt: Date): commonV1.Clock {
  return {
    id: `${commonV1.ClockKind[kind]}#1`,
    kind,
    party,
    round: 1,
    state: commonV1.ClockState.RUNNING,
    dueAt: ts(dueAt),
  } as commonV1.Clock;
}

/** Sends one message to the inbound listener as an SMTP client would. */
export async function sendInbound(
  port: number,
  message: {
    from: string;
    envelopeFrom?: string | false;
    to?: string;
    subject?: string;
    text?: string;
    headers?: Record<string, string>;
    messageId?: string;
    raw?: string | Buffer;
    attachments?: Array<{ filename: string; content: Buffer }>;
    inReplyTo?: string;
  },
): Promise<{ response: string }> {
  const transport = createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true });
  try {
    const envelope = {
      from: message.envelopeFrom === false ? '' : (message.envelopeFrom ?? message.from),
      to: [message.to ?? 'support@sladesk.test'],
    };
    if (message.raw) return (await transport.sendMail({ envelope, raw: message.raw })) as { response: string };
    return (await transport.sendMail({
      envelope,
      from: message.from,
      to: message.to ?? 'support@sladesk.test',
      subject: message.subject ?? 'Hello',
      text: message.text ?? 'Body',
      headers: message.headers ?? {},
      messageId: message.messageId ?? `<${randomUUID()}@client.test>`,
      ...(message.inReplyTo ? { inReplyTo: message.inReplyTo, references: message.inReplyTo } : {}),
      attachments: message.attachments ?? [],
    })) as { response: string };
  } finally {
    transport.close();
  }
}
