// Tickets end to end through the gateway: identity, the tickets subgraph and a Temporal worker on the shared dev
// server (task queue and Kafka topics of this run), PostgreSQL for both services. A customer registers an
// ERROR/URGENT ticket, a specialist analyses and delivers, the customer sends remarks, the fix is accepted and the
// ticket closed — every state and clock visible through GraphQL, the events on Kafka, the workflow found by its
// search attributes. Then tenant isolation, internal comments, bad input, and a breach: a customer whose contract
// has a one-minute analysis round the clock sees its unanalysed ticket breached through GraphQL.
import { randomUUID } from 'node:crypto';
import { decodeEvent, TOPICS, type DecodedEvent } from '@sla-desk/events';
import { defaultSlaPolicy, russianProductionCalendar, withPolicyOverrides } from '@sla-desk/sla';
import { stackConfig } from '@sla-desk/testing';
import { defaultContractTerms, type ContractTermsPort } from '@sla-desk/ticket-activities';
import { ticketWorkflowId } from '@sla-desk/workflow-api';
import { Client, Connection } from '@temporalio/client';
import {
  ADMIN_EMAIL,
  ADMIN_PASSWORD,
  createCustomer,
  login,
  startStack,
  type Customer,
  type GqlResponse,
  type Session,
  type Stack,
  createSpecialist,
} from './stack';

jest.setTimeout(120_000);
process.env['KAFKAJS_NO_PARTITIONER_WARNING'] = '1';

let stack: Stack;
let provider: Session;
let specialist: Session;
let a: Customer;
let b: Customer;
/** Customers whose contract has a one-minute analysis, round the clock (the breach test). */
const sprintCustomers = new Set<string>();
const ROUND_THE_CLOCK = Array.from({ length: 7 }, () => [{ start: '00:00', end: '24:00' }]);
const sprintTerms = {
  policy: withPolicyOverrides(defaultSlaPolicy, { id: 'sprint', version: '1', analysis: { minutes: 1 } }),
  calendar: russianProductionCalendar({ week: ROUND_THE_CLOCK }),
};
const seedTerms = defaultContractTerms();
const terms: ContractTermsPort = {
  async termsFor(req) {
    return sprintCustomers.has(req.customerId) ? { contractId: req.contractId, ...sprintTerms } : seedTerms.termsFor(req);
  },
};
let late: { customer: Customer; ticketId: string };

beforeAll(async () => {
  stack = await startStack('gw_tickets', { tickets: true, ticketTerms: terms });
  provider = await login(stack, ADMIN_EMAIL, ADMIN_PASSWORD);
  specialist = await createSpecialist(stack, provider, 'specialist@provider.test');
  a = await createCustomer(stack, provider, 'alpha', 1);
  b = await createCustomer(stack, provider, 'beta', 1);
  // Registered first, checked last: its analysis is due a minute from now, while the other tests run.
  const gamma = await createCustomer(stack, provider, 'gamma', 1);
  sprintCustomers.add(gamma.organizationId);
  const res = await stack.gql<{ registerTicket: { id: string } }>(
    REGISTER,
    { input: registration({ title: 'Nobody looks at this' }) },
    as(gamma.employees[0]!),
  );
  late = { customer: gamma, ticketId: ok(res).registerTicket.id };
});
afterAll(async () => {
  await stack?.close();
});

const TICKET_FIELDS = `id status category priority assigneeId slaState customerId authorId title componentId
  clocks { id kind party state dueAt dueAtLocal noticeAtLocal timeZone }`;

interface Clock {
  id: string;
  kind: string;
  party: string;
  state: string;
  dueAt: string | null;
  dueAtLocal: string | null;
  noticeAtLocal: string | null;
  timeZone: string;
}
interface Ticket {
  id: string;
  status: string;
  category: string | null;
  priority: string | null;
  assigneeId: string | null;
  slaState: string;
  customerId: string;
  authorId: string | null;
  title: string;
  componentId: string | null;
  clocks: Clock[];
}

