// Fault test of the cluster profile (`npm run test:cluster`; not part of `npm test`): under a bounded load of ticket
// registrations and analyses through both gateways, SIGKILL one worker, one Kafka broker and the Temporal server in
// turn, restart each with deploy/local/up.sh, and check that nothing was lost or doubled:
//   - every ticket a client registered has its workflow, and no retry registered a second ticket;
//   - every clock event reached Kafka exactly once after de-duplication by event id (per ticket the event sequence
//     has no gap and no number used by two different events; each clock start/stop appears once);
//   - the read model (ticket_view) and the workflow agree (status, SLA state, assignee, clock states);
//   - no update was applied twice (the workflow's history has one REGISTER and one ANALYSE).
// It prints what was killed, when, and the recovery times. It brings the cluster up itself (idempotent) and fails
// loudly when it cannot.
import { randomUUID } from 'node:crypto';
import { decodeEvent, TOPICS } from '@sla-desk/events';
import { ticketClocksQuery, ticketHistoryQuery, ticketStatusQuery, ticketWorkflowId } from '@sla-desk/workflow-api';
import { Client, Connection } from '@temporalio/client';
import { Kafka, logLevel } from 'kafkajs';
import { Client as Pg } from 'pg';
import {
  adminPassword,
  ANALYSE,
  coveredComponent,
  CREATE_ORG,
  createUser,
  gql,
  kill9,
  login,
  must,
  REGISTER,
  SETUP,
  sleep,
  stackEnv,
  SUBMIT,
  up,
  type Session,
} from './cluster';

/** Upper bound of the load: the clients stop earlier, a few tickets after the last restart. */
const MAX_TICKETS = Number(process.env['FAULT_MAX_TICKETS'] ?? 300);
/** Each client's pause between two tickets (a steady load, not a flood). */
const PACE_MS = Number(process.env['FAULT_PACE_MS'] ?? 300);
const CLIENTS = Number(process.env['FAULT_CLIENTS'] ?? 3);
/** How long a client keeps retrying one operation (the Temporal outage lasts a few seconds plus its restart). */
const RETRY_FOR_MS = 180_000;
const PASSWORD = 'fault-test-password-1';
const TICKETS_TOPIC = TOPICS.tickets;

jest.setTimeout(30 * 60_000);
process.env['KAFKAJS_NO_PARTITIONER_WARNING'] = '1';

const out = (line: string): void => void process.stdout.write(`${line}\n`);
const iso = (ms: number): string => new Date(ms).toISOString().slice(11, 23);

interface Op {
  kind: 'register' | 'analyse';
  startedAt: number;
  endedAt: number;
  attempts: number;
  ok: boolean;
}
interface Registered {
  ticketId: string;
  requestId: string;
  /** True when the analyse update succeeded, or a retry was refused because an earlier attempt had applied it. */
  analysed: boolean;
}
interface Fault {
  component: string;
  pid: number;
  killedAt: number;
  restartedAt: number;
  /** kill → `up.sh <component>` reported it ready. */
  restartMs: number;
  /** kill → the first client operation that succeeded after it (through either gateway). */
  firstSuccessMs?: number;
  extra?: string;
}

let env: Record<string, string>;
let gateways: string[];
let specialist: Session;
let employee: Session;
/** The catalog component the load's tickets are about (covered by the customer's signed contract). */
let componentId: string;
let temporal: Connection;
const ops: Op[] = [];
const registered: Registered[] = [];
const faults: Fault[] = [];
/** Failed attempts by first error (the load retries them). */
const failures = new Map<string, number>();

