// The tickets API under load, through the gateway. Printed, not asserted.
//   1. Registrations per second through the gateway (registerTicket: tenant checks, the registration row, the
//      workflow start) vs bare ticket-workflow starts on the same Temporal server
//      and worker, as a ratio (goal >= 0.5).
//   2. tickets(first: 20) latency, p50/p99, with 10 000 tickets in the read model (goal p99 < 50 ms): unfiltered,
//      by status, and a text search.
// Run: npm run -w @sla-desk/test bench:tickets-api  (needs `npm run up`: PostgreSQL, Temporal, Kafka; builds first).
// identity and the gateway run in-process, the tickets subgraph as its own process, the worker in-process on a task
// queue of its own (the e2e harness). Knobs: BENCH_REGISTRATIONS (default 200), BENCH_CONCURRENCY (default 8),
// BENCH_LIST_QUERIES (default 500).
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { stackConfig } from '@sla-desk/testing';
import { ticketWorkflowId, UNIQUE_WORKFLOW_ID_POLICIES, WorkflowType, type TicketWorkflowInput } from '@sla-desk/workflow-api';
import { Client, Connection } from '@temporalio/client';
import { Client as Pg } from 'pg';
import { ADMIN_EMAIL, ADMIN_PASSWORD, createCustomer, login, startStack, type Customer, type Stack } from '../src/gateway/stack';

const REGISTRATIONS = Number(process.env['BENCH_REGISTRATIONS'] ?? 200);
const CONCURRENCY = Number(process.env['BENCH_CONCURRENCY'] ?? 8);
const LIST_QUERIES = Number(process.env['BENCH_LIST_QUERIES'] ?? 500);
const READ_MODEL_TICKETS = 10_000;

jest.setTimeout(30 * 60_000);

const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

/** Runs `count` operations at `concurrency`; returns their latencies (ms, sorted) and the overall rate (per second). */
async function load(
  count: number,
  op: (i: number) => Promise<void>,
  concurrency = CONCURRENCY,
): Promise<{ latencies: number[]; rate: number }> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < count; i = next++) {
        const t0 = performance.now();
        await op(i);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return { latencies: latencies.sort((x, y) => x - y), rate: count / seconds };
}

const fmt = (ms: number): string => `${ms.toFixed(1)} ms`;

let stack: Stack;
let customer: Customer;
let connection: Connection;
let client: Client;

beforeAll(async () => {
  stack = await startStack('bench_tickets', { tickets: true });
  const provider = await login(stack, ADMIN_EMAIL, ADMIN_PASSWORD);
  customer = await createCustomer(stack, provider, 'bench', 1);
  connection = await Connection.connect({ address: stackConfig().temporalAddress });
  client = new Client({ connection, namespace: stackConfig().temporalNamespace });
});
afterAll(async () => {
  await connection?.close();
  await stack?.close();
});

const REGISTER = 'mutation($input: RegisterTicketInput!) { registerTicket(input: $input) { id status clocks { id dueAt } } }';