const REGISTER = `mutation($input: RegisterTicketInput!) { registerTicket(input: $input) { ${TICKET_FIELDS} } }`;
const ANALYSE = `mutation($input: AnalyseTicketInput!) { analyseTicket(input: $input) { ${TICKET_FIELDS} } }`;
const DELIVER = `mutation($id: ID!, $summary: String!) { deliverSolution(ticketId: $id, summary: $summary) { ${TICKET_FIELDS} } }`;
const REMARKS = `mutation($id: ID!, $remarks: [String!]!) { sendRemarks(ticketId: $id, remarks: $remarks) { ${TICKET_FIELDS} } }`;
const ACCEPT = `mutation($id: ID!) { acceptSolution(ticketId: $id, comment: "Works now") { ${TICKET_FIELDS} } }`;
const CLOSE = `mutation($id: ID!) { closeTicket(ticketId: $id) { ${TICKET_FIELDS} } }`;
const CANCEL = `mutation($id: ID!) { cancelTicket(ticketId: $id) { id status } }`;
const COMMENT = `mutation($input: AddCommentInput!) { addComment(input: $input) { id internal body authorId } }`;
const TICKET = `query($id: ID!) { ticket(id: $id) { ${TICKET_FIELDS}
  history { action from to actorId actorRole } comments { body internal authorId } } }`;
const LIST = `query($filter: TicketFilterInput) { tickets(filter: $filter, first: 100) { edges { node { id status title } } } }`;

const as = (s: Session) => ({ token: s.accessToken });

function ok<T>(res: GqlResponse<T>): T {
  if (res.errors || !res.data) throw new Error(`unexpected errors: ${res.text}`);
  return res.data;
}

function clock(t: Ticket, id: string): Clock {
  const c = t.clocks.find((x) => x.id === id);
  if (!c) throw new Error(`no clock ${id} in ${JSON.stringify(t.clocks)}`);
  return c;
}

async function eventually<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 20_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function registration(overrides: Record<string, unknown> = {}) {
  return {
    requestId: randomUUID(),
    title: 'Invoices cannot be posted',
    description: 'Posting any invoice fails with error 500 since this morning; nobody can work.',
    component: 'Billing',
    ...overrides,
  };
}

