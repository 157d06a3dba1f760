// Hotline calls, attachments and the SLA report end to end through the gateway: identity, the tickets subgraph and a
// Temporal worker on the shared dev server (task queue and topics of this run). Tenant isolation for calls and
// attachments (an internal comment's attachments never reach a customer), the callback date rules, the callback
// workflow completed by the specialist, a call turned into a ticket, and the report with its CSV over the tickets
// of this run.
import { randomUUID } from 'node:crypto';
import { addWorkingTime, russianProductionCalendar } from '@sla-desk/sla';
import { hotlineCallbackWorkflowId } from '@sla-desk/workflow-api';
import { Client, Connection } from '@temporalio/client';
import { stackConfig } from '@sla-desk/testing';
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
let specialist: Session;
let a: Customer;
let b: Customer;
// The workflow records registration instants to the minute: the report's period starts at this run's minute.
const startedAt = new Date(Math.floor(Date.now() / 60_000) * 60_000);

beforeAll(async () => {
  stack = await startStack('gw_tickets_extras', { tickets: true });
  const provider = await login(stack, ADMIN_EMAIL, ADMIN_PASSWORD);
  specialist = await createSpecialist(stack, provider, 'hotline@provider.test');
  a = await createCustomer(stack, provider, 'extras_a', 1);
  b = await createCustomer(stack, provider, 'extras_b', 1);
});
afterAll(async () => {
  await stack?.close();
});

const as = (s: Session) => ({ token: s.accessToken });
function ok<T>(res: GqlResponse<T>): T {
  if (res.errors || !res.data) throw new Error(`unexpected errors: ${res.text}`);
  return res.data;
}
async function eventually<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 20_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('hotline calls through the gateway', () => {
  const LOG = `mutation($input: LogHotlineCallInput!) { logHotlineCall(input: $input) { id customerId callbackBy calledBackAt } }`;
  const calledAt = new Date(Math.floor(Date.now() / 60_000) * 60_000 - 60_000);
  const latest = addWorkingTime(russianProductionCalendar(), calledAt, { days: 3 });
  const call = () => ({
    requestId: randomUUID(),
    customerId: a.organizationId,
    callerName: 'Olga from accounting',
    callerEmail: 'olga@alpha.test',
    question: 'Invoices are stuck in the queue',
    resolved: false,
    calledAt: calledAt.toISOString(),
    callbackBy: latest.toISOString(),
  });
  let callId: string;

  it('refuses a callback date past 3 working days or before the call, clearly', async () => {
    const late = await stack.gql(
      LOG,
      { input: { ...call(), callbackBy: new Date(latest.getTime() + 60_000).toISOString() } },
      as(specialist),
    );
    expect(late.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'callbackBy', reason: 'CALLBACK_TOO_LATE' });
    expect(late.errors?.[0]?.message).toContain(latest.toISOString());
    const early = await stack.gql(LOG, { input: { ...call(), callbackBy: calledAt.toISOString() } }, as(specialist));
    expect(early.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'callbackBy', reason: 'CALLBACK_NOT_AFTER_CALL' });
    const byCustomer = await stack.gql(LOG, { input: call() }, as(a.employees[0]!));
    expect(byCustomer.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
  });

  it('a specialist logs an unresolved call: the callback workflow runs; the specialist completes it', async () => {
    callId = ok(await stack.gql<{ logHotlineCall: { id: string } }>(LOG, { input: call() }, as(specialist))).logHotlineCall.id;
    const connection = await Connection.connect({ address: stackConfig().temporalAddress });
    try {
      const client = new Client({ connection, namespace: stackConfig().temporalNamespace });
      const wf = await client.workflow.getHandle(hotlineCallbackWorkflowId(callId)).describe();
      expect(wf.status.name).toBe('RUNNING');
    } finally {
      await connection.close();
    }
    const done = await eventually(async () => {
      const res = await stack.gql<{ completeHotlineCallback: { calledBackAt: string | null } }>(
        'mutation($id: ID!) { completeHotlineCallback(callId: $id, outcome: "Explained the queue") { calledBackAt } }',
        { id: callId },
        as(specialist),
      );
      return res.data?.completeHotlineCallback ?? undefined;
    }, 'the callback completed');
    expect(done.calledBackAt).not.toBeNull();
  });

  it("the caller's organization sees its calls, another customer neither lists nor reads them", async () => {
    const LIST = '{ hotlineCalls { edges { node { id customerId question } } } }';
    const mine = ok(await stack.gql<{ hotlineCalls: { edges: Array<{ node: { id: string } }> } }>(LIST, {}, as(a.employees[0]!)));
    expect(mine.hotlineCalls.edges.map((e) => e.node.id)).toEqual([callId]);
    const theirs = await stack.gql(LIST, {}, as(b.employees[0]!));
    expect(theirs.text).not.toContain('Invoices are stuck');
    const one = await stack.gql('query($id: ID!) { hotlineCall(id: $id) { question } }', { id: callId }, as(b.employees[0]!));
    expect(one.errors?.[0]?.extensions).toEqual({ code: 'FORBIDDEN' });
    expect(one.text).not.toContain('Invoices are stuck');
  });

  it('the call becomes a HOTLINE ticket of its organization, linked both ways', async () => {
    const res = ok(
      await stack.gql<{ createTicketFromCall: { id: string; channel: string; customerId: string } }>(
        'mutation($input: CreateTicketFromCallInput!) { createTicketFromCall(input: $input) { id channel customerId } }',
        { input: { callId, title: 'Invoices stuck', component: 'Billing' } },
        as(specialist),
      ),
    );
    expect(res.createTicketFromCall).toMatchObject({ channel: 'HOTLINE', customerId: a.organizationId });
    const linked = ok(
      await stack.gql<{ hotlineCall: { ticket: { id: string; channel: string } } }>(
        'query($id: ID!) { hotlineCall(id: $id) { ticket { id channel } } }',
        { id: callId },
        as(a.employees[0]!),
      ),
    );
    expect(linked.hotlineCall.ticket).toEqual({ id: res.createTicketFromCall.id, channel: 'HOTLINE' });
  });
});

