// Hotline calls, attachments and the SLA report on the tickets subgraph alone (throwaway database, the shared
// Temporal dev server on a task queue no worker polls: a workflow start is recorded there and checked, nothing runs).
// Comments with attachments and the callback's completion need a worker: test/src/gateway/tickets-extras.spec.ts.
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestSubgraph, type TestSubgraph } from '@sla-desk/subgraph/testing';
import { addWorkingTime, russianProductionCalendar } from '@sla-desk/sla';
import { stackConfig, uniqueName } from '@sla-desk/testing';
import { hotlineCallbackWorkflowId, ticketWorkflowId, type ClockView } from '@sla-desk/workflow-api';
import { Client, Connection, WorkflowNotFoundError } from '@temporalio/client';
import { DiskAttachmentStorage } from '../src/attachments/attachment-storage';
import type { TicketsConfig } from '../src/config';
import type { Prisma } from '../src/generated/prisma/client';
import { PrismaService } from '../src/prisma.service';
import { ticketsSubgraph } from '../src/subgraph';
import { CUSTOMER_A, CUSTOMER_B, customerOf, recordSnapshots, snapshot, specialist } from './support';

const TASK_QUEUE = uniqueName('tickets-extras-unpolled');
// Request ids of this run: call and ticket ids (so workflow ids on the shared server) derive from them.
const req = (name: string): string => `${name}-${TASK_QUEUE}`;
let subgraph: TestSubgraph<TicketsConfig>;
let connection: Connection;
let temporal: Client;
const started: string[] = [];

beforeAll(async () => {
  subgraph = await startTestSubgraph(ticketsSubgraph, {
    name: 'tickets_extras',
    env: { TEMPORAL_ADDRESS: stackConfig().temporalAddress, TEMPORAL_TASK_QUEUE: TASK_QUEUE, TICKETS_ATTACHMENT_MAX_BYTES: '1000' },
  });
  connection = await Connection.connect({ address: stackConfig().temporalAddress });
  temporal = new Client({ connection, namespace: stackConfig().temporalNamespace });
});
afterAll(async () => {
  // The dev server is shared: nothing this suite started stays open.
  for (const id of started)
    await temporal?.workflow
      .getHandle(id)
      .terminate('test cleanup')
      .catch(() => undefined);
  await connection?.close();
  await subgraph?.close();
});

const prisma = (): PrismaService => subgraph.app.get(PrismaService);
const codeOf = (res: { errors?: Array<{ extensions?: Record<string, unknown> }> }) => res.errors?.[0]?.extensions;