describe('a ticket’s life through the gateway', () => {
  let ticketId: string;
  const request = registration();
  let kafka: Awaited<ReturnType<typeof collectTicketEvents>>;
  beforeAll(async () => {
    kafka = await collectTicketEvents();
  });
  afterAll(async () => {
    await kafka?.stop();
  });

  it('a customer registers a ticket: REGISTERED, the analysis clock running, shown in the contract’s zone', async () => {
    const { registerTicket: registered } = ok(
      await stack.gql<{ registerTicket: Ticket }>(REGISTER, { input: request }, as(a.employees[0]!)),
    );
    ticketId = registered.id;
    expect(registered).toMatchObject({
      status: 'REGISTERED',
      customerId: a.organizationId,
      authorId: a.employees[0]!.user.id,
      componentId: 'Billing',
    });
    // The answer comes as soon as the workflow started; reading the ticket waits until it planned its clocks.
    const { ticket: t } = ok(await stack.gql<{ ticket: Ticket }>(TICKET, { id: ticketId }, as(a.employees[0]!)));
    const analysis = clock(t, 'ANALYSIS#1');
    expect(analysis).toMatchObject({ party: 'PROVIDER', state: 'RUNNING', timeZone: 'Europe/Moscow' });
    expect(analysis.dueAtLocal).toMatch(/\+03:00$/);
    expect(Date.parse(analysis.dueAtLocal!)).toBe(Date.parse(analysis.dueAt!));
  });

  it('a retried registration returns the same ticket; the same request id with other content is rejected', async () => {
    const again = ok(await stack.gql<{ registerTicket: Ticket }>(REGISTER, { input: request }, as(a.employees[0]!)));
    expect(again.registerTicket.id).toBe(ticketId);
    const changed = await stack.gql(REGISTER, { input: { ...request, title: 'Something else' } }, as(a.employees[0]!));
    expect(changed.data).toBeNull();
    expect(changed.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'requestId', reason: 'REQUEST_ID_REUSED' });
    const listed = await eventually(async () => {
      const l = ok(await stack.gql<{ tickets: { edges: Array<{ node: { id: string } }> } }>(LIST, {}, as(a.employees[0]!)));
      return l.tickets.edges.length > 0 ? l : undefined;
    }, 'the read model row');
    expect(listed.tickets.edges.map((e) => e.node.id)).toEqual([ticketId]);
  });

  it('a customer may not analyse; the specialist analyses ERROR/URGENT: IN_PROGRESS with the solution clock', async () => {
    const input = {
      ticketId,
      category: 'ERROR',
      priority: 'URGENT',
      assignee: specialist.user.id,
      plannedDate: new Date(Date.now() + 60 * 60_000).toISOString(),
    };
    const byCustomer = await stack.gql(ANALYSE, { input }, as(a.employees[0]!));
    expect(byCustomer.errors?.[0]?.extensions).toEqual({ code: 'FORBIDDEN', reason: 'FORBIDDEN_ROLE' });
    const { analyseTicket: t } = ok(await stack.gql<{ analyseTicket: Ticket }>(ANALYSE, { input }, as(specialist)));
    expect(t).toMatchObject({ status: 'IN_PROGRESS', category: 'ERROR', priority: 'URGENT', assigneeId: specialist.user.id });
    expect(clock(t, 'ANALYSIS#1').state).toBe('MET');
    const solution = clock(t, 'SOLUTION#1');
    expect(solution).toMatchObject({ party: 'PROVIDER', state: 'RUNNING' });
    // ERROR/URGENT: 1 wd with a 4 working-hour notice, both shown in the contract's zone.
    expect(solution.noticeAtLocal).toMatch(/\+03:00$/);
  });

  it('an illegal transition is refused with the validator’s reason and changes nothing', async () => {
    const early = await stack.gql(ACCEPT, { id: ticketId }, as(a.employees[0]!));
    expect(early.data).toBeNull();
    expect(early.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', reason: 'ILLEGAL_TRANSITION' });
    const now = ok(await stack.gql<{ ticket: Ticket }>(TICKET, { id: ticketId }, as(a.employees[0]!)));
    expect(now.ticket.status).toBe('IN_PROGRESS');
  });

  it('customer, author and assignee are identity’s entities, resolved through the gateway', async () => {
    const res = ok(
      await stack.gql<{ ticket: { customer: { name: string }; author: { email: string }; assignee: { displayName: string } } }>(
        'query($id: ID!) { ticket(id: $id) { customer { name } author { email } assignee { displayName } } }',
        { id: ticketId },
        as(a.employees[0]!),
      ),
    );
    expect(res.ticket).toEqual({
      customer: { name: 'Customer alpha' },
      author: { email: 'employee1@alpha.test' },
      assignee: { displayName: 'Specialist' },
    });
  });

  it('delivered, remarks, delivered again, accepted, closed: each step returns the new state and clocks', async () => {
    const delivered = ok(
      await stack.gql<{ deliverSolution: Ticket }>(DELIVER, { id: ticketId, summary: 'Patched the posting service' }, as(specialist)),
    );
    expect(delivered.deliverSolution.status).toBe('SOLUTION_DELIVERED');
    expect(clock(delivered.deliverSolution, 'SOLUTION#1').state).toBe('MET');
    expect(clock(delivered.deliverSolution, 'ACCEPTANCE#1')).toMatchObject({ party: 'CUSTOMER', state: 'RUNNING' });

    const remarks = ok(
      await stack.gql<{ sendRemarks: Ticket }>(REMARKS, { id: ticketId, remarks: ['Credit notes still fail'] }, as(a.employees[0]!)),
    );
    expect(remarks.sendRemarks.status).toBe('REMARKS');
    expect(clock(remarks.sendRemarks, 'REMARK_FIX#1')).toMatchObject({ party: 'PROVIDER', state: 'RUNNING' });

    const fixed = ok(
      await stack.gql<{ deliverSolution: Ticket }>(DELIVER, { id: ticketId, summary: 'Credit notes fixed too' }, as(specialist)),
    );
    expect(fixed.deliverSolution.status).toBe('SOLUTION_DELIVERED');
    expect(clock(fixed.deliverSolution, 'REMARK_FIX#1').state).toBe('MET');

    const accepted = ok(await stack.gql<{ acceptSolution: Ticket }>(ACCEPT, { id: ticketId }, as(a.employees[0]!)));
    expect(accepted.acceptSolution.status).toBe('ACCEPTED');
    expect(accepted.acceptSolution.clocks.filter((c) => c.state === 'RUNNING')).toEqual([]);
  });

  it('comments: the customer’s are shown to all, internal ones to provider staff only', async () => {
    ok(await stack.gql(COMMENT, { input: { ticketId, body: 'Thanks, looks good' } }, as(a.employees[0]!)));
    ok(await stack.gql(COMMENT, { input: { ticketId, body: 'Root cause: a stale cache', internal: true } }, as(specialist)));
    const internalByCustomer = await stack.gql(COMMENT, { input: { ticketId, body: 'sneaky', internal: true } }, as(a.employees[0]!));
    expect(internalByCustomer.errors?.[0]?.extensions).toEqual({ code: 'FORBIDDEN' });

    const seenByCustomer = ok(
      await stack.gql<{ ticket: { comments: Array<{ body: string }> } }>(TICKET, { id: ticketId }, as(a.employees[0]!)),
    );
    expect(seenByCustomer.ticket.comments.map((c) => c.body)).toEqual(['Thanks, looks good']);
    const seenByStaff = ok(
      await stack.gql<{ ticket: { comments: Array<{ body: string; internal: boolean }> } }>(TICKET, { id: ticketId }, as(specialist)),
    );
    expect(seenByStaff.ticket.comments).toEqual([
      { body: 'Thanks, looks good', internal: false, authorId: a.employees[0]!.user.id },
      { body: 'Root cause: a stale cache', internal: true, authorId: specialist.user.id },
    ]);
  });

  it('closed by provider staff; its history shows every transition; nothing more can be done on it', async () => {
    const closed = ok(await stack.gql<{ closeTicket: Ticket }>(CLOSE, { id: ticketId }, as(specialist)));
    expect(closed.closeTicket.status).toBe('CLOSED');
    const read = ok(
      await stack.gql<{ ticket: { history: Array<{ action: string; to: string; actorId: string }> } }>(
        TICKET,
        { id: ticketId },
        as(a.employees[0]!),
      ),
    );
    expect(read.ticket.history.map((h) => `${h.action}→${h.to}`)).toEqual([
      'REGISTER→REGISTERED',
      'ANALYSE→IN_PROGRESS',
      'DELIVER_SOLUTION→SOLUTION_DELIVERED',
      'SEND_REMARKS→REMARKS',
      'DELIVER_SOLUTION→SOLUTION_DELIVERED',
      'ACCEPT→ACCEPTED',
      'CLOSE→CLOSED',
    ]);
    await eventually(async () => {
      const l = ok(
        await stack.gql<{ tickets: { edges: Array<{ node: { status: string } }> } }>(
          LIST,
          { filter: { status: ['CLOSED'] } },
          as(specialist),
        ),
      );
      return l.tickets.edges.length === 1 ? true : undefined;
    }, 'the read model to show CLOSED');
    for (const [query, variables] of [
      [ACCEPT, { id: ticketId }],
      [CANCEL, { id: ticketId }],
      [COMMENT, { input: { ticketId, body: 'one more thing' } }],
    ] as const) {
      const res = await stack.gql(query, variables, as(a.employees[0]!));
      expect(res.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', reason: 'TICKET_CLOSED' });
    }
  });

  it('its events are on Kafka in order, and Temporal visibility finds the workflow by its search attributes', async () => {
    // Status changes after the analysis: delivered, remarks, delivered, accepted, closed.
    const events = await eventually(
      async () => {
        const mine = kafka.events.filter((e) => e.aggregateId === ticketId);
        return mine.filter((e) => e.type === 'ticket.status_changed').length >= 5 ? mine : undefined;
      },
      'the ticket’s events on Kafka',
      30_000,
    );
    expect(events.every((e) => e.tenantId === a.organizationId)).toBe(true);
    // The workflow's events, in its sequence; the comments, stated by the tickets service through its outbox.
    const life = events.filter((e) => e.producer !== 'tickets-service');
    expect(life[0]!.type).toBe('ticket.registered');
    expect(life.filter((e) => e.type === 'ticket.registered')).toHaveLength(1);
    expect(life.some((e) => e.type === 'ticket.analysed')).toBe(true);
    const sequence = life.map((e) => Number(e.aggregateSequence));
    expect(sequence).toEqual([...sequence].sort((x, y) => x - y));
    const comments = await eventually(async () => {
      const c = kafka.events.filter((e) => e.aggregateId === ticketId && e.type === 'ticket.comment_added');
      return c.length === 2 ? c : undefined;
    }, 'the comments on Kafka');
    expect(comments.map((e) => e.producer)).toEqual(['tickets-service', 'tickets-service']);
    expect(comments.map((e) => (e.payload as { internal: boolean; body: string }).internal).sort()).toEqual([false, true]);

    const connection = await Connection.connect({ address: stackConfig().temporalAddress });
    try {
      const client = new Client({ connection, namespace: stackConfig().temporalNamespace });
      const found = await eventually(async () => {
        const ids: string[] = [];
        for await (const w of client.workflow.list({ query: `TicketId = "${ticketId}" AND CustomerId = "${a.organizationId}"` }))
          ids.push(w.workflowId);
        return ids.length > 0 ? ids : undefined;
      }, 'the workflow in visibility');
      expect(found).toEqual([ticketWorkflowId(ticketId)]);
    } finally {
      await connection.close();
    }
  });
});

describe('clarification and reassignment', () => {
  const CLARIFY = `mutation($input: RequestClarificationInput!) { requestClarification(input: $input) { ${TICKET_FIELDS} } }`;
  const ANSWER = `mutation($id: ID!, $comment: String!) { answerClarification(ticketId: $id, comment: $comment) { ${TICKET_FIELDS} } }`;
  const REASSIGN = `mutation($id: ID!, $to: ID!) { reassignTicket(ticketId: $id, assignee: $to) { id assigneeId } }`;

  it('the specialist asks the customer, the customer answers: back to analysis; a manager reassigns', async () => {
    const { registerTicket: t } = ok(
      await stack.gql<{ registerTicket: Ticket }>(REGISTER, { input: registration({ title: 'Which report?' }) }, as(a.employees[0]!)),
    );
    const asked = ok(
      await stack.gql<{ requestClarification: Ticket }>(
        CLARIFY,
        {
          input: {
            ticketId: t.id,
            category: 'SUPPORT',
            priority: 'NORMAL',
            assignee: specialist.user.id,
            question: 'Which report do you mean?',
            phoneAttempt: { at: new Date().toISOString(), outcome: 'NO_ANSWER' },
          },
        },
        as(specialist),
      ),
    );
    expect(asked.requestClarification.status).toBe('AWAITING_CLARIFICATION');
    expect(clock(asked.requestClarification, 'CLARIFICATION#1')).toMatchObject({ party: 'CUSTOMER', state: 'RUNNING' });

    const answered = ok(
      await stack.gql<{ answerClarification: Ticket }>(ANSWER, { id: t.id, comment: 'The monthly VAT report' }, as(a.employees[0]!)),
    );
    expect(answered.answerClarification.status).toBe('REGISTERED');
    expect(clock(answered.answerClarification, 'CLARIFICATION#1').state).toBe('MET');

    const bySpecialist = await stack.gql(REASSIGN, { id: t.id, to: provider.user.id }, as(specialist));
    expect(bySpecialist.errors?.[0]?.extensions).toEqual({ code: 'FORBIDDEN', reason: 'FORBIDDEN_ROLE' });
    const byAdmin = ok(
      await stack.gql<{ reassignTicket: { assigneeId: string } }>(REASSIGN, { id: t.id, to: provider.user.id }, as(provider)),
    );
    expect(byAdmin.reassignTicket.assigneeId).toBe(provider.user.id);
  });
});

describe('tenant isolation', () => {
  let theirs: string;
  beforeAll(async () => {
    const res = ok(
      await stack.gql<{ registerTicket: Ticket }>(
        REGISTER,
        { input: registration({ title: 'Beta’s private trouble' }) },
        as(b.employees[0]!),
      ),
    );
    theirs = res.registerTicket.id;
  });

  it("organization A cannot read, comment on or act on B's ticket", async () => {
    const read = await stack.gql(TICKET, { id: theirs }, as(a.employees[0]!));
    expect(read.data).toEqual({ ticket: null });
    expect(read.errors?.[0]?.extensions).toEqual({ code: 'FORBIDDEN' });
    for (const [query, variables] of [
      [COMMENT, { input: { ticketId: theirs, body: 'hello from alpha' } }],
      [CANCEL, { id: theirs }],
    ] as const) {
      const res = await stack.gql(query, variables, as(a.employees[0]!));
      expect(res.data).toBeNull();
      expect(res.errors?.[0]?.extensions).toEqual({ code: 'FORBIDDEN' });
    }
    const list = ok(await stack.gql<{ tickets: { edges: Array<{ node: { title: string } }> } }>(LIST, {}, as(a.employees[0]!)));
    expect(list.tickets.edges.map((e) => e.node.title)).not.toContain('Beta’s private trouble');
    const mine = ok(await stack.gql<{ ticket: { status: string; comments: unknown[] } }>(TICKET, { id: theirs }, as(b.employees[0]!)));
    expect(mine.ticket).toMatchObject({ status: 'REGISTERED', comments: [] });
  });

  it('the same request id in another organization is another ticket', async () => {
    const requestId = randomUUID();
    const inA = ok(await stack.gql<{ registerTicket: Ticket }>(REGISTER, { input: registration({ requestId }) }, as(a.employees[0]!)));
    const inB = ok(await stack.gql<{ registerTicket: Ticket }>(REGISTER, { input: registration({ requestId }) }, as(b.employees[0]!)));
    expect(inA.registerTicket.id).not.toBe(inB.registerTicket.id);
    const cancelled = ok(await stack.gql<{ cancelTicket: { status: string } }>(CANCEL, { id: inA.registerTicket.id }, as(a.employees[0]!)));
    expect(cancelled.cancelTicket.status).toBe('CANCELLED');
  });
});

describe('bad input', () => {
  it('missing or oversized fields are refused before anything is stored', async () => {
    const before = await countTickets();
    const missing = await stack.gql(
      `mutation { registerTicket(input: { requestId: "x1", description: "d", component: "c" }) { id } }`,
      {},
      as(a.employees[0]!),
    );
    expect(missing.errors?.[0]?.extensions?.['code']).toBe('GRAPHQL_VALIDATION_FAILED');
    const oversized = await stack.gql(REGISTER, { input: registration({ title: 't'.repeat(201) }) }, as(a.employees[0]!));
    expect(oversized.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'title' });
    const unknown = await stack.gql(CANCEL, { id: randomUUID() }, as(a.employees[0]!));
    expect(unknown.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'ticketId', reason: 'TICKET_NOT_FOUND' });
    expect(await countTickets()).toBe(before);
  });
});

