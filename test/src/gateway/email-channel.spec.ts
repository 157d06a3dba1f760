// The inbound email channel end to end: identity (its user.registered events on Kafka), the tickets subgraph with a
// Temporal worker, and the notifications subgraph as its own process with its SMTP listener on a free port. A
// registered customer's mail becomes a ticket (channel EMAIL) visible through the gateway; the same message again
// makes no second ticket; a reply in the ticket's thread becomes a comment.
import { randomUUID } from 'node:crypto';
import { startSmtpSink, type SmtpSink } from '@sla-desk/notifications';
import { stackConfig, uniqueName } from '@sla-desk/testing';
import { createTransport } from 'nodemailer';
import { Pool } from 'pg';
import {
  ADMIN_EMAIL,
  ADMIN_PASSWORD,
  createCustomer,
  createUserWithPassword,
  login,
  PASSWORD,
  SECRET,
  startStack,
  type Customer,
  type Stack,
} from './stack';
import { freePorts, startSubgraphProcess, type SubgraphProcess } from './subgraph-process';

jest.setTimeout(120_000);
process.env['KAFKAJS_NO_PARTITIONER_WARNING'] = '1';

let stack: Stack;
let notifications: SubgraphProcess;
let sink: SmtpSink;
let pool: Pool;
let customer: Customer;
let smtpPort: number;
const prefix = `${uniqueName('gw_email')}.`;
const slug = `mail${Date.now().toString(36)}`;

