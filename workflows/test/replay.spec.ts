/**
 * Replay: the workflow code must replay the histories recorded from earlier versions (checked in under
 * test/histories/). A change that breaks replay must go behind `patched()` (see workflows/README.md).
 *
 * The reference scenario also runs here and its fresh histories are replayed too. Recording adds the fresh ones as
 * `<name>-<date>.json` (`-2`, `-3`… when that day has one) beside the older recordings (which stay, so every code path ever recorded keeps replaying);
 * record after a change that adds a patch or a new kind of command:
 *   RECORD_HISTORIES=1 npx jest test/replay.spec.ts      (in workflows/)
 */
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from '@temporalio/worker';
import { historyFromJSON, historyToJSON } from '@temporalio/common/lib/proto-utils';
import type { temporal } from '@temporalio/proto';
import {
  UNIQUE_WORKFLOW_ID_POLICIES,
  acceptUpdate,
  answerClarificationUpdate,
  calendarChangedSignal,
  closeUpdate,
  completeCallbackUpdate,
  deliverSolutionUpdate,
  fileDelayNoticeUpdate,
  hotlineCallbackWorkflowId,
  releaseScheduledSignal,
  releaseShippedSignal,
  sendRemarksUpdate,
} from '@sla-desk/workflow-api';
import { withOverrides } from '@sla-desk/sla';
import { hotlineCallbackWorkflow } from '../src';
import {
  advanceTo,
  createWorker,
  day,
  eventually,
  msk,
  recordingPorts,
  testCalendar,
  timeSkippingSuite,
  trackWorkflow,
  uniqueTaskQueue,
} from './support/harness';
import { analyse, customer, loaded, newTicketId, plan, specialist, startTicket, view, withWorker } from './support/tickets';

const HISTORIES = path.join(__dirname, 'histories');
const RECORD = process.env.RECORD_HISTORIES === '1';

const suite = timeSkippingSuite();

async function replay(histories: { workflowId: string; history: temporal.api.history.v1.IHistory }[]): Promise<string[]> {
  const failures: string[] = [];
  for await (const r of Worker.runReplayHistories({ workflowBundle: suite.wb }, histories)) {
    if (r.error) failures.push(`${r.workflowId}: ${r.error.message}`);
  }
  return failures;
}