describe('hotline calls', () => {
  const LOG = `mutation($input: LogHotlineCallInput!) { logHotlineCall(input: $input) {
    id customerId resolved callbackBy callbackByLocal callerPhone specialistId contractId } }`;
  // An hour ago, to the minute; the window's end is computed independently (3 working days on the RU calendar).
  const calledAt = new Date(Math.floor((Date.now() - 3600_000) / 60_000) * 60_000);
  const latest = addWorkingTime(russianProductionCalendar(), calledAt, { days: 3 });
  const unresolved = {
    requestId: req('call-1'),
    customerId: CUSTOMER_A,
    callerName: 'Ivan Petrov',
    callerPhone: '+7 495 123-45-67',
    question: 'The report export hangs',
    resolved: false,
    calledAt: calledAt.toISOString(),
    callbackBy: latest.toISOString(),
  };
  const calls = (): Promise<number> => prisma().hotlineCall.count();

  it.each([
    ['no contact details', { callerPhone: null }, 'callerPhone', undefined],
    ['no callback date', { callbackBy: null }, 'callbackBy', undefined],
    [
      'a callback before the call',
      { callbackBy: new Date(calledAt.getTime() - 60_000).toISOString() },
      'callbackBy',
      'CALLBACK_NOT_AFTER_CALL',
    ],
    ['a callback at the call', { callbackBy: calledAt.toISOString() }, 'callbackBy', 'CALLBACK_NOT_AFTER_CALL'],
    [
      'a callback a minute past 3 working days',
      { callbackBy: new Date(latest.getTime() + 60_000).toISOString() },
      'callbackBy',
      'CALLBACK_TOO_LATE',
    ],
    ['a callback on a resolved call', { resolved: true }, 'callbackBy', undefined],
    ['a malformed phone', { callerPhone: 'call me maybe' }, 'callerPhone', undefined],
    ['a call in the future', { calledAt: new Date(Date.now() + 3600_000).toISOString() }, 'calledAt', undefined],
  ])('refuses %s, storing and starting nothing', async (_case, change, field, reason) => {
    const res = await subgraph.gql(LOG, { input: { ...unresolved, ...change } }, specialist());
    expect(res.data).toBeNull();
    expect(codeOf(res)).toEqual({ code: 'BAD_USER_INPUT', field, ...(reason ? { reason } : {}) });
    expect(await calls()).toBe(0);
  });

  it('a customer may not log calls', async () => {
    const res = await subgraph.gql(LOG, { input: unresolved }, customerOf(CUSTOMER_A));
    expect(codeOf(res)?.['code']).toBe('FORBIDDEN');
    expect(await calls()).toBe(0);
  });

  let callId: string;
  it('an unresolved call with a callback at the latest allowed instant starts its callback workflow, once', async () => {
    const res = await subgraph.gql<{ logHotlineCall: Record<string, unknown> }>(LOG, { input: unresolved }, specialist());
    expect(res.errors).toBeUndefined();
    const call = res.data!.logHotlineCall;
    callId = call['id'] as string;
    started.push(hotlineCallbackWorkflowId(callId));
    expect(call).toMatchObject({ customerId: CUSTOMER_A, resolved: false, callbackBy: latest.toISOString(), contractId: 'default' });
    expect(call['callbackByLocal']).toMatch(/\+03:00$/);
    const wf = await temporal.workflow.getHandle(hotlineCallbackWorkflowId(callId)).describe();
    expect(wf.type).toBe('hotlineCallbackWorkflow');
    expect(wf.taskQueue).toBe(TASK_QUEUE);

    const retry = await subgraph.gql<{ logHotlineCall: { id: string } }>(LOG, { input: unresolved }, specialist());
    expect(retry.data!.logHotlineCall.id).toBe(callId);
    expect(await calls()).toBe(1);
    // Announced once, in the outbox (event id = call id), whatever the retries.
    const logged = await prisma().outboxEvent.findMany({ where: { eventType: 'hotline.call_logged' } });
    expect(logged.map((e) => [e.eventId, e.tenantId, e.topic.endsWith('sladesk.hotline.v1')])).toEqual([[callId, CUSTOMER_A, true]]);
    const reused = await subgraph.gql(LOG, { input: { ...unresolved, question: 'Something else' } }, specialist());
    expect(codeOf(reused)).toEqual({ code: 'BAD_USER_INPUT', field: 'requestId', reason: 'REQUEST_ID_REUSED' });
    expect(await calls()).toBe(1);
  });

  it('a resolved call needs no contacts and starts no workflow', async () => {
    const res = await subgraph.gql<{ logHotlineCall: { id: string } }>(
      LOG,
      { input: { requestId: req('call-2'), customerId: CUSTOMER_B, callerName: 'Anna', question: 'Where is the manual?', resolved: true } },
      specialist(),
    );
    expect(res.errors).toBeUndefined();
    await expect(temporal.workflow.getHandle(hotlineCallbackWorkflowId(res.data!.logHotlineCall.id)).describe()).rejects.toBeInstanceOf(
      WorkflowNotFoundError,
    );
  });

  const LIST = `query($filter: HotlineCallFilterInput) { hotlineCalls(filter: $filter) { edges { node { id customerId callerName } } hasNextPage } }`;
  type List = { hotlineCalls: { edges: Array<{ node: { id: string; customerId: string; callerName: string } }> } };

  it('provider staff list and filter every call; a customer only its own organization’s', async () => {
    const all = await subgraph.gql<List>(LIST, {}, specialist());
    expect(all.data!.hotlineCalls.edges.map((e) => e.node.callerName).sort()).toEqual(['Anna', 'Ivan Petrov']);
    const waiting = await subgraph.gql<List>(LIST, { filter: { awaitingCallback: true } }, specialist());
    expect(waiting.data!.hotlineCalls.edges.map((e) => e.node.id)).toEqual([callId]);
    const text = await subgraph.gql<List>(LIST, { filter: { text: 'MANUAL' } }, specialist());
    expect(text.data!.hotlineCalls.edges.map((e) => e.node.callerName)).toEqual(['Anna']);
    const mine = await subgraph.gql<List>(LIST, {}, customerOf(CUSTOMER_A));
    expect(mine.data!.hotlineCalls.edges.map((e) => e.node.customerId)).toEqual([CUSTOMER_A]);
    expect(mine.text).not.toContain('Anna');
    const theirs = await subgraph.gql(LIST, { filter: { customerId: CUSTOMER_B } }, customerOf(CUSTOMER_A));
    expect(codeOf(theirs)).toEqual({ code: 'FORBIDDEN' });
    const one = await subgraph.gql('query($id: ID!) { hotlineCall(id: $id) { question } }', { id: callId }, customerOf(CUSTOMER_B));
    expect(codeOf(one)).toEqual({ code: 'FORBIDDEN' });
    expect(one.text).not.toContain('export hangs');
  });

  it('turns a call into a HOTLINE ticket of the caller’s organization, linked to the call', async () => {
    const res = await subgraph.gql<{ createTicketFromCall: { id: string; channel: string; customerId: string; description: string } }>(
      `mutation($input: CreateTicketFromCallInput!) { createTicketFromCall(input: $input) { id channel customerId description } }`,
      { input: { callId, title: 'Report export hangs', component: 'Reports' } },
      specialist(),
    );
    expect(res.errors).toBeUndefined();
    const ticket = res.data!.createTicketFromCall;
    started.push(ticketWorkflowId(ticket.id));
    expect(ticket).toMatchObject({ channel: 'HOTLINE', customerId: CUSTOMER_A, description: 'The report export hangs' });
    const linked = await subgraph.gql<{ hotlineCall: { ticketId: string } }>(
      'query($id: ID!) { hotlineCall(id: $id) { ticketId } }',
      { id: callId },
      customerOf(CUSTOMER_A),
    );
    expect(linked.data!.hotlineCall.ticketId).toBe(ticket.id);
  });
});