beforeAll(async () => {
  const t = up();
  env = stackEnv();
  out(`cluster up (idempotent) in ${t} ms; gateways ${env['GRAPHQL_URL']} and ${env['GRAPHQL_URL_2']}`);
  gateways = [env['GRAPHQL_URL']!, env['GRAPHQL_URL_2']!];
  if (gateways.some((g) => !g)) throw new Error(`stack.env lacks GRAPHQL_URL/GRAPHQL_URL_2: is ${env['SLA_DESK_HOME']} a cluster profile?`);
  const gw = gateways[0]!;
  const admin = await login(gw, 'admin@sladesk.local', adminPassword());
  const run = randomUUID().slice(0, 8);
  specialist = await createUser(
    gw,
    admin,
    {
      organizationId: admin.organizationId,
      email: `specialist-${run}@provider.test`,
      displayName: 'Fault specialist',
      roles: ['SPECIALIST'],
    },
    PASSWORD,
  );
  const org = await must<{ createOrganization: { id: string } }>(
    gw,
    CREATE_ORG,
    { name: `Fault customer ${run}`, email: `contact@fault-${run}.test` },
    admin.token,
  );
  const organizationId = org.createOrganization.id;
  componentId = await coveredComponent(gw, admin, organizationId, run);
  const customerAdminEmail = `admin@fault-${run}.test`;
  const customerAdmin = await createUser(
    gw,
    admin,
    { organizationId, email: customerAdminEmail, displayName: 'Fault admin', roles: ['CUSTOMER_ADMIN'] },
    PASSWORD,
  );
  const employeeEmail = `employee@fault-${run}.test`;
  const submitted = await must<{ submitAccessList: { setupTickets: Array<{ token: string }> } }>(
    gw,
    SUBMIT,
    {
      input: {
        organizationId,
        employees: [
          { email: customerAdminEmail, displayName: 'Fault admin' },
          { email: employeeEmail, displayName: 'Fault employee' },
        ],
      },
    },
    customerAdmin.token,
  );
  for (const ticket of submitted.submitAccessList.setupTickets) await must(gw, SETUP, { token: ticket.token, password: PASSWORD });
  employee = await login(gw, employeeEmail, PASSWORD);
  temporal = await Connection.connect({ address: env['TEMPORAL_ADDRESS']! });
});

afterAll(async () => {
  await temporal?.close();
});

/** Retries one GraphQL operation (alternating gateways) until it succeeds or `accept` says an answer settles it. */
async function attempt<T>(
  kind: Op['kind'],
  query: string,
  variables: Record<string, unknown>,
  session: Session,
  accept: (errors: NonNullable<Awaited<ReturnType<typeof gql<T>>>['errors']>) => boolean = () => false,
): Promise<{ data?: T; settledByError: boolean }> {
  const op: Op = { kind, startedAt: Date.now(), endedAt: 0, attempts: 0, ok: false };
  ops.push(op);
  for (;;) {
    const gateway = gateways[(op.attempts++ + ops.length) % 2]!;
    const res = await gql<T>(gateway, query, variables, session.token);
    if (res.data && !res.errors) {
      Object.assign(op, { ok: true, endedAt: Date.now() });
      return { data: res.data, settledByError: false };
    }
    if (res.errors && accept(res.errors)) {
      Object.assign(op, { ok: true, endedAt: Date.now() });
      return { settledByError: true };
    }
    const reason = `${kind}: ${String(res.errors?.[0]?.extensions?.['code'] ?? '')} ${res.errors?.[0]?.message ?? 'no data'}`.slice(0, 160);
    failures.set(reason, (failures.get(reason) ?? 0) + 1);
    // Access tokens live minutes: a long outage outlives them, as for any real client.
    if (res.errors?.some((e) => e.extensions?.['code'] === 'UNAUTHENTICATED')) {
      session.token = (await login(gateway, session.email, session.password).catch(() => session)).token;
      continue;
    }
    // The answer to the request itself (bad input, a refused role): retrying cannot help, and must not be needed.
    const final = res.errors?.find((e) =>
      ['BAD_USER_INPUT', 'FORBIDDEN', 'GRAPHQL_VALIDATION_FAILED'].includes(String(e.extensions?.['code'])),
    );
    if (final) {
      op.endedAt = Date.now();
      throw new Error(`${kind} refused: ${JSON.stringify(final)}`);
    }
    if (Date.now() - op.startedAt > RETRY_FOR_MS) {
      op.endedAt = Date.now();
      throw new Error(`${kind} still failing after ${RETRY_FOR_MS} ms: ${JSON.stringify(res.errors)}`);
    }
    await sleep(250);
  }
}

