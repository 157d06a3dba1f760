/**
 * (d) Wall time to simulate a year of 1 000 tickets on the time-skipping test server.
 *
 * A driver walks 365 days of workflow time one day at a time (10:00 Moscow each day, `env.sleep(1 day)` in between,
 * so every clock timer fires at its instant). Tickets are registered spread over the first 350 days and each follows
 * a script, one action per day (update rejected → tried again the next day):
 *   70 %  SUPPORT/NORMAL: analyse (plan in 2 days) → deliver → accept → close
 *   10 %  ERROR/URGENT: analyse (plan in 1 h) → deliver 3 days later (the 1 wd solution clock breached) → accept → close
 *   10 %  clarification asked, never answered: closed without processing once the 3 wd clock expired
 *   10 %  clarification answered → analyse again (SUPPORT/HIGH) → deliver → remarks → deliver → accept → close
 * The worker runs in-process with the prebuilt workflows bundle of services/worker and its real activities over
 * recording ports (no Kafka / PostgreSQL: this measures the workflows and Temporal), default contract terms (RU).
 *
 *   npm run bench:tickets:year -w @sla-desk/test     (BENCH_N=1000, BENCH_DAYS=365, BENCH_CONCURRENCY=32)
 */
import { timeSkippingTestEnv } from '@sla-desk/testing';
import { createActivities, defaultContractTerms, InMemoryReadModel, RecordingPublisher } from '@sla-desk/ticket-activities';
import { workflowSource } from '@sla-desk/worker';
import {
  acceptUpdate,
  analyseUpdate,
  answerClarificationUpdate,
  closeUpdate,
  closeWithoutProcessingUpdate,
  deliverSolutionUpdate,
  SEARCH_ATTRIBUTE_REGISTRATIONS,
  sendRemarksUpdate,
  TERMINAL_STATUSES,
  ticketWorkflowId,
  WorkflowType,
  type Actor,
  type TicketWorkflowInput,
} from '@sla-desk/workflow-api';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { fmt, handleInterrupts, interrupted, intEnv, machine, pool, quietRuntime, recordFigure, report } from './support';

const DAY = 86_400_000;
const specialist: Actor = { id: 'specialist-1', role: 'SPECIALIST' };
const customer: Actor = { id: 'employee-1', role: 'CUSTOMER_EMPLOYEE' };

type Step = (env: TestWorkflowEnvironment, workflowId: string, now: number) => Promise<unknown>;

const iso = (ms: number) => new Date(ms).toISOString();

function script(kind: number): Step[] {
  const h = (env: TestWorkflowEnvironment, id: string) => env.client.workflow.getHandle(id);
  const deliver: Step = (env, id) => h(env, id).executeUpdate(deliverSolutionUpdate, { args: [{ actor: specialist, summary: 'fixed' }] });
  const accept: Step = (env, id) => h(env, id).executeUpdate(acceptUpdate, { args: [{ actor: customer }] });
  const close: Step = (env, id) => h(env, id).executeUpdate(closeUpdate, { args: [{ actor: specialist }] });
  const idle: Step = async () => undefined;
  const clarify: Step = (env, id, now) =>
    h(env, id).executeUpdate(analyseUpdate, {
      args: [
        {
          actor: specialist,
          category: 'SUPPORT',
          priority: 'NORMAL',
          assignee: specialist.id,
          outcome: { kind: 'CLARIFY', question: 'Which printer?', phoneAttempt: { at: iso(now), outcome: 'NO_ANSWER' } },
        },
      ],
    });
  if (kind < 7) {
    return [
      (env, id, now) =>
        h(env, id).executeUpdate(analyseUpdate, {
          args: [
            {
              actor: specialist,
              category: 'SUPPORT',
              priority: 'NORMAL',
              assignee: specialist.id,
              outcome: { kind: 'PLAN', plannedDate: iso(now + 2 * DAY) },
            },
          ],
        }),
      deliver,
      accept,
      close,
    ];
  }
  if (kind === 7) {
    return [
      (env, id, now) =>
        h(env, id).executeUpdate(analyseUpdate, {
          args: [
            {
              actor: specialist,
              category: 'ERROR',
              priority: 'URGENT',
              assignee: specialist.id,
              outcome: { kind: 'PLAN', plannedDate: iso(now + 3600_000) },
            },
          ],
        }),
      idle,
      idle,
      deliver,
      accept,
      close,
    ];
  }
  if (kind === 8) {
    return [
      clarify,
      idle,
      idle,
      (env, id) => h(env, id).executeUpdate(closeWithoutProcessingUpdate, { args: [{ actor: specialist, reason: 'no answer' }] }),
    ];
  }
  return [
    clarify,
    (env, id) => h(env, id).executeUpdate(answerClarificationUpdate, { args: [{ actor: customer, comment: 'The one on the 3rd floor' }] }),
    (env, id, now) =>
      h(env, id).executeUpdate(analyseUpdate, {
        args: [
          {
            actor: specialist,
            category: 'SUPPORT',
            priority: 'HIGH',
            assignee: specialist.id,
            outcome: { kind: 'PLAN', plannedDate: iso(now + DAY) },
          },
        ],
      }),
    deliver,
    (env, id) => h(env, id).executeUpdate(sendRemarksUpdate, { args: [{ actor: customer, remarks: ['still jams'] }] }),
    deliver,
    accept,
    close,
  ];
}

