/** Ticket helpers for the workflow tests: start, act, read events / clocks. */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import type { Worker } from '@temporalio/worker';
import type { Duration } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import {
  ActorRole,
  UNIQUE_WORKFLOW_ID_POLICIES,
  analyseUpdate,
  rejectionOf,
  ticketHistoryQuery,
  ticketStatusQuery,
  ticketWorkflowId,
  type Actor,
  type AnalyseInput,
  type Category,
  type ClockView,
  type Priority,
  type ReleaseLink,
  type TicketEvent,
  type TicketView,
  type TicketWorkflowInput,
} from '@sla-desk/workflow-api';
import { ticketWorkflow } from '../../src';
import {
  advanceTo,
  createWorker,
  eventually,
  recordingPorts,
  trackWorkflow,
  uniqueTaskQueue,
  type Ports,
  type timeSkippingSuite,
} from './harness';

export const customer: Actor = { id: 'cust-anna', role: ActorRole.CUSTOMER_EMPLOYEE };
export const customerAdmin: Actor = { id: 'cust-admin', role: ActorRole.CUSTOMER_ADMIN };
export const specialist: Actor = { id: 'spec-ivan', role: ActorRole.SPECIALIST };
export const otherSpecialist: Actor = { id: 'spec-olga', role: ActorRole.SPECIALIST };
export const manager: Actor = { id: 'mgr-petr', role: ActorRole.SUPPORT_MANAGER };

export type TicketHandle = WorkflowHandleWithFirstExecutionRunId<typeof ticketWorkflow>;

let ticketCounter = 0;
export function newTicketId(prefix: string): string {
  ticketCounter += 1;
  return `${prefix}-${process.pid}-${ticketCounter}`;
}

/**
 * One ticket registered at `at` (the test server's clock moved there first) and a worker of its own task queue with
 * recording ports, not yet running (withWorker runs it).
 */
export async function ticketOnItsOwnWorker(
  suite: ReturnType<typeof timeSkippingSuite>,
  name: string,
  at: string,
): Promise<{ ports: Ports; worker: Worker; id: string; h: TicketHandle }> {
  const ports = recordingPorts();
  const tq = uniqueTaskQueue();
  await advanceTo(suite.env, at);
  const worker = await createWorker(suite.env, suite.wb, ports, tq);
  const id = newTicketId(name);
  const h = await startTicket(suite.env, tq, id, at);
  return { ports, worker, id, h };
}

export async function startTicket(
  env: TestWorkflowEnvironment,
  taskQueue: string,
  ticketId: string,
  registeredAt: string,
  extra: Partial<TicketWorkflowInput> = {},
  options: { workflowTaskTimeout?: Duration } = {},
): Promise<TicketHandle> {
  const handle = await env.client.workflow.start(ticketWorkflow, {
    workflowId: ticketWorkflowId(ticketId),
    taskQueue,
    ...UNIQUE_WORKFLOW_ID_POLICIES,
    ...options,
    args: [
      {
        ticketId,
        customerId: 'cust-1',
        contractId: 'contract-1',
        title: `Ticket ${ticketId}`,
        channel: 'PORTAL',
        registeredAt,
        registeredBy: customer,
        ...extra,
      },
    ],
  });
  openTickets.push({ ticketId, handle });
  return trackWorkflow(handle);
}

const openTickets: { ticketId: string; handle: TicketHandle }[] = [];

/**
 * Waits until every ticket started in this test has published its events and written its read model up to its
 * latest sequence number. Run before a worker stops: an activity still in flight when the worker goes away would
 * hold the time-skipping server's clock for the next test.
 */
export async function settleTickets(ports: Ports): Promise<void> {
  const all = openTickets.splice(0);
  for (const { ticketId, handle } of all) await settleTicket(ports, handle, ticketId);
}

/** Waits until one ticket's read model has caught up with its latest sequence number. */
export async function settleTicket(ports: Ports, handle: TicketHandle, ticketId: string): Promise<void> {
  const v = await view(handle);
  await eventually(() => (ports.readModel.tickets.get(ticketId)?.seq ?? 0) >= v.seq, `${ticketId}: read model at seq ${v.seq}`);
  await eventually(
    async () => idleEvents.has((await handle.fetchHistory()).events?.at(-1)?.eventType ?? 0),
    `${ticketId}: no task in flight`,
  );
}

const E = temporal.api.enums.v1.EventType;
/** A history ending in one of these has no workflow or activity task in flight (waiting on a timer / condition, or closed). */
const idleEvents = new Set<number>([
  E.EVENT_TYPE_TIMER_STARTED,
  E.EVENT_TYPE_WORKFLOW_TASK_COMPLETED,
  E.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES,
  E.EVENT_TYPE_WORKFLOW_PROPERTIES_MODIFIED,
  E.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED,
  E.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED,
  E.EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED,
  E.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW,
]);