/** One client: registers tickets (same requestId on every retry) and has the specialist analyse each. */
async function client(next: () => number | null): Promise<void> {
  for (let i = next(); i !== null; i = next()) {
    const requestId = randomUUID();
    const input = {
      requestId,
      title: `Fault load ${i}`,
      description: 'Posting any invoice fails with error 500; registered under fault injection.',
      component: componentId,
    };
    const reg = await attempt<{ registerTicket: { id: string } }>('register', REGISTER, { input }, employee);
    const entry: Registered = { ticketId: reg.data!.registerTicket.id, requestId, analysed: false };
    registered.push(entry);
    const analyse = {
      ticketId: entry.ticketId,
      category: 'ERROR',
      priority: 'URGENT',
      assignee: specialist.userId,
      // Within ERROR/URGENT's one working day.
      plannedDate: new Date(Date.now() + 3600_000).toISOString(),
    };
    // A retry after an attempt that was applied but whose answer was lost is refused as an illegal transition.
    await attempt('analyse', ANALYSE, { input: analyse }, specialist, (errors) =>
      errors.some((e) => e.extensions?.['reason'] === 'ILLEGAL_TRANSITION'),
    );
    entry.analysed = true;
    await sleep(PACE_MS);
  }
}

function firstSuccessAfter(t: number): number | undefined {
  const after = ops.filter((o) => o.ok && o.endedAt > t).map((o) => o.endedAt);
  return after.length > 0 ? Math.min(...after) - t : undefined;
}

async function inject(component: string, downForMs: number, after?: () => Promise<string>): Promise<void> {
  const killedAt = Date.now();
  const pid = await kill9(component);
  out(`${iso(killedAt)} kill -9 ${component} (pid ${pid})`);
  await sleep(downForMs);
  const t = Date.now();
  up(component);
  const restartedAt = Date.now();
  out(`${iso(restartedAt)} ${component} restarted by up.sh in ${restartedAt - t} ms`);
  const fault: Fault = { component, pid, killedAt, restartedAt, restartMs: restartedAt - killedAt };
  if (after) fault.extra = await after();
  faults.push(fault);
}

async function underReplicated(kafka: Kafka): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const meta = await admin.fetchTopicMetadata({ topics: [TOPICS.tickets] });
    return meta.topics.flatMap((t) => t.partitions).filter((p) => p.isr.length < p.replicas.length).length;
  } finally {
    await admin.disconnect();
  }
}