// The list first: the registrations leave the worker busy for a while (their events and read-model writes).
it('tickets(first: 20) latency with 10 000 tickets in the read model', async () => {
  const pg = new Pg({ connectionString: stack.tickets!.db.url });
  await pg.connect();
  try {
    // Snapshots shaped like the workflow's (one clock each), a third of them IN_PROGRESS, spread over a year.
    await pg.query(
      `INSERT INTO ticket_view (ticket_id, customer_id, contract_id, title, channel, warranty, status, category, priority,
         assignee, sla_state, planned_date, registered_at, seq, view, updated_at)
       SELECT id, $1::text, 'default', 'Seeded ticket ' || n, 'PORTAL', false, s.status, 'ERROR', 'HIGH', NULL, 'ON_TRACK', NULL,
         at, 3,
         jsonb_build_object('ticketId', id, 'customerId', $1::text, 'contractId', 'default', 'title', 'Seeded ticket ' || n,
           'channel', 'PORTAL', 'warranty', false, 'status', s.status, 'registeredAt', at, 'slaState', 'ON_TRACK',
           'closeWithoutProcessingAllowed', false, 'policy', '{"id":"default","version":"1"}'::jsonb,
           'calendar', '{"id":"RU","version":"1"}'::jsonb, 'seq', 3, 'updatedAt', at,
           'clocks', jsonb_build_array(jsonb_build_object('id', 'ANALYSIS#1', 'kind', 'ANALYSIS', 'party', 'PROVIDER',
             'round', 1, 'startedAt', at, 'rule', 'WORKING_TIME', 'dueAt', at, 'noticeAt', null, 'notice', null,
             'binding', true, 'breachRecordable', true, 'onDue', 'BREACH', 'provisional', false, 'state', 'MET'))),
         at
       FROM generate_series(1, $2::int) AS n,
         LATERAL (SELECT gen_random_uuid()::text AS id, now() - (n || ' minutes')::interval AS at,
                         CASE WHEN n % 3 = 0 THEN 'IN_PROGRESS' ELSE 'CLOSED' END AS status) s`,
      [customer.organizationId, READ_MODEL_TICKETS],
    );
    await pg.query('ANALYZE ticket_view');
  } finally {
    await pg.end();
  }
  const token = customer.employees[0]!.accessToken;
  const LIST = `query($filter: TicketFilterInput) { tickets(filter: $filter, first: 20) {
    edges { cursor node { id title status priority slaState clocks { id state dueAt dueAtLocal } } } pageInfo { hasNextPage endCursor } } }`;
  const shapes = [
    ['newest first', {}, 1],
    ['newest first', {}, CONCURRENCY],
    ['status IN_PROGRESS', { status: ['IN_PROGRESS'] }, CONCURRENCY],
    ['text "ticket 99"', { text: 'ticket 99' }, CONCURRENCY],
  ] as const;
  // The statements the first page runs (Prisma's shape: the customer's scope, the filter, the list order, first + 1).
  const sqlOf: Record<string, [string, unknown[]]> = {
    'newest first': ['', []],
    'status IN_PROGRESS': ['AND status IN ($2)', ['IN_PROGRESS']],
    'text "ticket 99"': ['AND title ILIKE $2', ['%ticket 99%']],
  };
  const measure = async (phase: string): Promise<string[]> => {
    const lines = [`  ${phase}:`];
    const db = new Pg({ connectionString: stack.tickets!.db.url });
    await db.connect();
    try {
      for (const [name, [where, params]] of Object.entries(sqlOf)) {
        const plan = await db.query(
          `EXPLAIN (ANALYZE, FORMAT JSON) SELECT * FROM ticket_view WHERE customer_id = $1 ${where}
           ORDER BY registered_at DESC, ticket_id DESC LIMIT 21`,
          [customer.organizationId, ...params],
        );
        const p = (plan.rows[0]['QUERY PLAN'] as Array<{ 'Execution Time': number; Plan: PlanNode }>)[0]!;
        lines.push(`    SQL ${name.padEnd(20)} ${p['Execution Time'].toFixed(2).padStart(6)} ms  ${describePlan(p.Plan)}`);
      }
    } finally {
      await db.end();
    }
    for (const [name, filter, concurrency] of shapes) {
      const r = await load(
        LIST_QUERIES,
        async () => {
          const res = await stack.gql<{ tickets: { edges: unknown[] } }>(LIST, { filter }, { token });
          if (!res.data?.tickets.edges.length) throw new Error(`list failed: ${res.text}`);
        },
        concurrency,
      );
      lines.push(
        `    ${name.padEnd(20)} concurrency ${String(concurrency).padEnd(3)} p50 ${fmt(percentile(r.latencies, 50))}   p99 ${fmt(percentile(r.latencies, 99))}   ${r.rate.toFixed(0)}/s`,
      );
    }
    return lines;
  };

  // Before and after on the same machine and data: first with the indexes ticket_view had before issue #13's list
  // indexes (customer_id, status), then with the migrations' own.
  const admin = new Pg({ connectionString: stack.tickets!.db.url });
  await admin.connect();
  const lines: string[] = [];
  try {
    const added = await admin.query<{ indexname: string; indexdef: string }>(
      `SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'ticket_view' AND indexname = ANY($1)`,
      [['ticket_view_customer_list_idx', 'ticket_view_customer_status_list_idx', 'ticket_view_title_trgm_idx']],
    );
    for (const i of added.rows) await admin.query(`DROP INDEX ${i.indexname}`);
    await admin.query('CREATE INDEX ticket_view_customer_id_status_idx ON ticket_view (customer_id, status)');
    await admin.query('ANALYZE ticket_view');
    lines.push(...(await measure('indexes before (customer_id, status)')));
    await admin.query('DROP INDEX ticket_view_customer_id_status_idx');
    for (const i of added.rows) await admin.query(i.indexdef);
    await admin.query('ANALYZE ticket_view');
    lines.push(...(await measure(`indexes now (${added.rows.map((i) => i.indexname).join(', ')})`)));
  } finally {
    await admin.end();
  }
  process.stdout.write(
    `\ntickets(first: 20) through the gateway, ${READ_MODEL_TICKETS} tickets, ${LIST_QUERIES} queries each (goal p99 < 50 ms):\n${lines.join('\n')}\n`,
  );
  expect(lines).toHaveLength(2 * (1 + 3 + 4));
});

