// The tickets subgraph on its own, on a throwaway database (requests signed as the gateway signs them): its
// contract, bad input refused before anything is stored or started, and reading the read model (filters, cursor
// pages, tenant scoping, clocks in the contract's zone). The workflow side is covered end to end in test/src/gateway.
import {
  describeSubgraphContract,
  providerAdmin,
  startTestSubgraph,
  type GraphQLResponse,
  type TestSubgraph,
} from '@sla-desk/subgraph/testing';
import { stackConfig } from '@sla-desk/testing';
import type { TicketsConfig } from '../src/config';
import { PrismaService } from '../src/prisma.service';
import { ticketsSubgraph } from '../src/subgraph';
import { ticketIdFor } from '../src/tickets/registrations';
import { CUSTOMER_A, CUSTOMER_B, customerOf, recordSnapshots, snapshot, specialist } from './support';

let subgraph: TestSubgraph<TicketsConfig>;
beforeAll(async () => {
  subgraph = await startTestSubgraph(ticketsSubgraph, {
    name: 'tickets_subgraph',
    env: { TEMPORAL_ADDRESS: stackConfig().temporalAddress, TEMPORAL_TASK_QUEUE: 'tickets-subgraph-spec-unused' },
  });
});
afterAll(async () => {
  await subgraph?.close();
});

describeSubgraphContract(ticketsSubgraph, () => subgraph);

const REGISTER = `mutation($input: RegisterTicketInput!) { registerTicket(input: $input) { id status } }`;
const valid = { requestId: 'req-1', title: 'Login fails', description: 'Nobody can log in since 9:00', component: 'Portal' };

const storedTickets = (): Promise<number> => subgraph.app.get(PrismaService).ticket.count();

describe('registerTicket refuses bad input before storing or starting anything', () => {
  it.each([
    ['a blank title', 'title', { title: '   ' }, 'title must not be empty'],
    ['an oversized title', 'title', { title: 'x'.repeat(201) }, 'title must be at most 200 characters'],
    ['an oversized description', 'description', { description: 'y'.repeat(20_001) }, 'description must be at most 20000 characters'],
    ['no component', 'component', { component: '' }, 'component must not be empty'],
    ['a malformed request id', 'requestId', { requestId: 'has spaces in it' }, expect.stringContaining('requestId must be')],
    ["another customer's id", 'customerId', { customerId: CUSTOMER_B }, 'You may not access another organization'],
  ])('%s', async (_case, field, change, message) => {
    const res = await subgraph.gql(REGISTER, { input: { ...valid, ...change } }, customerOf(CUSTOMER_A));
    expect(res.data).toBeNull();
    expect(res.errors?.[0]?.message).toEqual(message);
    expect(res.errors?.[0]?.extensions?.['code']).toBe(field === 'customerId' ? 'FORBIDDEN' : 'BAD_USER_INPUT');
    expect(await storedTickets()).toBe(0);
  });

  it('provider staff must name the customer; an administrator may not register at all', async () => {
    const res = await subgraph.gql(REGISTER, { input: valid }, specialist());
    expect(res.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'customerId' });
    const admin = await subgraph.gql(REGISTER, { input: { ...valid, customerId: CUSTOMER_A } }, providerAdmin());
    expect(admin.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
    expect(await storedTickets()).toBe(0);
  });
});

const LIST = `query($filter: TicketFilterInput, $first: Int, $after: String) {
  tickets(filter: $filter, first: $first, after: $after) {
    edges { cursor node { id customerId title status slaState priority } }
    pageInfo { endCursor hasNextPage }
    asOf
  }
}`;

interface ListAnswer {
  tickets: {
    edges: Array<{ cursor: string; node: { id: string; customerId: string; title: string; status: string } }>;
    pageInfo: { endCursor: string | null; hasNextPage: boolean };
    asOf: string;
  };
}

