/**
 * Bad input: every rejected action fails with a clear reason code and changes nothing (the query state, the history
 * and the published events are the same before and after).
 */
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/client';
import { defaultSlaPolicy, russianProductionCalendar } from '@sla-desk/sla';
import {
  ActorRole,
  UNIQUE_WORKFLOW_ID_POLICIES,
  acceptUpdate,
  analyseUpdate,
  cancelUpdate,
  closeUpdate,
  deliverSolutionUpdate,
  reassignUpdate,
  sendRemarksUpdate,
  ticketStatusQuery,
  ticketWorkflowId,
  type DeliverSolutionInput,
} from '@sla-desk/workflow-api';
import { ticketWorkflow } from '../src';
import {
  advanceTo,
  createWorker,
  failureOf,
  msk,
  recordingPorts,
  testCalendar,
  timeSkippingSuite,
  uniqueTaskQueue,
} from './support/harness';
import {
  analyse,
  customer,
  expectRejected,
  loaded,
  newTicketId,
  otherSpecialist,
  plan,
  specialist,
  startTicket,
  view,
  withWorker,
  ticketOnItsOwnWorker,
} from './support/tickets';

const suite = timeSkippingSuite();

it('an update or query on a ticket that does not exist fails with WorkflowNotFoundError', async () => {
  const handle = suite.env.client.workflow.getHandle<typeof ticketWorkflow>(ticketWorkflowId('no-such-ticket'));
  await expect(handle.executeUpdate(analyseUpdate, { args: [plan('SUPPORT', 'LOW', msk('2026-12-31T12:00'))] })).rejects.toBeInstanceOf(
    WorkflowNotFoundError,
  );
  await expect(handle.query(ticketStatusQuery)).rejects.toBeInstanceOf(WorkflowNotFoundError);
});

it('wrong role, illegal transition, not the assignee, malformed input: rejected, nothing recorded', async () => {
  const { ports, worker, id, h } = await ticketOnItsOwnWorker(suite, 'roles', msk('2026-12-01T10:00'));
  const reject = (act: () => Promise<unknown>) => expectRejected(h, act, ports, id);

  await withWorker(worker, ports, async () => {
    await loaded(h);
    // A customer cannot analyse; an administrator cannot either.
    expect(await reject(() => analyse(h, plan('SUPPORT', 'LOW', msk('2026-12-03T12:00'), { actor: customer })))).toBe('FORBIDDEN_ROLE');
    expect(
      await reject(() => analyse(h, plan('SUPPORT', 'LOW', msk('2026-12-03T12:00'), { actor: { id: 'root', role: ActorRole.ADMIN } }))),
    ).toBe('FORBIDDEN_ROLE');
    // Nothing to accept yet; a specialist cannot accept at all.
    expect(await reject(() => h.executeUpdate(acceptUpdate, { args: [{ actor: customer }] }))).toBe('ILLEGAL_TRANSITION');
    expect(await reject(() => h.executeUpdate(acceptUpdate, { args: [{ actor: specialist }] }))).toBe('FORBIDDEN_ROLE');
    // Malformed: no actor, unknown role, unknown category.
    expect(
      await reject(() => h.executeUpdate(deliverSolutionUpdate, { args: [{ summary: 'x' } as unknown as DeliverSolutionInput] })),
    ).toBe('INVALID_INPUT');
    expect(
      await reject(() => analyse(h, plan('SUPPORT', 'LOW', msk('2026-12-03T12:00'), { actor: { id: 'x', role: 'HACKER' as ActorRole } }))),
    ).toBe('INVALID_INPUT');
    expect(await reject(() => analyse(h, { ...plan('SUPPORT', 'LOW', msk('2026-12-03T12:00')), category: 'BUG' as never }))).toBe(
      'INVALID_INPUT',
    );

    await advanceTo(suite.env, msk('2026-12-01T11:00'));
    await analyse(h, plan('SUPPORT', 'LOW', msk('2026-12-03T12:00')));
    // Another specialist is not the assignee; closing before acceptance is illegal; a specialist may not reassign.
    expect(await reject(() => h.executeUpdate(deliverSolutionUpdate, { args: [{ actor: otherSpecialist, summary: 'x' }] }))).toBe(
      'NOT_ASSIGNEE',
    );
    expect(await reject(() => h.executeUpdate(closeUpdate, { args: [{ actor: specialist }] }))).toBe('ILLEGAL_TRANSITION');
    expect(await reject(() => h.executeUpdate(reassignUpdate, { args: [{ actor: specialist, assignee: otherSpecialist.id }] }))).toBe(
      'FORBIDDEN_ROLE',
    );
    expect(await reject(() => analyse(h, plan('SUPPORT', 'LOW', msk('2026-12-03T12:00'))))).toBe('ILLEGAL_TRANSITION');
    await h.executeUpdate(deliverSolutionUpdate, { args: [{ actor: specialist, summary: 'done' }] });
    expect(await reject(() => h.executeUpdate(sendRemarksUpdate, { args: [{ actor: customer, remarks: [] }] }))).toBe('INVALID_INPUT');
    // The customer withdraws: CANCELLED, the running clock is stopped.
    const cancelled = await h.executeUpdate(cancelUpdate, { args: [{ actor: customer, reason: 'not needed any more' }] });
    expect(cancelled.status).toBe('CANCELLED');
    expect(cancelled.clocks.find((c) => c.id === 'ACCEPTANCE#1')?.state).toBe('STOPPED');
  });
});