async function eventually<T>(check: () => Promise<T | null | undefined | false>, what: string, timeoutMs = 45_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function send(mail: {
  from: string;
  subject: string;
  text: string;
  messageId: string;
  inReplyTo?: string;
  references?: string[];
}): Promise<void> {
  const transport = createTransport({ host: '127.0.0.1', port: smtpPort, secure: false, ignoreTLS: true });
  try {
    await transport.sendMail({
      ...mail,
      to: 'support@sladesk.test',
      ...(mail.inReplyTo ? { references: mail.references ?? mail.inReplyTo } : {}),
    });
  } finally {
    transport.close();
  }
}

async function outcome(
  messageId: string,
): Promise<{ outcome: string; reason: string | null; ticket_id: string | null; comment_id: string | null }> {
  return eventually(async () => {
    const r = await pool.query(
      "SELECT outcome, reason, ticket_id, comment_id FROM inbound_emails WHERE message_id = $1 AND outcome <> 'RECEIVED'",
      [messageId],
    );
    return r.rows[0];
  }, `the outcome of ${messageId}`);
}

beforeAll(async () => {
  stack = await startStack('gw_email', { tickets: true, kafkaTopicPrefix: prefix });
  sink = await startSmtpSink();
  [smtpPort] = await freePorts(1);
  notifications = await startSubgraphProcess('notifications', {
    GATEWAY_SUBGRAPH_SECRET: SECRET,
    KAFKA_BROKERS: stackConfig().kafkaBrokers.join(','),
    KAFKA_TOPIC_PREFIX: prefix,
    NOTIFICATIONS_CONSUMER_GROUP: `${prefix}notifications`,
    NOTIFICATIONS_OUTBOUND_SMTP_URL: `smtp://127.0.0.1:${sink.smtpPort}`,
    NOTIFICATIONS_SMTP_PORT: String(smtpPort),
    NOTIFICATIONS_TICKETS_URL: stack.tickets!.url,
  });
  pool = new Pool({ connectionString: notifications.db.url, max: 2 });
  pool.on('error', () => undefined);
  const provider = await login(stack, ADMIN_EMAIL, ADMIN_PASSWORD);
  customer = await createCustomer(stack, provider, slug, 1);
  // identity's outbox → Kafka → the notifications directory.
  await eventually(async () => {
    const r = await pool.query('SELECT 1 FROM directory_users WHERE email = $1', [`employee1@${slug}.test`]);
    return r.rowCount === 1;
  }, 'the employee in the notifications directory');
});

afterAll(async () => {
  await pool?.end();
  await notifications?.close();
  await sink?.close();
  await stack?.close();
});

const TICKET = `query($id: ID!) { ticket(id: $id) { id channel title description authorId customerId comments { body authorId } } }`;
interface Ticket {
  id: string;
  channel: string;
  title: string;
  description: string;
  authorId: string;
  customerId: string;
  comments: Array<{ body: string; authorId: string }>;
}

it("a registered sender's mail becomes a ticket, once; a reply in its thread becomes a comment", async () => {
  const employee = customer.employees[0]!;
  const messageId = `<${randomUUID()}@${slug}.test>`;
  const mail = { from: employee.user.email, subject: 'VPN is down', text: 'Since 9:00 nobody can connect.', messageId };
  await send(mail);
  const first = await outcome(messageId);
  expect(first).toMatchObject({ outcome: 'TICKET', reason: null });
  const ticketId = first.ticket_id!;

  const seen = await eventually(async () => {
    const res = await stack.gql<{ ticket: Ticket | null }>(TICKET, { id: ticketId }, { token: employee.accessToken });
    return res.data?.ticket;
  }, 'the ticket through the gateway');
  expect(seen).toMatchObject({ channel: 'EMAIL', title: 'VPN is down', authorId: employee.user.id, customerId: customer.organizationId });
  expect(seen.description).toContain('nobody can connect');

  // The sending server retries the same message: the same outcome, no second ticket.
  await send(mail);
  await new Promise((r) => setTimeout(r, 1000));
  const rows = await pool.query('SELECT count(*)::int AS n FROM inbound_emails WHERE message_id = $1', [messageId]);
  expect(rows.rows[0].n).toBe(1);
  const list = await stack.gql<{ tickets: { edges: Array<{ node: { id: string } }> } }>(
    `{ tickets(first: 20) { edges { node { id } } } }`,
    {},
    {
      token: employee.accessToken,
    },
  );
  expect(list.data!.tickets.edges.map((e) => e.node.id)).toEqual([ticketId]);

  // A reply referring to the ticket's thread (as our notices' References do).
  const replyId = `<${randomUUID()}@${slug}.test>`;
  await send({
    from: employee.user.email,
    subject: 'Re: VPN is down',
    text: 'Still down after the restart.',
    messageId: replyId,
    inReplyTo: `<ticket-${ticketId}@sladesk.local>`,
  });
  const reply = await outcome(replyId);
  expect(reply).toMatchObject({ outcome: 'COMMENT', ticket_id: ticketId });
  const after = await stack.gql<{ ticket: Ticket }>(TICKET, { id: ticketId }, { token: employee.accessToken });
  expect(after.data!.ticket.comments).toEqual([
    expect.objectContaining({ body: 'Still down after the restart.', authorId: employee.user.id }),
  ]);
});

it("a reply naming another customer's ticket creates nothing", async () => {
  const provider = await login(stack, ADMIN_EMAIL, ADMIN_PASSWORD);
  const other = await createCustomer(stack, provider, `${slug}x`, 1);
  const theirs = await stack.gql<{ registerTicket: { id: string } }>(
    `mutation($input: RegisterTicketInput!) { registerTicket(input: $input) { id } }`,
    { input: { requestId: randomUUID(), title: 'Theirs', description: 'Private', component: 'vpn' } },
    { token: other.employees[0]!.accessToken },
  );
  const foreignId = theirs.data!.registerTicket.id;
  const messageId = `<${randomUUID()}@${slug}.test>`;
  await send({
    from: customer.employees[0]!.user.email,
    subject: 'Re: theirs',
    text: 'Let me in',
    messageId,
    inReplyTo: `<ticket-${foreignId}@sladesk.local>`,
  });
  const result = await outcome(messageId);
  expect(result.outcome).toBe('REJECTED');
  expect(result.comment_id).toBeNull();
  const check = await stack.gql<{ ticket: Ticket }>(TICKET, { id: foreignId }, { token: other.employees[0]!.accessToken });
  expect(check.data!.ticket.comments).toEqual([]);
});

it("the provider's clarification request reaches the author by email; answering that email adds a comment", async () => {
  const employee = customer.employees[0]!;
  const admin = await login(stack, ADMIN_EMAIL, ADMIN_PASSWORD);
  const specialistEmail = `specialist-${slug}@provider.test`;
  await createUserWithPassword(
    stack,
    admin,
    { organizationId: stack.providerOrganizationId, email: specialistEmail, displayName: 'Specialist', roles: ['SPECIALIST'] },
    PASSWORD,
  );
  const provider = await login(stack, specialistEmail, PASSWORD);
  const messageId = `<${randomUUID()}@${slug}.test>`;
  await send({ from: employee.user.email, subject: 'Printer jams', text: 'Every second page.', messageId });
  const ticketId = (await outcome(messageId)).ticket_id!;
  await eventually(
    async () => (await stack.gql<{ ticket: Ticket | null }>(TICKET, { id: ticketId }, { token: employee.accessToken })).data?.ticket,
    'the ticket',
  );
  const asked = await stack.gql(
    `mutation($input: RequestClarificationInput!) { requestClarification(input: $input) { id status } }`,
    {
      input: {
        ticketId,
        category: 'ERROR',
        priority: 'NORMAL',
        assignee: provider.user.id,
        question: 'Which printer model?',
        phoneAttempt: { at: new Date().toISOString(), outcome: 'NO_ANSWER' },
      },
    },
    { token: provider.accessToken },
  );
  expect(asked.errors).toBeUndefined();
  // The workflow's ticket.analysed (real producer, Kafka) → notice → email to the author at the sink.
  const [notice] = await sink
    .waitFor((all) => all.some((m) => m.envelopeTo.includes(employee.user.email) && m.text.includes('Which printer model?')), 45_000)
    .then((all) => all.filter((m) => m.envelopeTo.includes(employee.user.email) && m.text.includes('Which printer model?')));
  // The workflow's ticket.registered carries no number yet: the subject shows the id's first 8 hex digits.
  expect(notice!.subject).toBe(`[${ticketId.slice(0, 8)}] Нужно уточнение`);
  expect(notice!.references).toContain(`<ticket-${ticketId}@sladesk.local>`);
  // The author answers in their mail client: In-Reply-To and References as the client sets them.
  const replyId = `<${randomUUID()}@${slug}.test>`;
  await send({
    from: employee.user.email,
    subject: `Re: ${notice!.subject}`,
    text: 'HP LaserJet 4000.',
    messageId: replyId,
    inReplyTo: notice!.messageId,
    references: [...notice!.references, notice!.messageId],
  });
  expect(await outcome(replyId)).toMatchObject({ outcome: 'COMMENT', ticket_id: ticketId });
  const after = await stack.gql<{ ticket: Ticket }>(TICKET, { id: ticketId }, { token: employee.accessToken });
  expect(after.data!.ticket.comments.map((c) => c.body)).toContain('HP LaserJet 4000.');
});