interface PlanNode {
  'Node Type': string;
  'Index Name'?: string;
  Plans?: PlanNode[];
}

/** The plan's node types, outermost first, with the indexes used: "Limit > Index Scan (ticket_view_customer_list_idx)". */
function describePlan(node: PlanNode): string {
  const here = `${node['Node Type']}${node['Index Name'] ? ` (${node['Index Name']})` : ''}`;
  const below = (node.Plans ?? []).map(describePlan);
  return below.length ? `${here} > ${below.join(' + ')}` : here;
}

it('registrations per second: through the gateway vs bare workflow starts', async () => {
  const token = customer.employees[0]!.accessToken;
  const viaGateway = await load(REGISTRATIONS, async (i) => {
    const res = await stack.gql<{ registerTicket: { status: string } }>(
      REGISTER,
      { input: { requestId: randomUUID(), title: `Bench ticket ${i}`, description: 'Load test', component: 'Bench' } },
      { token },
    );
    if (res.data?.registerTicket.status !== 'REGISTERED') throw new Error(`registration failed: ${res.text}`);
  });
  const side = stack.tickets!;
  const bare = await load(REGISTRATIONS, async (i) => {
    const ticketId = randomUUID();
    const input: TicketWorkflowInput = {
      ticketId,
      customerId: customer.organizationId,
      contractId: 'default',
      title: `Bare start ${i}`,
      channel: 'PORTAL',
      registeredAt: new Date().toISOString(),
      registeredBy: { id: customer.employees[0]!.user.id, role: 'CUSTOMER_EMPLOYEE' },
    };
    await client.workflow.start(WorkflowType.TICKET, {
      workflowId: ticketWorkflowId(ticketId),
      taskQueue: side.taskQueue,
      args: [input],
      ...UNIQUE_WORKFLOW_ID_POLICIES,
    });
  });
  const line = (name: string, r: { latencies: number[]; rate: number }): string =>
    `  ${name.padEnd(26)} ${r.rate.toFixed(1).padStart(7)}/s   p50 ${fmt(percentile(r.latencies, 50))}   p99 ${fmt(percentile(r.latencies, 99))}`;
  process.stdout.write(
    `\nRegistrations (${REGISTRATIONS}, concurrency ${CONCURRENCY}):\n` +
      `${line('registerTicket via gateway', viaGateway)}\n${line('bare workflow starts', bare)}\n` +
      `  ratio gateway / bare: ${(viaGateway.rate / bare.rate).toFixed(2)} (goal >= 0.5)\n`,
  );
  expect(viaGateway.rate).toBeGreaterThan(0);
});