describe('attachments through the gateway', () => {
  const file = (text: string, name = 'note.txt') => ({
    fileName: name,
    contentType: 'text/plain',
    contentBase64: Buffer.from(text).toString('base64'),
  });
  const ATTACHMENT = 'query($id: ID!) { attachment(id: $id) { fileName contentBase64 } }';
  let ticketId: string;
  let ticketFile: string;
  let publicFile: string;
  let internalFile: string;

  it('a customer registers a ticket with a file; a forbidden type is refused with nothing stored', async () => {
    const refused = await stack.gql(
      'mutation($input: RegisterTicketInput!) { registerTicket(input: $input) { id } }',
      {
        input: {
          requestId: randomUUID(),
          title: 'Bad file',
          description: 'd',
          component: 'Billing',
          attachments: [{ ...file('MZ'), contentType: 'application/x-msdownload' }],
        },
      },
      as(a.employees[0]!),
    );
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'ATTACHMENT_TYPE_NOT_ALLOWED' });
    const res = ok(
      await stack.gql<{ registerTicket: { id: string; attachments: Array<{ id: string }> } }>(
        'mutation($input: RegisterTicketInput!) { registerTicket(input: $input) { id attachments { id } } }',
        {
          input: {
            requestId: randomUUID(),
            title: 'Screenshot attached',
            description: 'd',
            component: 'Billing',
            attachments: [file('error 500')],
          },
        },
        as(a.employees[0]!),
      ),
    );
    ticketId = res.registerTicket.id;
    ticketFile = res.registerTicket.attachments[0]!.id;
  });

  it('comments carry files: the public one for everyone on the ticket, the internal one for provider staff only', async () => {
    const COMMENT = `mutation($input: AddCommentInput!) { addComment(input: $input) { id attachments { id } } }`;
    publicFile = ok(
      await stack.gql<{ addComment: { attachments: Array<{ id: string }> } }>(
        COMMENT,
        { input: { ticketId, body: 'Here is the log', attachments: [file('log line', 'log.txt')] } },
        as(specialist),
      ),
    ).addComment.attachments[0]!.id;
    internalFile = ok(
      await stack.gql<{ addComment: { attachments: Array<{ id: string }> } }>(
        COMMENT,
        { input: { ticketId, body: 'Our own analysis', internal: true, attachments: [file('internal secret', 'analysis.txt')] } },
        as(specialist),
      ),
    ).addComment.attachments[0]!.id;

    const seen = ok(
      await stack.gql<{ ticket: { attachments: Array<{ id: string }>; comments: Array<{ attachments: Array<{ id: string }> }> } }>(
        'query($id: ID!) { ticket(id: $id) { attachments { id } comments { body attachments { id fileName } } } }',
        { id: ticketId },
        as(a.employees[0]!),
      ),
    );
    expect(seen.ticket.attachments.map((x) => x.id)).toEqual([ticketFile]);
    expect(seen.ticket.comments.flatMap((c) => c.attachments.map((x) => x.id))).toEqual([publicFile]);
    const pub = ok(await stack.gql<{ attachment: { contentBase64: string } }>(ATTACHMENT, { id: publicFile }, as(a.employees[0]!)));
    expect(Buffer.from(pub.attachment.contentBase64, 'base64').toString()).toBe('log line');
    const internal = await stack.gql(ATTACHMENT, { id: internalFile }, as(a.employees[0]!));
    expect(internal.data).toEqual({ attachment: null });
    expect(internal.text).not.toContain(Buffer.from('internal secret').toString('base64'));
    const staff = ok(await stack.gql<{ attachment: { fileName: string } }>(ATTACHMENT, { id: internalFile }, as(specialist)));
    expect(staff.attachment.fileName).toBe('analysis.txt');
  });

  it('another customer reads none of them', async () => {
    for (const id of [ticketFile, publicFile, internalFile]) {
      const res = await stack.gql(ATTACHMENT, { id }, as(b.employees[0]!));
      expect(res.errors?.[0]?.extensions).toEqual({ code: 'FORBIDDEN' });
      expect(res.text).not.toContain('contentBase64":"');
    }
  });
});