async function countTickets(): Promise<number> {
  const { Client: Pg } = await import('pg');
  const pg = new Pg({ connectionString: stack.tickets!.db.url });
  await pg.connect();
  try {
    return Number((await pg.query('SELECT count(*) FROM tickets')).rows[0].count);
  } finally {
    await pg.end();
  }
}

describe('a late analysis', () => {
  it('shows the breach through GraphQL: the ticket and its clock BREACHED at the due instant, found by the SLA-state filter', async () => {
    const who = as(late.customer.employees[0]!);
    const breached = await eventually(
      async () => {
        const { ticket } = ok(
          await stack.gql<{ ticket: Ticket & { clocks: Array<Clock & { breachedAt: string | null }> } }>(
            `query($id: ID!) { ticket(id: $id) { ${TICKET_FIELDS} clocks { id state dueAt breachedAt } } }`,
            { id: late.ticketId },
            who,
          ),
        );
        return ticket.slaState === 'BREACHED' ? ticket : undefined;
      },
      'the analysis breach',
      100_000,
    );
    const analysis = breached.clocks.find((c) => c.id === 'ANALYSIS#1')!;
    expect(analysis).toMatchObject({ state: 'BREACHED', breachedAt: analysis.dueAt });
    expect(breached.status).toBe('REGISTERED');
    const listed = await eventually(async () => {
      const l = ok(
        await stack.gql<{ tickets: { edges: Array<{ node: { id: string } }> } }>(LIST, { filter: { slaState: ['BREACHED'] } }, who),
      );
      return l.tickets.edges.length > 0 ? l : undefined;
    }, 'the breach in the read model');
    expect(listed.tickets.edges.map((e) => e.node.id)).toEqual([late.ticketId]);
  });
});

/** Collects this run's ticket events from the beginning of its tickets topic (one consumer group of its own). */
async function collectTicketEvents(): Promise<{ events: DecodedEvent[]; stop(): Promise<void> }> {
  const side = stack.tickets!;
  const consumer = side.kafka.consumer({ groupId: `${side.taskQueue}_collector`, maxWaitTimeInMs: 100 });
  const events: DecodedEvent[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic: `${side.topicPrefix}${TOPICS.tickets}`, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      const decoded = decodeEvent(message.value);
      if (decoded.ok) events.push(decoded.event);
    },
  });
  return { events, stop: () => consumer.disconnect() };
}