it('IMPROVEMENT + URGENT, a warranty case not URGENT, a release of the wrong kind: rejected with the reason', async () => {
  const ports = recordingPorts();
  const tq = uniqueTaskQueue();
  await advanceTo(suite.env, msk('2026-12-02T10:00'));
  const worker = await createWorker(suite.env, suite.wb, ports, tq);
  const [id, warrantyId] = ['classify', 'warranty'].map(newTicketId);
  const h = await startTicket(suite.env, tq, id, msk('2026-12-02T10:00'));
  const hWarranty = await startTicket(suite.env, tq, warrantyId, msk('2026-12-02T10:00'), { warranty: true });

  await withWorker(worker, ports, async () => {
    await Promise.all([loaded(h), loaded(hWarranty)]);
    expect(await expectRejected(h, () => analyse(h, plan('IMPROVEMENT', 'URGENT', msk('2026-12-03T12:00'))), ports, id)).toBe(
      'PRIORITY_NOT_ALLOWED',
    );
    await expect(analyse(h, plan('IMPROVEMENT', 'URGENT', msk('2026-12-03T12:00')))).rejects.toMatchObject({
      cause: { type: 'PRIORITY_NOT_ALLOWED', message: 'IMPROVEMENT tickets may only be NORMAL or LOW; URGENT is not allowed' },
    });
    expect(
      await expectRejected(hWarranty, () => analyse(hWarranty, plan('ERROR', 'HIGH', msk('2026-12-03T12:00'))), ports, warrantyId),
    ).toBe('WARRANTY_PRIORITY');
    const hotfix = { releaseId: 'r-1', kind: 'UNPLANNED' as const, scheduledFor: msk('2026-12-20T18:00') };
    expect(
      await expectRejected(h, () => analyse(h, plan('ERROR', 'NORMAL', msk('2026-12-18T12:00'), { release: hotfix })), ports, id),
    ).toBe('RELEASE_KIND_MISMATCH');
    expect(
      await expectRejected(h, () => analyse(h, plan('SUPPORT', 'NORMAL', msk('2026-12-04T12:00'), { release: hotfix })), ports, id),
    ).toBe('RELEASE_KIND_MISMATCH');
    const v = await analyse(hWarranty, plan('ERROR', 'URGENT', msk('2026-12-03T09:30')));
    expect(v).toMatchObject({ status: 'IN_PROGRESS', priority: 'URGENT', warranty: true });
  });
});

it('a planned date in the past, or beyond the deadline without a delay notice, is rejected; with a notice it is accepted', async () => {
  const { ports, worker, id, h } = await ticketOnItsOwnWorker(suite, 'planned', msk('2026-12-07T10:00'));

  await withWorker(worker, ports, async () => {
    await loaded(h);
    await advanceTo(suite.env, msk('2026-12-07T11:00'));
    expect(await expectRejected(h, () => analyse(h, plan('SUPPORT', 'URGENT', msk('2026-12-07T10:00'))), ports, id)).toBe(
      'PLANNED_DATE_IN_PAST',
    );
    // SUPPORT × URGENT: 3 wd → Thu 10 Dec 11:00.
    expect(await expectRejected(h, () => analyse(h, plan('SUPPORT', 'URGENT', msk('2026-12-10T11:01'))), ports, id)).toBe(
      'PLANNED_DATE_BEYOND_DEADLINE',
    );
    await expect(analyse(h, plan('SUPPORT', 'URGENT', msk('2026-12-11T12:00')))).rejects.toMatchObject({
      cause: { message: expect.stringContaining(`beyond the solution deadline ${msk('2026-12-10T11:00')}`) },
    });
    const v = await analyse(h, plan('SUPPORT', 'URGENT', msk('2026-12-11T12:00'), { delayNoticeReason: 'waiting for the vendor’s patch' }));
    expect(v.status).toBe('IN_PROGRESS');
    expect(v.plannedDate).toBe(msk('2026-12-11T12:00'));
    expect(v.clocks.find((c) => c.id === 'SOLUTION#1')).toMatchObject({
      dueAt: msk('2026-12-10T11:00'),
      delayNotice: { inTime: true, reason: 'waiting for the vendor’s patch' },
    });
  });
  expect(ports.publisher.eventsOf(id, 'DELAY_NOTICE_FILED')).toHaveLength(1);
});