/** Runs `fn` with the worker, then lets every ticket settle before the worker stops. */
export async function withWorker(worker: Worker, ports: Ports, fn: () => Promise<void>): Promise<void> {
  await worker.runUntil(async () => {
    try {
      await fn();
    } finally {
      // Also after a failed assertion, so one failing test does not stall the next one's clock.
      await settleTickets(ports).catch(() => undefined);
    }
  });
}

/** Waits until the workflow has loaded the contract's terms (its clocks are planned). */
export async function loaded(handle: TicketHandle): Promise<TicketView> {
  return eventually(async () => {
    const v = await view(handle);
    return v.policy.id !== '' && v;
  }, `${handle.workflowId} loaded`);
}

export function plan(
  category: Category,
  priority: Priority,
  plannedDate: string,
  extra: { release?: ReleaseLink; delayNoticeReason?: string; actor?: Actor } = {},
): AnalyseInput {
  const { actor = specialist, ...outcome } = extra;
  return { actor, category, priority, assignee: specialist.id, outcome: { kind: 'PLAN', plannedDate, ...outcome } };
}

export async function analyse(handle: TicketHandle, input: AnalyseInput): Promise<TicketView> {
  return handle.executeUpdate(analyseUpdate, { args: [input] });
}

export async function view(handle: TicketHandle): Promise<TicketView> {
  return handle.query(ticketStatusQuery);
}

export function clock(v: TicketView, id: string): ClockView {
  const c = v.clocks.find((x) => x.id === id);
  if (!c) throw new Error(`No clock ${id} in ${v.clocks.map((x) => x.id).join(', ')}`);
  return c;
}

/** The published clock events (warnings, breaches, expiries) of a ticket as `<KIND> <clockId> @ <at>`. */
export function clockEventLog(ports: Ports, ticketId: string): string[] {
  return ports.publisher.eventsOf(ticketId, 'CLOCK_WARNING', 'CLOCK_BREACHED', 'CLOCK_EXPIRED', 'PROVIDER_FREED').map((e) => {
    if (e.type === 'PROVIDER_FREED') return `PROVIDER_FREED ${e.payload.clockId} @ ${e.at}`;
    if (e.type === 'CLOCK_WARNING' || e.type === 'CLOCK_BREACHED' || e.type === 'CLOCK_EXPIRED')
      return `${e.type} ${e.payload.clock.id} @ ${e.at}`;
    return e.type;
  });
}

/** Waits until the ticket has published an event matching `pred` (publishing is asynchronous to updates). */
export async function published(ports: Ports, ticketId: string, pred: (e: TicketEvent) => boolean, what: string): Promise<TicketEvent> {
  return eventually(() => ports.publisher.eventsOf(ticketId).find(pred), `${ticketId}: ${what}`);
}

/** Waits until every event up to the workflow's current sequence number has been published. */
export async function settled(ports: Ports, handle: TicketHandle, ticketId: string): Promise<TicketView> {
  const v = await view(handle);
  await eventually(() => ports.publisher.eventsOf(ticketId).length >= v.seq, `${ticketId}: events up to seq ${v.seq}`);
  return v;
}

/** Runs an update expected to be rejected; returns the rejection code and checks nothing changed. */
export async function expectRejected(handle: TicketHandle, act: () => Promise<unknown>, ports?: Ports, ticketId?: string): Promise<string> {
  const before = await view(handle);
  const historyBefore = await handle.query(ticketHistoryQuery);
  if (ports && ticketId)
    await eventually(() => ports.publisher.eventsOf(ticketId).length >= before.seq, `${ticketId}: events up to seq ${before.seq}`);
  const eventsBefore = ports && ticketId ? ports.publisher.eventsOf(ticketId).length : 0;
  let error: unknown;
  try {
    await act();
  } catch (e) {
    error = e;
  }
  if (error === undefined) throw new Error('The update was accepted, expected a rejection');
  const r = rejectionOf(error);
  if (!r) throw error;
  const after = await view(handle);
  const { updatedAt: _a, ...restBefore } = before;
  const { updatedAt: _b, ...restAfter } = after;
  expect(restAfter).toEqual(restBefore);
  expect(await handle.query(ticketHistoryQuery)).toEqual(historyBefore);
  if (ports && ticketId) expect(ports.publisher.eventsOf(ticketId)).toHaveLength(eventsBefore);
  return r.code;
}
