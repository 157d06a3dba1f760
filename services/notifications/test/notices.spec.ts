// Notices end to end on real infrastructure: events on Kafka → notices in PostgreSQL → emails at a real SMTP sink,
// and the in-app feed in GraphQL. Redelivered events notify once; reminders reach the side that owes the action.
import { randomUUID } from 'node:crypto';
import { commonV1, deterministicEventId, encodeRawEnvelope, ticketsV1, topicName, TOPICS } from '@sla-desk/events';
import { clock, eventually, registerUser, startHarness, ts, type Harness, type Person } from './harness';

const PROVIDER = { id: randomUUID(), kind: 'PROVIDER' as const };
const CUSTOMER = { id: randomUUID(), kind: 'CUSTOMER' as const };
const OTHER_CUSTOMER = { id: randomUUID(), kind: 'CUSTOMER' as const };

let h: Harness;
let assignee: Person, manager: Person, author: Person, admin: Person, colleague: Person, otherAdmin: Person, failing: Person;
const ticketId = randomUUID();
const NUMBER = 'SD-2026-000777';

beforeAll(async () => {
  h = await startHarness('notif_notices');
  const run = Date.now().toString(36);
  assignee = await registerUser(h, PROVIDER, `spec-${run}@provider.test`, ['SPECIALIST']);
  manager = await registerUser(h, PROVIDER, `manager-${run}@provider.test`, ['SUPPORT_MANAGER']);
  author = await registerUser(h, CUSTOMER, `author-${run}@acme.test`, ['CUSTOMER_EMPLOYEE']);
  admin = await registerUser(h, CUSTOMER, `admin-${run}@acme.test`, ['CUSTOMER_ADMIN']);
  colleague = await registerUser(h, CUSTOMER, `colleague-${run}@acme.test`, ['CUSTOMER_EMPLOYEE']);
  otherAdmin = await registerUser(h, OTHER_CUSTOMER, `admin-${run}@other.test`, ['CUSTOMER_ADMIN']);
  await h.publish({
    type: 'ticket.registered',
    tenantId: CUSTOMER.id,
    payload: {
      ticketId,
      customerId: CUSTOMER.id,
      number: NUMBER,
      title: 'Printer on fire',
      registeredBy: { id: author.id },
      registeredAt: ts(new Date()),
    },
  });
  await h.publish({
    type: 'ticket.analysed',
    tenantId: CUSTOMER.id,
    payload: { ticketId, assigneeId: assignee.id, outcome: { case: 'plannedSolutionAt', value: ts(new Date(Date.now() + 86_400_000)) } },
  });
  await eventually(
    async () => (await h.prisma.ticketFact.findUnique({ where: { id: ticketId } }))?.assigneeId === assignee.id,
    'the ticket projection',
  );
  await eventually(async () => (await h.prisma.directoryUser.count()) === 6, 'the directory');
}, 60_000);

afterAll(() => h?.close());

const noticesOf = (eventId: string) => h.prisma.notice.findMany({ where: { eventId }, orderBy: { recipientId: 'asc' } });