it('a second start of the same ticket is rejected (running or closed) and changes nothing', async () => {
  const ports = recordingPorts();
  const tq = uniqueTaskQueue();
  await advanceTo(suite.env, msk('2026-12-08T10:00'));
  const worker = await createWorker(suite.env, suite.wb, ports, tq);
  const [id, closedId] = ['dup', 'dup-closed'].map(newTicketId);
  const h = await startTicket(suite.env, tq, id, msk('2026-12-08T10:00'));
  const hClosed = await startTicket(suite.env, tq, closedId, msk('2026-12-08T10:00'));
  const again = (ticketId: string) =>
    suite.env.client.workflow.start(ticketWorkflow, {
      workflowId: ticketWorkflowId(ticketId),
      taskQueue: tq,
      ...UNIQUE_WORKFLOW_ID_POLICIES,
      args: [
        {
          ticketId,
          customerId: 'cust-2',
          contractId: 'contract-2',
          title: 'Duplicate',
          channel: 'EMAIL',
          registeredAt: msk('2026-12-08T10:05'),
          registeredBy: customer,
        },
      ],
    });

  await withWorker(worker, ports, async () => {
    await loaded(h);
    await hClosed.executeUpdate(cancelUpdate, { args: [{ actor: customer }] });
    const before = await view(h);
    await expect(again(id)).rejects.toBeInstanceOf(WorkflowExecutionAlreadyStartedError);
    await expect(again(closedId)).rejects.toBeInstanceOf(WorkflowExecutionAlreadyStartedError);
    const after = await view(h);
    expect({ ...after, updatedAt: '' }).toEqual({ ...before, updatedAt: '' });
    expect(after).toMatchObject({ title: `Ticket ${id}`, customerId: 'cust-1', channel: 'PORTAL' });
    expect((await h.describe()).runId).toBe(h.firstExecutionRunId);
  });
});

it("a clock past the calendar's range never hangs a ticket: updates are refused, registration fails clearly", async () => {
  // A contract whose calendar serves no year without production data: every clock into 2027 is out of range.
  const calendar = testCalendar(russianProductionCalendar({ maxYearsBeyondData: 0 }));
  const ports = recordingPorts({ termsFor: async (req) => ({ contractId: req.contractId, policy: defaultSlaPolicy, calendar }) });
  const tq = uniqueTaskQueue();
  await advanceTo(suite.env, msk('2026-12-29T10:00'));
  const worker = await createWorker(suite.env, suite.wb, ports, tq);
  const id = newTicketId('range');
  const h = await startTicket(suite.env, tq, id, msk('2026-12-29T10:00'));
  await withWorker(worker, ports, async () => {
    await loaded(h);
    await analyse(h, plan('ERROR', 'URGENT', msk('2026-12-30T09:00')));
    await advanceTo(suite.env, msk('2026-12-30T09:30'));
    // The customer's 1 wd acceptance clock would end in 2027: refused in the validator, the ticket keeps running.
    const refused = await expectRejected(
      h,
      () => h.executeUpdate(deliverSolutionUpdate, { args: [{ actor: specialist, summary: 'fixed' }] }),
      ports,
      id,
    );
    expect(refused).toBe('INVALID_INPUT');
    expect(await view(h)).toMatchObject({ status: 'IN_PROGRESS' });

    // Registered at 17:30 on the last working day of 2026: the analysis clock cannot be planned — the workflow fails
    // with an ApplicationFailure that says why, instead of retrying its task forever.
    await advanceTo(suite.env, msk('2026-12-30T17:30'));
    const late = await startTicket(suite.env, tq, newTicketId('range-late'), msk('2026-12-30T17:30'));
    expect(await failureOf(late)).toMatchObject({
      type: 'WorkingTimeError',
      message: expect.stringMatching(/Cannot register the ticket: .*2055/),
    });
  });
});