describe('reading the read model', () => {
  const a = Array.from({ length: 25 }, (_, i) => snapshot(i + 1));
  const b = [
    snapshot(101, {
      customerId: CUSTOMER_B,
      title: 'Secret of B',
      status: 'IN_PROGRESS',
      category: 'ERROR',
      priority: 'URGENT',
      slaState: 'BREACHED',
    }),
  ];
  beforeAll(async () => {
    a[3] = { ...a[3]!, status: 'IN_PROGRESS', category: 'ERROR', priority: 'URGENT', slaState: 'AT_RISK', title: 'Printer on fire' };
    // Written a minute ago: before any poll of this suite and its overlap.
    await recordSnapshots(subgraph.app.get(PrismaService), [...a, ...b], new Date(Date.now() - 60_000));
  });

  it('pages newest first with cursors, and no page is larger than 100', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 3; page++) {
      const res: GraphQLResponse<ListAnswer> = await subgraph.gql<ListAnswer>(LIST, { first: 10, after }, customerOf(CUSTOMER_A));
      expect(res.errors).toBeUndefined();
      const t = res.data!.tickets;
      seen.push(...t.edges.map((e) => e.node.id));
      expect(t.pageInfo.hasNextPage).toBe(page < 2);
      after = t.pageInfo.endCursor;
    }
    expect(seen).toEqual(a.map((v) => v.ticketId).reverse());
    const tooBig = await subgraph.gql(LIST, { first: 101 }, customerOf(CUSTOMER_A));
    expect(tooBig.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'first' });
    const forged = await subgraph.gql(LIST, { after: 'not-a-cursor' }, customerOf(CUSTOMER_A));
    expect(forged.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'after' });
  });

  it('filters by status, category, priority, SLA state and text, within the caller’s organization', async () => {
    const filter = { status: ['IN_PROGRESS'], category: ['ERROR'], priority: ['URGENT'], slaState: ['AT_RISK', 'BREACHED'] };
    const mine = await subgraph.gql<ListAnswer>(LIST, { filter }, customerOf(CUSTOMER_A));
    expect(mine.data!.tickets.edges.map((e) => e.node.title)).toEqual(['Printer on fire']);
    const staff = await subgraph.gql<ListAnswer>(LIST, { filter }, specialist());
    expect(staff.data!.tickets.edges.map((e) => e.node.title)).toEqual(['Secret of B', 'Printer on fire']);
    const text = await subgraph.gql<ListAnswer>(LIST, { filter: { text: 'PRINTER' } }, specialist());
    expect(text.data!.tickets.edges.map((e) => e.node.title)).toEqual(['Printer on fire']);
    const onlyB = await subgraph.gql<ListAnswer>(LIST, { filter: { customerId: CUSTOMER_B } }, specialist());
    expect(onlyB.data!.tickets.edges.map((e) => e.node.customerId)).toEqual([CUSTOMER_B]);
  });

  it("a customer never lists or reads another customer's tickets", async () => {
    const all = await subgraph.gql<ListAnswer>(LIST, { first: 100 }, customerOf(CUSTOMER_A));
    expect(all.data!.tickets.edges).toHaveLength(25);
    expect(all.text).not.toContain('Secret of B');
    const theirs = await subgraph.gql(LIST, { filter: { customerId: CUSTOMER_B } }, customerOf(CUSTOMER_A));
    expect(theirs.errors?.[0]?.extensions).toEqual({ code: 'FORBIDDEN' });
    const one = await subgraph.gql('query($id: ID!) { ticket(id: $id) { title } }', { id: b[0]!.ticketId }, customerOf(CUSTOMER_A));
    expect(one.data).toEqual({ ticket: null });
    expect(one.errors?.[0]?.extensions).toEqual({ code: 'FORBIDDEN' });
    expect(one.text).not.toContain('Secret');
  });

  it('resolves Ticket references for other subgraphs with the same tenant rules', async () => {
    const ENTITIES = 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Ticket { title customer { id } } } }';
    const own = await subgraph.gql(ENTITIES, { r: [{ __typename: 'Ticket', id: a[1]!.ticketId }] }, customerOf(CUSTOMER_A));
    expect(own.data).toEqual({ _entities: [{ title: a[1]!.title, customer: { id: CUSTOMER_A } }] });
    const theirs = await subgraph.gql(ENTITIES, { r: [{ __typename: 'Ticket', id: b[0]!.ticketId }] }, customerOf(CUSTOMER_A));
    expect(theirs.errors?.[0]?.extensions).toEqual({ code: 'FORBIDDEN' });
    expect(theirs.text).not.toContain('Secret');
  });

  it("shows each clock's due instant in UTC and in the contract's zone", async () => {
    const res = await subgraph.gql<{ ticket: { clocks: Array<Record<string, unknown>> } }>(
      'query($id: ID!) { ticket(id: $id) { clocks { id state dueAt dueAtLocal timeZone noticeAtLocal } } }',
      { id: a[0]!.ticketId },
      customerOf(CUSTOMER_A),
    );
    expect(res.data!.ticket.clocks).toEqual([
      {
        id: 'ANALYSIS#1',
        state: 'RUNNING',
        dueAt: '2026-12-01T15:00:00.000Z',
        dueAtLocal: '2026-12-01T18:00:00+03:00',
        timeZone: 'Europe/Moscow',
        noticeAtLocal: null,
      },
    ]);
  });

  it('updatedSince returns what was written since the previous answer (polls overlap by a little)', async () => {
    const first = await subgraph.gql<ListAnswer>(LIST, { first: 100 }, specialist());
    const asOf = first.data!.tickets.asOf;
    await recordSnapshots(subgraph.app.get(PrismaService), [{ ...a[0]!, seq: 3, status: 'CANCELLED', slaState: 'NONE' }]);
    const changed = await subgraph.gql<ListAnswer>(LIST, { filter: { updatedSince: asOf } }, specialist());
    expect(changed.data!.tickets.edges.map((e) => [e.node.id, e.node.status])).toEqual([[a[0]!.ticketId, 'CANCELLED']]);
  });
});

describe('ticket ids', () => {
  it('are UUIDs derived from the customer and the request id, so a retry finds the same ticket', () => {
    const id = ticketIdFor(CUSTOMER_A, 'req-1');
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(ticketIdFor(CUSTOMER_A, 'req-1')).toBe(id);
    expect(ticketIdFor(CUSTOMER_B, 'req-1')).not.toBe(id);
    expect(ticketIdFor(CUSTOMER_A, 'req-2')).not.toBe(id);
  });
});