it('a breach notifies both sides once per recipient, by email and in the feed, even when redelivered', async () => {
  const breach = await h.publish({
    type: 'ticket.clock_breached',
    tenantId: CUSTOMER.id,
    payload: { ticketId, clock: clock(commonV1.ClockKind.SOLUTION, commonV1.Party.PROVIDER, new Date()) },
  });
  await h.republish(breach); // a redelivery / duplicate publication
  const expected = [assignee, manager, author, admin].map((p) => p.email).sort();
  const mails = await h.sink.waitFor((all) => all.filter((m) => m.subject.startsWith(`[${NUMBER}] Нарушен срок`)).length >= 4);
  // Let the duplicate pass through the consumer, then check nothing more came.
  await h.republish(breach);
  await eventually(
    async () =>
      (
        await h.prisma.$queryRaw<Array<{ n: bigint }>>`SELECT count(*) AS n FROM processed_events WHERE event_id = ${breach.eventId}::uuid`
      )[0]!.n === 1n,
    'claim',
  );
  await new Promise((r) => setTimeout(r, 1500));
  const breachMails = h.sink.messages().filter((m) => m.subject.startsWith(`[${NUMBER}] Нарушен срок`));
  expect(breachMails.map((m) => m.envelopeTo[0]).sort()).toEqual(expected);
  expect(mails.length).toBeGreaterThanOrEqual(4);
  for (const m of breachMails) {
    expect(m.text).toContain('предоставление решения');
    expect(m.references.join(' ')).toContain(`<ticket-${ticketId}@sladesk.local>`);
    expect(m.headers['x-sla-desk-mail']).toBe('notifications');
  }
  const notices = await noticesOf(breach.eventId);
  expect(notices.map((n) => n.recipientId).sort()).toEqual([assignee, manager, author, admin].map((p) => p.id).sort());
  expect(await h.prisma.outgoingEmail.count({ where: { noticeId: { in: notices.map((n) => n.id) }, status: 'SENT' } })).toBe(4);

  // The feed: only the recipient sees a notice.
  const feed = `query($first: Int!, $after: String) { myNotifications(first: $first, after: $after) { edges { cursor node { id kind ticketId subject readAt } } pageInfo { hasNextPage endCursor } } unreadNotificationCount }`;
  const mine = await h.subgraph.gql<{
    myNotifications: { edges: Array<{ node: { id: string; kind: string; ticketId: string } }> };
    unreadNotificationCount: number;
  }>(feed, { first: 10 }, author.caller);
  expect(mine.errors).toBeUndefined();
  expect(mine.data!.myNotifications.edges.map((e) => e.node.kind)).toContain('CLOCK_BREACHED');
  expect(mine.data!.myNotifications.edges.every((e) => e.node.ticketId === ticketId)).toBe(true);
  for (const outsider of [colleague, otherAdmin]) {
    const theirs = await h.subgraph.gql<{ myNotifications: { edges: unknown[] }; unreadNotificationCount: number }>(
      feed,
      { first: 10 },
      outsider.caller,
    );
    expect(theirs.data!.myNotifications.edges).toEqual([]);
    expect(theirs.data!.unreadNotificationCount).toBe(0);
  }
  // Someone else's notice id changes nothing; the recipient's own does.
  const id = mine.data!.myNotifications.edges.find((e) => e.node.kind === 'CLOCK_BREACHED')!.node.id;
  const foreign = await h.subgraph.gql<{ markNotificationsRead: number }>(
    `mutation($ids: [ID!]!) { markNotificationsRead(ids: $ids) }`,
    { ids: [id] },
    admin.caller,
  );
  expect(foreign.data!.markNotificationsRead).toBe(0);
  const own = await h.subgraph.gql<{ markNotificationsRead: number }>(
    `mutation($ids: [ID!]!) { markNotificationsRead(ids: $ids) }`,
    { ids: [id] },
    author.caller,
  );
  expect(own.data!.markNotificationsRead).toBe(1);
  const bad = await h.subgraph.gql(`mutation { markNotificationsRead(ids: ["nope"]) }`, {}, author.caller);
  expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_ID' });
});

it('a pre-deadline notice reaches the side that owes the action, and only it', async () => {
  const customerClock = await h.publish({
    type: 'ticket.clock_warning',
    tenantId: CUSTOMER.id,
    payload: { ticketId, clock: clock(commonV1.ClockKind.ACCEPTANCE, commonV1.Party.CUSTOMER, new Date(Date.now() + 3_600_000)) },
  });
  const providerClock = await h.publish({
    type: 'ticket.clock_warning',
    tenantId: CUSTOMER.id,
    payload: { ticketId, clock: clock(commonV1.ClockKind.SOLUTION, commonV1.Party.PROVIDER, new Date(Date.now() + 3_600_000)) },
  });
  await eventually(
    async () => (await noticesOf(providerClock.eventId)).length === 2 && (await noticesOf(customerClock.eventId)).length === 2,
    'warnings',
  );
  expect((await noticesOf(customerClock.eventId)).map((n) => n.recipientId).sort()).toEqual([author.id, admin.id].sort());
  expect((await noticesOf(providerClock.eventId)).map((n) => n.recipientId).sort()).toEqual([assignee.id, manager.id].sort());
  const warnings = await h.sink.waitFor((all) => all.filter((m) => m.subject.includes('Приближается срок')).length >= 4);
  const acceptance = warnings.filter((m) => m.subject.includes('приёмка решения')).map((m) => m.envelopeTo[0]);
  expect(acceptance.sort()).toEqual([author.email, admin.email].sort());
});

it('follows preferences: English on request, no email for a kind switched off (the notice still appears)', async () => {
  const update = await h.subgraph.gql<{ updateMyNotificationPreferences: { locale: string; emailOffKinds: string[] } }>(
    `mutation($input: NotificationPreferencesInput!) { updateMyNotificationPreferences(input: $input) { locale emailOffKinds } }`,
    { input: { locale: 'en', emailOffKinds: ['CLARIFICATION_REQUESTED'] } },
    admin.caller,
  );
  expect(update.data!.updateMyNotificationPreferences).toEqual({ locale: 'en', emailOffKinds: ['CLARIFICATION_REQUESTED'] });
  await h.subgraph.gql(
    `mutation($input: NotificationPreferencesInput!) { updateMyNotificationPreferences(input: $input) { locale } }`,
    { input: { locale: 'en' } },
    author.caller,
  );
  const ask = await h.publish({
    type: 'ticket.analysed',
    tenantId: CUSTOMER.id,
    payload: { ticketId, assigneeId: assignee.id, outcome: { case: 'clarificationQuestion', value: 'Which printer?' } },
  });
  await eventually(async () => (await noticesOf(ask.eventId)).length === 2, 'clarification notices');
  const notices = await noticesOf(ask.eventId);
  expect(notices.every((n) => n.subject === `[${NUMBER}] Clarification needed` && n.locale === 'en')).toBe(true);
  await h.sink.waitFor((all) => all.some((m) => m.subject === `[${NUMBER}] Clarification needed`));
  await new Promise((r) => setTimeout(r, 1000));
  const sent = h.sink.messages().filter((m) => m.subject === `[${NUMBER}] Clarification needed`);
  expect(sent.map((m) => m.envelopeTo[0])).toEqual([author.email]);
  const bad = await h.subgraph.gql(
    `mutation { updateMyNotificationPreferences(input: { emailOffKinds: [NOPE] }) { locale } }`,
    {},
    admin.caller,
  );
  expect(bad.errors?.[0]?.extensions?.['code']).toBe('GRAPHQL_VALIDATION_FAILED');
});