describe('attachments', () => {
  const REGISTER = `mutation($input: RegisterTicketInput!) { registerTicket(input: $input) {
    id attachments { id fileName contentType size sha256 } } }`;
  const text = Buffer.from('line one\nline two\n');
  const file = { fileName: 'log.txt', contentType: 'text/plain', contentBase64: text.toString('base64') };
  const input = { requestId: req('att-1'), title: 'With a log', description: 'See the log', component: 'Portal', attachments: [file] };
  const stored = async (): Promise<[number, number, number]> => [
    await prisma().ticket.count({ where: { title: 'With a log' } }),
    await prisma().attachment.count(),
    await prisma().attachmentBlob.count(),
  ];

  it.each([
    [
      'over the size limit',
      { contentBase64: Buffer.alloc(1001, 1).toString('base64') },
      'attachments[0].contentBase64',
      'ATTACHMENT_TOO_LARGE',
    ],
    ['of a forbidden type', { contentType: 'application/x-msdownload' }, 'attachments[0].contentType', 'ATTACHMENT_TYPE_NOT_ALLOWED'],
    ['not base64', { contentBase64: 'not base64!' }, 'attachments[0].contentBase64', undefined],
    ['named like a path', { fileName: '../../etc/passwd' }, 'attachments[0].fileName', undefined],
  ])('refuses a file %s: no ticket, no attachment', async (_case, change, field, reason) => {
    const res = await subgraph.gql(REGISTER, { input: { ...input, attachments: [{ ...file, ...change }] } }, customerOf(CUSTOMER_A));
    expect(codeOf(res)).toEqual({ code: 'BAD_USER_INPUT', field, ...(reason ? { reason } : {}) });
    expect(await stored()).toEqual([0, 0, 0]);
  });

  let attachmentId: string;
  it('stores the file with the ticket, with its SHA-256, and returns the same ticket on a retry', async () => {
    const res = await subgraph.gql<{ registerTicket: { id: string; attachments: Array<Record<string, unknown>> } }>(
      REGISTER,
      { input },
      customerOf(CUSTOMER_A),
    );
    expect(res.errors).toBeUndefined();
    started.push(ticketWorkflowId(res.data!.registerTicket.id));
    const [a] = res.data!.registerTicket.attachments;
    attachmentId = a!['id'] as string;
    expect(a).toMatchObject({
      fileName: 'log.txt',
      contentType: 'text/plain',
      size: text.length,
      sha256: createHash('sha256').update(text).digest('hex'),
    });
    // The same request with another file is another request: refused, nothing added.
    const other = await subgraph.gql(
      REGISTER,
      { input: { ...input, attachments: [{ ...file, contentBase64: Buffer.from('other').toString('base64') }] } },
      customerOf(CUSTOMER_A),
    );
    expect(codeOf(other)).toEqual({ code: 'BAD_USER_INPUT', field: 'requestId', reason: 'REQUEST_ID_REUSED' });
    expect(await stored()).toEqual([1, 1, 1]);
  });

  it('gives the content back to the ticket’s organization and provider staff, never to another customer', async () => {
    const Q = 'query($id: ID!) { attachment(id: $id) { fileName sha256 contentBase64 } }';
    const own = await subgraph.gql<{ attachment: { contentBase64: string } }>(Q, { id: attachmentId }, customerOf(CUSTOMER_A));
    expect(Buffer.from(own.data!.attachment.contentBase64, 'base64')).toEqual(text);
    const staff = await subgraph.gql<{ attachment: { contentBase64: string } }>(Q, { id: attachmentId }, specialist());
    expect(staff.data!.attachment.contentBase64).toBe(text.toString('base64'));
    const theirs = await subgraph.gql(Q, { id: attachmentId }, customerOf(CUSTOMER_B));
    expect(theirs.data).toEqual({ attachment: null });
    expect(codeOf(theirs)).toEqual({ code: 'FORBIDDEN' });
    expect(theirs.text).not.toContain(text.toString('base64'));
  });

  it('refuses to serve bytes that no longer match their checksum', async () => {
    await prisma().attachmentBlob.update({ where: { attachmentId }, data: { content: new Uint8Array(Buffer.from('tampered')) } });
    const res = await subgraph.gql('query($id: ID!) { attachment(id: $id) { contentBase64 } }', { id: attachmentId }, specialist());
    // An internal error (the kit masks its details): never the damaged bytes.
    expect(res.errors?.[0]?.extensions?.['code']).toBe('INTERNAL_SERVER_ERROR');
    expect(res.data).toEqual({ attachment: null });
    expect(res.text).not.toContain(Buffer.from('tampered').toString('base64'));
  });

  it('the disk store writes whole files under its directory and discards them', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tickets-attachments-'));
    try {
      const disk = new DiskAttachmentStorage(join(dir, 'files'));
      const id = '00000000-0000-4000-8000-00000000f11e';
      await disk.put({} as Prisma.TransactionClient, id, Buffer.from('bytes'));
      expect(await readdir(join(dir, 'files'))).toEqual([id]);
      expect(await disk.get(id)).toEqual(Buffer.from('bytes'));
      await disk.discard([id]);
      expect(await disk.get(id)).toBeNull();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('the SLA report', () => {
  const CONTRACT = '11111111-1111-4111-8111-111111111111';
  // Tue 2026-12-01, Moscow 10:00 = 07:00Z. Working day 09:00-13:00, 14:00-18:00 MSK.
  const clock = (kind: ClockView['kind'], round: number, over: Partial<ClockView>): ClockView => ({
    id: `${kind}#${round}`,
    kind,
    party: 'PROVIDER',
    round,
    startedAt: '2026-12-01T07:00:00.000Z',
    rule: 'WORKING_TIME',
    dueAt: '2026-12-02T07:00:00.000Z',
    noticeAt: null,
    notice: null,
    binding: true,
    breachRecordable: true,
    onDue: 'BREACH',
    provisional: false,
    state: 'MET',
    ...over,
  });
  const at = '2026-12-01T07:00:00.000Z';
  const urgent = {
    contractId: CONTRACT,
    registeredAt: at,
    category: 'ERROR' as const,
    priority: 'URGENT' as const,
    status: 'CLOSED' as const,
  };
  const views = [
    // Analysed after 60 working minutes (10:00 -> 11:00 MSK), solved after 180 (-> 14:00 MSK, lunch excluded).
    snapshot(201, {
      ...urgent,
      clocks: [
        clock('ANALYSIS', 1, { stoppedAt: '2026-12-01T08:00:00.000Z' }),
        clock('SOLUTION', 1, { stoppedAt: '2026-12-01T11:00:00.000Z' }),
        clock('ACCEPTANCE', 1, { party: 'CUSTOMER', stoppedAt: '2026-12-01T12:00:00.000Z' }),
      ],
    }),
    // Analysed after 120 working minutes with a warning; solution breached, delivered the next day at 10:00 MSK:
    // 10:00-13:00 + 14:00-18:00 + 09:00-10:00 = 480 minutes.
    snapshot(202, {
      ...urgent,
      clocks: [
        clock('ANALYSIS', 1, { stoppedAt: '2026-12-01T09:00:00.000Z', warnedAt: '2026-12-01T08:30:00.000Z' }),
        clock('SOLUTION', 1, {
          state: 'MET_LATE',
          stoppedAt: '2026-12-02T07:00:00.000Z',
          warnedAt: '2026-12-01T12:00:00.000Z',
          breachedAt: '2026-12-01T15:00:00.000Z',
        }),
      ],
    }),
    // Analysed after 240 working minutes (10:00 -> 15:00 MSK), no solution yet.
    snapshot(203, {
      ...urgent,
      status: 'IN_PROGRESS',
      clocks: [clock('ANALYSIS', 1, { stoppedAt: '2026-12-01T12:00:00.000Z' }), clock('SOLUTION', 1, { state: 'RUNNING' })],
    }),
    // Not classified yet: its analysis clock runs.
    snapshot(204, { contractId: CONTRACT, registeredAt: at, clocks: [clock('ANALYSIS', 1, { state: 'RUNNING' })] }),
    // Another customer under the same contract id, and a ticket outside the period.
    snapshot(205, {
      ...urgent,
      customerId: CUSTOMER_B,
      clocks: [clock('ANALYSIS', 1, { state: 'MET', stoppedAt: '2026-12-01T07:30:00.000Z' })],
    }),
    snapshot(206, { ...urgent, registeredAt: '2026-11-01T07:00:00.000Z', clocks: [] }),
  ];
  beforeAll(async () => {
    await recordSnapshots(prisma(), views);
  });

  const REPORT = `query($c: ID!, $from: DateTime!, $to: DateTime!) { slaReport(contractId: $c, from: $from, to: $to) {
    contractId contract { id } tickets
    rows { category priority tickets clocks met warned breached toAnalysis { count meanMinutes p90Minutes } toSolution { count meanMinutes p90Minutes } }
    total { tickets clocks met warned breached }
    csv } }`;
  const period = { c: CONTRACT, from: '2026-12-01T00:00:00Z', to: '2026-12-02T00:00:00Z' };

  it('counts clocks and working times per category x priority for a customer’s own tickets', async () => {
    const res = await subgraph.gql<{ slaReport: Record<string, unknown> }>(REPORT, period, customerOf(CUSTOMER_A));
    expect(res.errors).toBeUndefined();
    expect(res.data!.slaReport).toMatchObject({
      contractId: CONTRACT,
      contract: { id: CONTRACT },
      tickets: 4,
      rows: [
        {
          category: 'ERROR',
          priority: 'URGENT',
          tickets: 3,
          clocks: 6,
          met: 4,
          warned: 2,
          breached: 1,
          toAnalysis: { count: 3, meanMinutes: 140, p90Minutes: 240 },
          toSolution: { count: 2, meanMinutes: 330, p90Minutes: 480 },
        },
        {
          category: null,
          priority: null,
          tickets: 1,
          clocks: 1,
          met: 0,
          warned: 0,
          breached: 0,
          toAnalysis: { count: 0, meanMinutes: null, p90Minutes: null },
        },
      ],
      total: { tickets: 4, clocks: 7, met: 4, warned: 2, breached: 1 },
    });
    expect(res.data!.slaReport['csv']).toBe(
      [
        'category,priority,tickets,clocks,met,warned,breached,analysis_count,analysis_mean_working_minutes,analysis_p90_working_minutes,solution_count,solution_mean_working_minutes,solution_p90_working_minutes',
        'ERROR,URGENT,3,6,4,2,1,3,140,240,2,330,480',
        'UNCLASSIFIED,,1,1,0,0,0,0,,,0,,',
        'TOTAL,,4,7,4,2,1,3,140,240,2,330,480',
        '',
      ].join('\n'),
    );
  });

  it('provider staff see every customer’s tickets of the contract; bad periods are refused', async () => {
    const res = await subgraph.gql<{ slaReport: { tickets: number; total: { met: number } } }>(REPORT, period, specialist());
    expect(res.data!.slaReport.tickets).toBe(5);
    expect(res.data!.slaReport.total.met).toBe(5);
    const reversed = await subgraph.gql(REPORT, { ...period, from: period.to, to: period.from }, specialist());
    expect(codeOf(reversed)).toEqual({ code: 'BAD_USER_INPUT', field: 'to' });
    const tooLong = await subgraph.gql(REPORT, { ...period, from: '2025-01-01T00:00:00Z' }, specialist());
    expect(codeOf(tooLong)).toEqual({ code: 'BAD_USER_INPUT', field: 'to' });
  });

  it('Ticket names its contract and component for their owners to resolve', async () => {
    await prisma().ticket.create({
      data: {
        id: views[0]!.ticketId,
        customerId: CUSTOMER_A,
        requestId: 'ref-1',
        requestDigest: 'x',
        authorId: customerOf(CUSTOMER_A).userId,
        contractId: CONTRACT,
        title: views[0]!.title,
        description: 'd',
        component: '22222222-2222-4222-8222-222222222222',
        channel: 'PORTAL',
        warranty: false,
        registeredAt: new Date(views[0]!.registeredAt),
      },
    });
    const res = await subgraph.gql<{ ticket: Record<string, unknown> }>(
      'query($id: ID!) { ticket(id: $id) { contractId contract { id } componentId component { id } } }',
      { id: views[0]!.ticketId },
      customerOf(CUSTOMER_A),
    );
    expect(res.data!.ticket).toEqual({
      contractId: CONTRACT,
      contract: { id: CONTRACT },
      componentId: '22222222-2222-4222-8222-222222222222',
      component: { id: '22222222-2222-4222-8222-222222222222' },
    });
  });
});
