import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { advanceTo, bundle, createEnv, createWorker, eventually, msk, recordingPorts, uniqueTaskQueue } from './support/harness';
import { analyse, clockEventLog, newTicketId, plan, startTicket, view } from './support/tickets';

let env: TestWorkflowEnvironment;
let wb: WorkflowBundleWithSourceMap;
beforeAll(async () => { [env, wb] = await Promise.all([createEnv(), bundle()]); });
afterAll(async () => { await env?.teardown(); });

it('exp', async () => {
  const ports = recordingPorts();
  const tq = uniqueTaskQueue();
  const worker = await createWorker(env, wb, ports, tq);
  await advanceTo(env, msk('2026-12-29T15:00'));
  const id = newTicketId('x');
  const h = await startTicket(env, tq, id, msk('2026-12-29T15:00'));
  await worker.runUntil(async () => {
    await eventually(async () => (await view(h)).clocks.length > 0, 'loaded');
    await advanceTo(env, msk('2026-12-30T11:00'));
    await analyse(h, plan('ERROR', 'URGENT', msk('2027-01-11T10:00')));
    await eventually(async () => ports.publisher.eventsOf(id).length >= (await view(h)).seq, 'settled');
  });
  let t = Date.now();
  console.log('sleeping w/o worker');
  await Promise.race([env.sleep('2 days'), new Promise((r) => setTimeout(r, 8000))]);
  console.log('slept', Date.now() - t, new Date(await env.currentTimeMs()).toISOString());
  const ports2 = recordingPorts();
  const worker2 = await createWorker(env, wb, ports2, tq);
  await worker2.runUntil(async () => {
    await eventually(() => clockEventLog(ports2, id).length > 0, 'events', 5000);
    console.log(clockEventLog(ports2, id), ports2.publisher.eventsOf(id).map(e=>e.seq));
    t = Date.now();
    await env.sleep('20 days');
    console.log('slept2', Date.now() - t, clockEventLog(ports2, id));
  });
});