it('a failed send never blocks the consumer and is visible to provider staff', async () => {
  failing = await registerUser(h, CUSTOMER, `reject-${Date.now().toString(36)}@acme.test`, ['CUSTOMER_ADMIN']);
  await eventually(() => h.prisma.directoryUser.findUnique({ where: { id: failing.id } }), 'the failing user');
  const freed = await h.publish({
    type: 'ticket.provider_freed',
    tenantId: CUSTOMER.id,
    payload: { ticketId, clockId: 'ACCEPTANCE#1', freedAt: ts(new Date()) },
  });
  // The others get theirs; the refused one ends FAILED after its attempts, with the error kept.
  const freedMail = (m: { subject: string }) =>
    /Сроки исполнителя больше не обязывают|Provider deadlines no longer binding/.test(m.subject);
  await h.sink.waitFor((all) => all.filter(freedMail).length >= 4);
  const failed = await eventually(
    () => h.prisma.outgoingEmail.findFirst({ where: { toAddress: failing.email, status: 'FAILED' } }),
    'the refused email to be FAILED',
  );
  expect(failed.attempts).toBe(2);
  expect(failed.lastError).toMatch(/550|no such mailbox/i);
  expect(await h.prisma.notice.count({ where: { eventId: freed.eventId, recipientId: failing.id } })).toBe(1);
  const staff = { ...manager.caller, organizationKind: 'PROVIDER' as const };
  const view = await h.subgraph.gql<{
    outgoingEmails: Array<{ toAddress: string; lastError: string }>;
    emailChannelStatus: { failedEmails: number };
  }>(
    `{ outgoingEmails(status: FAILED) { toAddress status attempts lastError } emailChannelStatus { pendingEmails failedEmails lastError } }`,
    {},
    staff,
  );
  expect(view.errors).toBeUndefined();
  expect(view.data!.outgoingEmails.map((e) => e.toAddress)).toContain(failing.email);
  expect(view.data!.emailChannelStatus.failedEmails).toBeGreaterThanOrEqual(1);
  const denied = await h.subgraph.gql(`{ outgoingEmails { toAddress } }`, {}, author.caller);
  expect(denied.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
});

it('dead-letters an undecodable record and an unknown event type, and keeps consuming', async () => {
  const producer = h.kafka.producer();
  await producer.connect();
  const topic = topicName(TOPICS.tickets, h.prefix);
  const unknown = encodeRawEnvelope({
    eventId: randomUUID(),
    eventType: 'ticket.teleported',
    schemaVersion: 1,
    occurredAt: ts(new Date()),
    producer: 'test',
    tenantId: CUSTOMER.id,
    aggregateId: ticketId,
    payload: new Uint8Array([1, 2, 3]),
  });
  await producer.send({
    topic,
    messages: [
      { key: ticketId, value: Buffer.from('not protobuf at all') },
      { key: ticketId, value: Buffer.from(unknown) },
    ],
  });
  await producer.disconnect();
  const after = await h.publish({
    type: 'ticket.clock_expired',
    tenantId: CUSTOMER.id,
    eventId: deterministicEventId('test-expired', ticketId),
    payload: {
      ticketId,
      clock: clock(commonV1.ClockKind.CLARIFICATION, commonV1.Party.CUSTOMER, new Date()),
      status: ticketsV1.TicketStatus.AWAITING_CLARIFICATION,
    },
  });
  await eventually(async () => (await noticesOf(after.eventId)).length === 5, 'the event after the poison ones');

  const dlq = h.kafka.consumer({ groupId: `${h.prefix}dlq-reader` });
  const reasons: string[] = [];
  await dlq.connect();
  await dlq.subscribe({ topic: `${topic}.dlq`, fromBeginning: true });
  await dlq.run({ eachMessage: async ({ message }) => void reasons.push(String(message.headers?.['dlq-reason'])) });
  try {
    await eventually(async () => reasons.length >= 2, 'two dead letters');
  } finally {
    await dlq.disconnect();
  }
  expect(reasons.sort()).toEqual(['undecodable', 'unknown-event-type']);
});