test('kill -9 a worker, a Kafka broker and the Temporal server under load: nothing lost, nothing doubled', async () => {
  const kafka = new Kafka({ clientId: 'fault-test', brokers: env['KAFKA_BROKERS']!.split(','), logLevel: logLevel.NOTHING });
  let issued = 0;
  let stopAt = Infinity;
  // Bounded: until a little after the last restart, never more than MAX_TICKETS.
  const next = (): number | null => (issued < MAX_TICKETS && Date.now() < stopAt ? ++issued : null);
  const t0 = Date.now();
  const load = Promise.all(Array.from({ length: CLIENTS }, () => client(next)));
  let loadError: Error | null = null;
  let settled = false;
  const loadDone = load.then(
    () => void (settled = true),
    (err: Error) => void ((loadError = err), (settled = true)),
  );
  const steady = async (ms: number): Promise<void> => {
    const until = Date.now() + ms;
    while (!settled && Date.now() < until) await sleep(100);
  };

  await steady(8_000);
  await inject('worker', 2_000);
  await steady(8_000);
  await inject('kafka_2', 3_000, async () => {
    const t = Date.now();
    let n = await underReplicated(kafka);
    while (n > 0 && Date.now() - t < 120_000) {
      await sleep(250);
      n = await underReplicated(kafka);
    }
    return n === 0
      ? `ISR of ${TICKETS_TOPIC} back to 3 replicas ${Date.now() - t} ms after the restart`
      : `${n} partitions still under-replicated`;
  });
  await steady(8_000);
  await inject('temporal', 2_000);
  stopAt = Date.now() + 10_000;

  await loadDone;
  const loadMs = Date.now() - t0;
  for (const f of faults) f.firstSuccessMs = firstSuccessAfter(f.killedAt);

  const registers = ops.filter((o) => o.kind === 'register');
  const analyses = ops.filter((o) => o.kind === 'analyse');
  const retried = ops.filter((o) => o.attempts > 1).length;
  const slowest = Math.max(...ops.map((o) => o.endedAt - o.startedAt));
  out('');
  out(`load: ${registers.length} registrations + ${analyses.length} analyses by ${CLIENTS} clients over both gateways in ${loadMs} ms;`);
  out(`      ${retried} operations needed retries; slowest operation (retries included) ${slowest} ms`);
  for (const [reason, n] of [...failures].sort((x, y) => y[1] - x[1])) out(`      ${n}× ${reason}`);
  out('faults (times UTC):');
  out('  component  pid      killed at     restarted at  kill→ready  kill→first client success  notes');
  for (const f of faults) {
    out(
      `  ${f.component.padEnd(10)} ${String(f.pid).padEnd(8)} ${iso(f.killedAt)}  ${iso(f.restartedAt)}  ${String(f.restartMs).padStart(7)} ms  ` +
        `${f.firstSuccessMs === undefined ? '-' : `${f.firstSuccessMs} ms`}`.padStart(22) +
        `    ${f.extra ?? ''}`,
    );
  }
  expect(loadError).toBeNull();
  const TICKETS = registered.length;
  expect(TICKETS).toBeGreaterThan(0);
  expect(registered.every((r) => r.analysed)).toBe(true);

  // ---- every registered ticket has its workflow; no retry registered a second ticket ---------------------------
  const workflows = new Client({ connection: temporal, namespace: env['TEMPORAL_NAMESPACE'] ?? 'default' }).workflow;
  for (const r of registered) {
    const d = await workflows.getHandle(ticketWorkflowId(r.ticketId)).describe();
    expect({ ticket: r.ticketId, status: d.status.name }).toEqual({ ticket: r.ticketId, status: 'RUNNING' });
  }
  expect(new Set(registered.map((r) => r.ticketId)).size).toBe(TICKETS);

  const pg = new Pg({ connectionString: `${env['DATABASE_URL_BASE']}/tickets` });
  await pg.connect();
  try {
    const ids = registered.map((r) => r.ticketId);
    // The read model follows the workflows (an activity writes it): wait for it, then no row may be extra.
    let rows = 0;
    for (const until = Date.now() + 120_000; rows < TICKETS && Date.now() < until; await sleep(250)) {
      const res = await pg.query<{ n: string }>('SELECT count(*) AS n FROM ticket_view WHERE customer_id = $1', [employee.organizationId]);
      rows = Number(res.rows[0]!.n);
    }
    expect(rows).toBe(TICKETS);
    expect(ids).toHaveLength(TICKETS);

    // ---- no update applied twice; read model and workflow agree ----------------------------------------------
    const deadline = Date.now() + 60_000;
    for (const r of registered) {
      const handle = workflows.getHandle(ticketWorkflowId(r.ticketId));
      const history = await handle.query(ticketHistoryQuery);
      const actions = history.map((h) => h.action).sort();
      expect({ ticket: r.ticketId, actions }).toEqual({ ticket: r.ticketId, actions: ['ANALYSE', 'REGISTER'] });
      const view = await handle.query(ticketStatusQuery);
      const clocks = (await handle.query(ticketClocksQuery)).map((c) => `${c.id}:${c.state}`).sort();
      const expected = { status: view.status as string, slaState: view.slaState as string, assignee: view.assignee ?? null, clocks };
      let row: typeof expected | undefined;
      for (;;) {
        const res = await pg.query<{
          status: string;
          sla_state: string;
          assignee: string | null;
          view: { clocks?: Array<{ id: string; state: string }> };
        }>('SELECT status, sla_state, assignee, view FROM ticket_view WHERE ticket_id = $1', [r.ticketId]);
        const v = res.rows[0];
        row = v && {
          status: v.status,
          slaState: v.sla_state,
          assignee: v.assignee,
          clocks: (v.view.clocks ?? []).map((c) => `${c.id}:${c.state}`).sort(),
        };
        if (JSON.stringify(row) === JSON.stringify(expected) || Date.now() > deadline) break;
        await sleep(200);
      }
      expect({ ticket: r.ticketId, ...row }).toEqual({ ticket: r.ticketId, ...expected });
    }
  } finally {
    await pg.end();
  }

  // ---- every clock event on Kafka exactly once after de-duplication by event id -----------------------------
  const wanted = new Set(registered.map((r) => r.ticketId));
  const byId = new Map<string, { type: string; ticket: string; seq: bigint; clock?: string }>();
  let raw = 0;
  const consumer = kafka.consumer({ groupId: `fault-test-${randomUUID()}`, maxWaitTimeInMs: 200 });
  await consumer.connect();
  await consumer.subscribe({ topic: TICKETS_TOPIC, fromBeginning: true });
  const expectedClockEvents = (): number =>
    [...byId.values()].filter((e) => e.type === 'ticket.clock_started' || e.type === 'ticket.clock_stopped').length;
  await consumer.run({
    eachMessage: async ({ message }) => {
      const decoded = decodeEvent(message.value);
      if (!decoded.ok || !wanted.has(decoded.event.aggregateId)) return;
      raw++;
      const e = decoded.event;
      const payload = e.payload as { clock?: { id: string; round: number } };
      byId.set(e.id, {
        type: e.type,
        ticket: e.aggregateId,
        seq: e.aggregateSequence,
        clock: payload.clock ? `${payload.clock.id}#r${payload.clock.round}` : undefined,
      });
    },
  });
  // Per ticket: ANALYSIS started and stopped, SOLUTION started.
  const until = Date.now() + 120_000;
  while (expectedClockEvents() < TICKETS * 3 && Date.now() < until) await sleep(250);
  await sleep(2_000); // late duplicates, if any
  await consumer.disconnect();

  const perTicket = new Map<string, Array<{ type: string; seq: bigint; clock?: string }>>();
  for (const e of byId.values()) perTicket.set(e.ticket, [...(perTicket.get(e.ticket) ?? []), e]);
  out(`kafka: ${raw} messages for these tickets, ${byId.size} distinct event ids (${raw - byId.size} redeliveries de-duplicated)`);
  for (const id of wanted) {
    const events = perTicket.get(id) ?? [];
    const seqs = events.map((e) => Number(e.seq)).sort((a, b) => a - b);
    // No sequence number used by two different events, and no gap: nothing emitted twice, nothing lost.
    expect({ ticket: id, seqs }).toEqual({ ticket: id, seqs: Array.from({ length: seqs.length }, (_, i) => seqs[0]! + i) });
    const clockEvents = events
      .filter((e) => e.type === 'ticket.clock_started' || e.type === 'ticket.clock_stopped')
      .map((e) => `${e.type.slice('ticket.'.length)} ${e.clock}`)
      .sort();
    expect({ ticket: id, clockEvents }).toEqual({
      ticket: id,
      clockEvents: ['clock_started ANALYSIS#1#r1', 'clock_started SOLUTION#1#r1', 'clock_stopped ANALYSIS#1#r1'],
    });
    expect({ ticket: id, analysed: events.filter((e) => e.type === 'ticket.analysed').length }).toEqual({ ticket: id, analysed: 1 });
  }
  out(`checked ${TICKETS} tickets: workflows, read model = workflow, one REGISTER + one ANALYSE each, clock events exactly once`);
});
