/**
 * (c) Resident memory of the worker process with N open tickets (default 10 000).
 *
 * The worker is the real process (`node services/worker/dist/main.js`, built by the npm script) on a task queue,
 * topic prefix and database of its own. The bench starts N tickets through the client (default contract terms: each
 * waits on its analysis clock) and samples the worker's VmRSS from /proc while they register; the figure is taken
 * once every ticket has recorded its first snapshot (ticket_view rows = N) and the worker is idle. The worker runs
 * with its default sticky cache (WORKER_MAX_CACHED_WORKFLOWS, default 1 000) and deploy/local's heap limit and malloc
 * arenas, so beyond that size open tickets are evicted and replayed on their next task; BENCH_CACHE sets
 * WORKER_MAX_CACHED_WORKFLOWS instead, BENCH_NODE_OPTIONS the worker's NODE_OPTIONS (default --max-old-space-size=256)
 * and BENCH_MALLOC_ARENA_MAX its MALLOC_ARENA_MAX (default 2), both as deploy/local runs it.
 * Afterwards every ticket is terminated (batch) and the worker stopped with SIGTERM.
 *
 * Tickets are started in a window: at most BENCH_WINDOW started but not yet registered, so the server's task backlog
 * (and the cache churn of thousands of half-registered tickets) stays bounded and the run progresses steadily.
 *
 *   npm run bench:tickets:rss -w @sla-desk/test     (BENCH_N=10000, BENCH_WINDOW=64, BENCH_TIMEOUT_S=1800)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { ticketWorkflowId, UNIQUE_WORKFLOW_ID_POLICIES, WorkflowType, type TicketWorkflowInput } from '@sla-desk/workflow-api';
import { Pool } from 'pg';
import {
  benchEnv,
  connectStack,
  deleteTopics,
  fmt,
  interrupted,
  intEnv,
  machine,
  pool,
  recordFigure,
  report,
  sleep,
  terminateTaskQueue,
} from './support';

const MAIN = path.resolve(__dirname, '../../services/worker/dist/main.js');

function memoryOf(pid: number): { rssMiB: number; peakMiB: number; cpuS: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  // utime + stime (fields 14, 15) in clock ticks (100/s)
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return { rssMiB: kib('VmRSS') / 1024, peakMiB: kib('VmHWM') / 1024, cpuS: (Number(stat[11]) + Number(stat[12])) / 100 };
}

/** Spawns the worker and resolves once it logged "worker running" (with its effective cache size). */
function spawnWorker(env: Record<string, string>): Promise<{ child: ChildProcess; info: Record<string, unknown>; errors: string[] }> {
  const child = spawn(process.execPath, [MAIN], {
    env: { PATH: process.env.PATH ?? '', ...env, LOG_LEVEL: 'info' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const errors: string[] = [];
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the worker did not log "worker running" within 60 s')), 60_000);
    child.once('exit', (code) => reject(new Error(`the worker exited during start-up (code ${code}): ${errors.join('\n')}`)));
    createInterface({ input: child.stderr! }).on('line', (line) => {
      let entry: Record<string, unknown>;
      try {
        entry = JSON.parse(line) as Record<string, unknown>;
      } catch {
        errors.push(line);
        return;
      }
      if (entry.level === 'error') errors.push(line);
      if (entry.msg === 'worker running') {
        clearTimeout(timer);
        resolve({ child, info: entry, errors });
      }
    });
  });
}

async function main(): Promise<void> {
  const n = intEnv('BENCH_N', 10_000);
  const window = intEnv('BENCH_WINDOW', 64);
  const cache = process.env.BENCH_CACHE ? intEnv('BENCH_CACHE', n) : undefined;
  const timeoutMs = intEnv('BENCH_TIMEOUT_S', 1800) * 1000;
  const stack = await connectStack();
  // As deploy/local/components/worker.sh runs it (WORKER_HEAP_MIB, WORKER_MALLOC_ARENA_MAX).
  const be = await benchEnv(stack, 'rss', {
    ...(cache === undefined ? {} : { WORKER_MAX_CACHED_WORKFLOWS: String(cache) }),
    NODE_OPTIONS: process.env.BENCH_NODE_OPTIONS ?? '--max-old-space-size=256',
    MALLOC_ARENA_MAX: process.env.BENCH_MALLOC_ARENA_MAX ?? '2',
  });
  const db = new Pool({ connectionString: be.db.url, max: 2 });
  let worker: Awaited<ReturnType<typeof spawnWorker>> | undefined;
  try {
    worker = await spawnWorker(be.env);
    const pid = worker.child.pid!;
    await sleep(3000);
    const idle = memoryOf(pid);
    process.stdout.write(
      `worker pid ${pid}: idle RSS ${fmt(idle.rssMiB)} MiB, maxCachedWorkflows ${String(worker.info.maxCachedWorkflows)}\n`,
    );

    const samples: Array<{ tickets: number; rssMiB: number; cpuS: number }> = [];
    const registered = async () => Number((await db.query('SELECT count(*)::int AS n FROM ticket_view')).rows[0].n);
    let sampling = true;
    const sampler = (async () => {
      let lastPrinted = 0;
      while (sampling && !interrupted.value) {
        const count = await registered();
        const m = memoryOf(pid);
        samples.push({ tickets: count, rssMiB: m.rssMiB, cpuS: m.cpuS });
        if (count - lastPrinted >= n / 10) {
          lastPrinted = count;
          process.stdout.write(`  ${count} registered, RSS ${fmt(m.rssMiB)} MiB\n`);
        }
        await sleep(1000);
      }
    })();

    const t0 = Date.now();
    const deadline = t0 + timeoutMs;
    const start = async (i: number) => {
      const ticketId = `${be.run}_${i}`;
      const input: TicketWorkflowInput = {
        ticketId,
        customerId: `customer-${i % 50}`,
        contractId: `contract-${i % 50}`,
        title: `Open ticket ${i}`,
        channel: 'EMAIL',
        registeredAt: new Date().toISOString(),
        registeredBy: { id: 'employee-1', role: 'CUSTOMER_EMPLOYEE' },
      };
      await stack.client.workflow.start(WorkflowType.TICKET, {
        taskQueue: be.config.temporal.taskQueue,
        workflowId: ticketWorkflowId(ticketId),
        args: [input],
        ...UNIQUE_WORKFLOW_ID_POLICIES,
      });
    };
    let started = 0;
    while (started < n && Date.now() < deadline && !interrupted.value) {
      const room = window - (started - (await registered()));
      if (room <= 0) {
        await sleep(200);
        continue;
      }
      const batch = Math.min(room, n - started);
      const from = started;
      await pool(batch, 32, (k) => start(from + k));
      started += batch;
    }
    while ((await registered()) < started && Date.now() < deadline && !interrupted.value) await sleep(1000);
    const registeredMs = Date.now() - t0;
    const count = await registered();
    await sleep(5000); // idle again: in-flight tasks done
    sampling = false;
    await sampler;
    const open = memoryOf(pid);
    const cached = Math.min(count, Number(worker.info.maxCachedWorkflows));
    const perTicketKiB = ((open.rssMiB - idle.rssMiB) * 1024) / cached;
    const at = (tickets: number) => samples.find((s) => s.tickets >= tickets);
    const marks = [1000, 2500, 5000, 7500].filter((m) => m < count);
    report(
      `(c) worker RSS with open tickets (the worker process from dist, sticky cache ${String(worker.info.maxCachedWorkflows)}) — ${machine()}`,
      [
        [
          'open tickets',
          `${count} / ${n} (${window} in flight; all registered after ${fmt(registeredMs / 1000)} s: ${fmt((count / registeredMs) * 1000)} tickets/s)`,
        ],
        ['RSS idle (no tickets)', `${fmt(idle.rssMiB)} MiB`],
        ['RSS while registering', marks.map((m) => `${at(m)?.tickets ?? '?'} open: ${fmt(at(m)?.rssMiB ?? NaN, 0)} MiB`).join(', ')],
        [`RSS with ${count} open`, `${fmt(open.rssMiB)} MiB (peak ${fmt(open.peakMiB)} MiB), ${cached} of them in the sticky cache`],
        ['RSS per cached open ticket', `${fmt(perTicketKiB, 0)} KiB ((open − idle) / cached)`],
        [
          'worker CPU per registration',
          `${fmt(((open.cpuS - idle.cpuS) / count) * 1000)} ms (user + system, ${fmt(open.cpuS - idle.cpuS, 0)} s in all)`,
        ],
      ],
    );
    if (worker.errors.length > 0) process.stdout.write(`worker errors:\n${worker.errors.slice(0, 5).join('\n')}\n`);
    recordFigure({
      bench: 'rss',
      figure: `worker RSS with ${count} open tickets (cache ${String(worker.info.maxCachedWorkflows)})`,
      value: `${fmt(open.rssMiB, 0)} MiB (peak ${fmt(open.peakMiB, 0)})`,
      goal: '< 600 MiB',
      met: open.rssMiB < 600,
    });
    if (count < n) process.exitCode = 1;
  } finally {
    // The worker first (its tasks would only add load), then the tickets: terminating needs no worker.
    if (worker && worker.child.exitCode === null) {
      const exited = new Promise((r) => worker!.child.once('exit', r));
      worker.child.kill('SIGTERM');
      await exited;
    }
    const cleaned = await terminateTaskQueue(stack, be.config.temporal.taskQueue, 1_800_000).catch(
      (err: unknown) => `failed: ${String(err)}`,
    );
    process.stdout.write(`  (clean-up: terminated ${cleaned} open tickets)\n`);
    await db.end();
    await deleteTopics(stack.kafka, be.env.KAFKA_TOPIC_PREFIX).catch(() => undefined);
    await be.db.drop();
    await stack.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