async function main(): Promise<void> {
  const n = intEnv('BENCH_N', 1000);
  const days = intEnv('BENCH_DAYS', 365);
  const concurrency = intEnv('BENCH_CONCURRENCY', 32);
  quietRuntime();
  handleInterrupts();
  const t0 = performance.now();
  const env = await timeSkippingTestEnv();
  const namespace = env.namespace ?? 'default';
  await env.connection.operatorService.addSearchAttributes({
    namespace,
    searchAttributes: Object.fromEntries(SEARCH_ATTRIBUTE_REGISTRATIONS.map((a) => [a.name, a.indexedValueType])),
  });
  const publisher = new RecordingPublisher();
  const readModel = new InMemoryReadModel();
  const source = workflowSource();
  const taskQueue = 'bench-year';
  const worker = await Worker.create({
    connection: env.nativeConnection,
    namespace,
    taskQueue,
    ...(source.workflowBundle ? { workflowBundle: source.workflowBundle } : { workflowsPath: source.workflowsPath }),
    activities: createActivities({ publisher, readModel, terms: defaultContractTerms() }),
  });
  const running = worker.run();
  const tickets = Array.from({ length: n }, (_, i) => ({
    id: `year-${i}`,
    registerDay: Math.floor((i * Math.min(350, days)) / n),
    steps: script(i % 10),
    next: 0,
    nextDay: 0,
  }));
  let updates = 0;
  let retries = 0;
  const errors: string[] = [];
  let simulatedDays = 0;
  try {
    // Day 0 at the next 10:00 Moscow (07:00 UTC).
    const now0 = await env.currentTimeMs();
    const start = Math.ceil((now0 - 7 * 3600_000) / DAY) * DAY + 7 * 3600_000;
    await env.sleep(start - now0);
    const tSim = performance.now();
    for (let day = 0; day < days && !interrupted.value; day++) {
      const now = await env.currentTimeMs();
      const due = tickets.filter(
        (t) => (t.next === 0 && t.registerDay === day) || (t.next > 0 && t.next <= t.steps.length && t.nextDay <= day),
      );
      await pool(due.length, concurrency, async (k) => {
        const t = due[k];
        if (t.next === 0) {
          const input: TicketWorkflowInput = {
            ticketId: t.id,
            customerId: `customer-${k % 20}`,
            contractId: `contract-${k % 20}`,
            title: `Ticket ${t.id}`,
            channel: 'PORTAL',
            registeredAt: iso(now),
            registeredBy: customer,
          };
          await env.client.workflow.start(WorkflowType.TICKET, { taskQueue, workflowId: ticketWorkflowId(t.id), args: [input] });
          t.next = 1;
          t.nextDay = day + 1;
          return;
        }
        try {
          await t.steps[t.next - 1](env, ticketWorkflowId(t.id), now);
          updates++;
          t.next++;
          t.nextDay = day + 1;
        } catch (err) {
          if (err instanceof WorkflowUpdateFailedError) {
            retries++;
            t.nextDay = day + 1;
          } else {
            errors.push(`${t.id} step ${t.next}: ${(err as Error).message}`);
            t.next = t.steps.length + 1; // give up on this ticket
          }
        }
      });
      await env.sleep(DAY);
      simulatedDays++;
    }
    const simMs = performance.now() - tSim;
    const statuses = new Map<string, number>();
    for (const v of readModel.tickets.values()) statuses.set(v.status, (statuses.get(v.status) ?? 0) + 1);
    const terminal = [...readModel.tickets.values()].filter((v) => TERMINAL_STATUSES.includes(v.status)).length;
    const types = new Map<string, number>();
    for (const e of publisher.ticketEvents) types.set(e.type, (types.get(e.type) ?? 0) + 1);
    report(`(d) a year of ${n} tickets on the time-skipping test server — ${machine()}`, [
      ['wall time, simulation', `${fmt(simMs / 1000)} s for ${simulatedDays} days (${fmt(simMs / simulatedDays, 0)} ms per simulated day)`],
      ['wall time, with set-up', `${fmt((performance.now() - t0) / 1000)} s (test server start, worker, bundle load)`],
      ['tickets', `${readModel.tickets.size} registered, ${terminal} finished: ${[...statuses].map(([s, c]) => `${s} ${c}`).join(', ')}`],
      ['updates', `${updates} applied, ${retries} rejected and retried the next day`],
      [
        'events published',
        `${publisher.ticketEvents.length} (${publisher.calls} publish calls): ${[...types].map(([t, c]) => `${t} ${c}`).join(', ')}`,
      ],
      ['read-model writes', `${readModel.writes}`],
    ]);
    const wallS = (performance.now() - t0) / 1000;
    recordFigure({
      bench: 'year',
      figure: `a year of ${n} tickets, time skipping (${simulatedDays} days)`,
      value: `${fmt(wallS)} s`,
      goal: '< 60 s',
      met: wallS < 60,
    });
    if (errors.length > 0) {
      process.stdout.write(`  ${errors.length} tickets failed; first: ${errors.slice(0, 3).join(' | ')}\n`);
      process.exitCode = 1;
    }
  } finally {
    // Anything still open would hold the test server's clock: terminate before tearing down.
    await pool(tickets.length, concurrency, async (k) => {
      const h = env.client.workflow.getHandle(ticketWorkflowId(tickets[k].id));
      const d = await h.describe().catch(() => undefined);
      if (d?.status.name === 'RUNNING') await h.terminate('benchmark finished').catch(() => undefined);
    });
    worker.shutdown();
    await running.catch(() => undefined);
    await env.teardown();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