describe('the SLA report through the gateway', () => {
  const REPORT = `query($from: DateTime!, $to: DateTime!) { slaReport(contractId: "default", from: $from, to: $to) {
    tickets total { tickets clocks met breached } csv } }`;
  const period = () => ({ from: startedAt.toISOString(), to: new Date(Date.now() + 60_000).toISOString() });

  it("counts this run's tickets of the customer, with the CSV; provider staff see both customers'", async () => {
    // Customer A registered two tickets above (the call's and the one with files); B none. Their analysis runs.
    let last: unknown;
    const report = await eventually(async () => {
      const res = await stack.gql<{ slaReport: { tickets: number; total: { clocks: number }; csv: string } }>(
        REPORT,
        period(),
        as(a.employees[0]!),
      );
      last = res.text;
      const r = ok(res).slaReport;
      return r.tickets === 2 && r.total.clocks === 2 ? r : undefined;
    }, 'both tickets in the read model with their analysis clocks').catch(async (error: Error) => {
      const listed = await stack.gql(
        '{ tickets { edges { node { id contractId registeredAt customerId } } asOf } }',
        {},
        as(a.employees[0]!),
      );
      throw new Error(`${error.message}; last answer: ${String(last)}; period ${JSON.stringify(period())}; read model: ${listed.text}`);
    });
    expect(report.csv.split('\n')[0]).toBe(
      'category,priority,tickets,clocks,met,warned,breached,analysis_count,analysis_mean_working_minutes,analysis_p90_working_minutes,solution_count,solution_mean_working_minutes,solution_p90_working_minutes',
    );
    expect(report.csv).toContain('UNCLASSIFIED,,2,2,0,0,0,0,,,0,,\n');
    expect(report.csv).toContain('TOTAL,,2,2,0,0,0,0,,,0,,\n');
    const other = ok(await stack.gql<{ slaReport: { tickets: number } }>(REPORT, period(), as(b.employees[0]!)));
    expect(other.slaReport.tickets).toBe(0);
    const staff = ok(await stack.gql<{ slaReport: { tickets: number } }>(REPORT, period(), as(specialist)));
    expect(staff.slaReport.tickets).toBe(2);
  });
});