/** A whole ticket life (clarification, warning, breach, release, calendar change, remarks, close) and a callback. */
async function referenceScenario(): Promise<{ name: string; workflowId: string; history: temporal.api.history.v1.IHistory }[]> {
  const ports = recordingPorts();
  const tq = uniqueTaskQueue();
  await advanceTo(suite.env, msk('2026-12-14T10:00'));
  const worker = await createWorker(suite.env, suite.wb, ports, tq);
  const ticketId = newTicketId('replay');
  const h = await startTicket(suite.env, tq, ticketId, msk('2026-12-14T10:00'));
  const call = await suite.env.client.workflow
    .start(hotlineCallbackWorkflow, {
      workflowId: hotlineCallbackWorkflowId(`replay-call-${process.pid}`),
      taskQueue: tq,
      ...UNIQUE_WORKFLOW_ID_POLICIES,
      args: [
        {
          callId: `replay-call-${process.pid}`,
          customerId: 'cust-1',
          contractId: 'contract-1',
          calledAt: msk('2026-12-14T10:00'),
          specialistId: specialist.id,
          caller: { name: 'Anna' },
          question: 'Access?',
        },
      ],
    })
    .then(trackWorkflow);

  await withWorker(worker, ports, async () => {
    await loaded(h);
    await advanceTo(suite.env, msk('2026-12-14T11:00'));
    await analyse(h, {
      actor: specialist,
      category: 'ERROR',
      priority: 'URGENT',
      assignee: specialist.id,
      outcome: { kind: 'CLARIFY', question: 'Steps?', phoneAttempt: { at: msk('2026-12-14T10:55'), outcome: 'NO_ANSWER' } },
    });
    await advanceTo(suite.env, msk('2026-12-15T10:00'));
    await h.executeUpdate(answerClarificationUpdate, { args: [{ actor: customer, comment: 'Open the report, press F5' }] });
    await advanceTo(suite.env, msk('2026-12-15T12:00'));
    await analyse(h, plan('ERROR', 'URGENT', msk('2026-12-16T10:00')));
    await h.signal(calendarChangedSignal, { calendar: withOverrides(testCalendar(), { [day('2026-12-25')]: { kind: 'dayOff' } }) });
    await h.executeUpdate(fileDelayNoticeUpdate, { args: [{ actor: specialist, reason: 'needs a vendor fix' }] });
    await h.signal(releaseScheduledSignal, { releaseId: 'ignored-for-urgent', kind: 'UNPLANNED', scheduledFor: msk('2026-12-18T18:00') });
    await advanceTo(suite.env, msk('2026-12-16T12:01'));
    await eventually(() => ports.publisher.eventsOf(ticketId, 'CLOCK_BREACHED').length === 1, 'breach');
    await h.signal(releaseShippedSignal, { releaseId: 'ignored-for-urgent', shippedAt: msk('2026-12-16T13:00'), includesTicket: true });
    await eventually(async () => (await view(h)).status === 'SOLUTION_DELIVERED', 'delivered by the release');
    await advanceTo(suite.env, msk('2026-12-16T15:00'));
    await h.executeUpdate(sendRemarksUpdate, { args: [{ actor: customer, remarks: ['half of it'] }] });
    // Not 10:00 sharp: that is the callback's due instant, and an update racing a timer firing at the very instant the
    // time-skipping server stops skipping was seen to hang the update on the test server (about one run in three).
    await advanceTo(suite.env, msk('2026-12-17T10:30'));
    await h.executeUpdate(deliverSolutionUpdate, { args: [{ actor: specialist, summary: 'the other half' }] });
    await h.executeUpdate(acceptUpdate, { args: [{ actor: customer }] });
    await h.executeUpdate(closeUpdate, { args: [{ actor: specialist }] });
    await call.executeUpdate(completeCallbackUpdate, { args: [{ actor: specialist, outcome: 'done' }] });
    await eventually(
      async () => (await h.describe()).status.name === 'COMPLETED' && (await call.describe()).status.name === 'COMPLETED',
      'both completed',
    );
  });
  return [
    { name: 'ticket-full-life', workflowId: h.workflowId, history: await h.fetchHistory() },
    { name: 'hotline-callback', workflowId: call.workflowId, history: await call.fetchHistory() },
  ];
}

function checkedIn(): { workflowId: string; history: temporal.api.history.v1.IHistory }[] {
  const files = fs.existsSync(HISTORIES) ? fs.readdirSync(HISTORIES).filter((f) => f.endsWith('.json')) : [];
  if (files.length === 0) throw new Error(`No recorded histories in ${HISTORIES}: record them with RECORD_HISTORIES=1`);
  return files.map((f) => ({
    workflowId: f.replace(/\.json$/, ''),
    history: historyFromJSON(JSON.parse(fs.readFileSync(path.join(HISTORIES, f), 'utf8'))),
  }));
}

it('replays the checked-in histories without non-determinism', async () => {
  if (RECORD) return; // re-recorded below; replayed there
  expect(await replay(checkedIn())).toEqual([]);
});

/** `<name>-<date>.json`, or `<name>-<date>-<n>.json` when that day has a recording already (never overwritten). */
function recordingPath(name: string): string {
  const base = path.join(HISTORIES, `${name}-${new Date().toISOString().slice(0, 10)}`);
  let file = `${base}.json`;
  for (let n = 2; fs.existsSync(file); n++) file = `${base}-${n}.json`;
  return file;
}

it('a freshly recorded reference run replays too' + (RECORD ? ' (and is written to test/histories)' : ''), async () => {
  const fresh = await referenceScenario();
  expect(await replay(fresh)).toEqual([]);
  if (RECORD) {
    fs.mkdirSync(HISTORIES, { recursive: true });
    for (const f of fresh) fs.writeFileSync(recordingPath(f.name), historyToJSON(f.history as temporal.api.history.v1.History) + '\n');
    expect(await replay(checkedIn())).toEqual([]);
  }
});
