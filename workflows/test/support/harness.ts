/**
 * Test harness: one time-skipping environment per test file (the REAL test server of the local stack, never
 * downloaded; a missing binary fails the file loudly), the workflow bundle built once per file, a Worker per test
 * with the worker's real activity factory wired to recording ports, time moved with `env.sleep`.
 */
import path from 'node:path';
import { timeSkippingTestEnv } from '@sla-desk/testing';
import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, Runtime, DefaultLogger, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import {
  calendarVersion,
  defaultSlaPolicy,
  russianProductionCalendar,
  type BusinessCalendar,
  type DayOverride,
  type IsoDate,
} from '@sla-desk/sla';
import {
  createActivities,
  InMemoryReadModel,
  InMemoryReleases,
  RecordingPublisher,
  type ContractTermsPort,
} from '@sla-desk/ticket-activities';
import { SEARCH_ATTRIBUTE_REGISTRATIONS, SHARED_WORKFLOW_MODULES } from '@sla-desk/workflow-api';

const ROOT = path.resolve(__dirname, '../../..');

let runtimeInstalled = false;
function quietRuntime(): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  // Workflow/worker logs at WARN and above only: the suite's output stays readable.
  Runtime.install({ logger: new DefaultLogger('WARN') });
}

/** The time-skipping environment with the ticket search attributes registered (operator API). */
export async function createEnv(): Promise<TestWorkflowEnvironment> {
  quietRuntime();
  const env = await timeSkippingTestEnv();
  await env.connection.operatorService.addSearchAttributes({
    namespace: env.namespace ?? 'default',
    searchAttributes: Object.fromEntries(SEARCH_ATTRIBUTE_REGISTRATIONS.map((a) => [a.name, a.indexedValueType])),
  });
  return env;
}

/** The workflows bundled from source (libs resolved to their TypeScript sources, as jest does). */
export async function bundle(): Promise<WorkflowBundleWithSourceMap> {
  return bundleWorkflowCode({
    workflowsPath: path.join(ROOT, 'workflows/src/index.ts'),
    logger: new DefaultLogger('WARN'),
    preloadModules: [...SHARED_WORKFLOW_MODULES],
    webpackConfigHook: (config) => {
      config.resolve = config.resolve ?? {};
      config.resolve.alias = {
        ...(config.resolve.alias as Record<string, string>),
        '@sla-desk/sla': path.join(ROOT, 'libs/sla/src/index.ts'),
        '@sla-desk/workflow-api': path.join(ROOT, 'libs/workflow-api/src/index.ts'),
        '@sla-desk/roles': path.join(ROOT, 'libs/roles/src/index.ts'),
      };
      return config;
    },
  });
}

export interface Ports {
  publisher: RecordingPublisher;
  readModel: InMemoryReadModel;
  terms: ContractTermsPort;
  /** The catalog's releases (empty unless a test schedules some). */
  releases: InMemoryReleases;
}

export function recordingPorts(terms: ContractTermsPort = testContractTerms()): Ports {
  return { publisher: new RecordingPublisher(), readModel: new InMemoryReadModel(), terms, releases: new InMemoryReleases() };
}

const startedWorkflows: {
  workflowId: string;
  terminate(reason?: string): Promise<unknown>;
  describe(): Promise<{ status: { name: string } }>;
}[] = [];

/** Remembers a started workflow so `terminateOpenWorkflows` can end it after the test. */
export function trackWorkflow<H extends (typeof startedWorkflows)[number]>(handle: H): H {
  startedWorkflows.push(handle);
  return handle;
}

/**
 * Terminates every workflow a test left open. Needed between tests of one file: an open workflow with a timer but no
 * worker would hold the time-skipping server's clock (a due workflow task locks time skipping) in the next test.
 */
export async function terminateOpenWorkflows(): Promise<void> {
  const all = startedWorkflows.splice(0);
  await Promise.all(
    all.map(async (h) => {
      const d = await h.describe().catch(() => undefined);
      if (d?.status.name === 'RUNNING') await h.terminate('test finished').catch(() => undefined);
    }),
  );
}

let queueCounter = 0;
/** A fresh task queue per worker, so no test's worker picks up another test's workflows. */
export function uniqueTaskQueue(name = 'sla-desk-test'): string {
  queueCounter += 1;
  return `${name}-${process.pid}-${queueCounter}`;
}

export async function createWorker(
  env: TestWorkflowEnvironment,
  workflowBundle: WorkflowBundleWithSourceMap,
  ports: Ports,
  taskQueue: string,
  options: { cache?: boolean } = {},
): Promise<Worker> {
  return Worker.create({
    // Without a cache there is no sticky queue: a worker that replaces a stopped one gets the next task at once.
    ...(options.cache === false ? { maxCachedWorkflows: 0 } : {}),
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue,
    workflowBundle,
    activities: createActivities(ports),
    // Deterministic-code checks on: any non-determinism fails the workflow task loudly.
    reuseV8Context: true,
  });
}

/**
 * The suite's fixed dates are written on the real 2026–2027 Russian production calendar (New Year, Feb 23, Mar 8,
 * the transferred days…), but run YEAR_SHIFT years later: the test server starts at today's time and only moves
 * forward, so dates written as 2026 would turn into the past. 28 years is a whole cycle of the Gregorian weekday and
 * leap-year pattern (1901–2099), so every holiday, shortened day, transferred working day and weekend of the shifted
 * calendar falls on the same weekday as in the original year, and the working-time arithmetic is exactly the same.
 */
export const YEAR_SHIFT = 28;
const shiftYear = (iso: string): string => `${Number(iso.slice(0, 4)) + YEAR_SHIFT}${iso.slice(4)}`;

/** A suite date (`YYYY-MM-DD` as written on the real calendar) → the date it runs on. */
export const day = (date: IsoDate): IsoDate => shiftYear(date);

/** Moscow wall time (UTC+3 all year) as written on the real calendar → the ISO UTC instant the suite runs at. */
export const msk = (local: string): string => new Date(`${shiftYear(local)}+03:00`).toISOString();

/** The given calendar (default: the Russian production calendar) moved YEAR_SHIFT years on, weekdays intact. */
export function testCalendar(cal: BusinessCalendar = russianProductionCalendar()): BusinessCalendar {
  const shiftKeys = (days: Record<IsoDate, DayOverride>) =>
    Object.fromEntries(Object.entries(days).map(([date, override]) => [shiftYear(date), override]));
  const { version: _version, ...content } = cal;
  const shifted = {
    ...content,
    overrides: shiftKeys(cal.overrides),
    ...(cal.contractOverrides ? { contractOverrides: shiftKeys(cal.contractOverrides) } : {}),
    coveredYears: cal.coveredYears.map((year) => year + YEAR_SHIFT),
  };
  return { ...shifted, version: calendarVersion(shifted) };
}

/** The seed's terms (default policy) on the shifted production calendar: what `defaultContractTerms()` is in production. */
export function testContractTerms(): ContractTermsPort {
  const calendar = testCalendar();
  return {
    async termsFor(req) {
      return { contractId: req.contractId, policy: defaultSlaPolicy, calendar };
    },
  };
}

/** Moves the test server's clock forward to `instant` (never back: the server cannot). */
export async function advanceTo(env: TestWorkflowEnvironment, instant: string): Promise<void> {
  const now = await env.currentTimeMs();
  const target = Date.parse(instant);
  if (target < now) {
    throw new Error(`Test anchor ${instant} is in the past of the test server (${new Date(now).toISOString()}): raise YEAR_SHIFT by 28`);
  }
  if (target > now) await env.sleep(target - now);
}

/** Polls `probe` (real time) until it returns a value (not undefined / false) or fails after `timeoutMs`. */
export async function eventually<T>(
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  what: string,
  timeoutMs = 10_000,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > until) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/**
 * Registers a test file's hooks: one time-skipping environment and one workflow bundle per file (`suite.env`,
 * `suite.wb`, set in beforeAll), open workflows ended after each test, the environment torn down after the file.
 */
export function timeSkippingSuite(): { readonly env: TestWorkflowEnvironment; readonly wb: WorkflowBundleWithSourceMap } {
  const suite = {} as { env: TestWorkflowEnvironment; wb: WorkflowBundleWithSourceMap };
  beforeAll(async () => {
    [suite.env, suite.wb] = await Promise.all([createEnv(), bundle()]);
  });
  afterEach(() => terminateOpenWorkflows());
  afterAll(async () => {
    await suite.env?.teardown();
  });
  return suite;
}

/**
 * The failure a workflow ended with (waits until it has failed; read from its history, so no time is skipped the way
 * awaiting `result()` on the time-skipping server would).
 */
export async function failureOf(handle: WorkflowHandle): Promise<{ type?: string; message?: string }> {
  await eventually(async () => (await handle.describe()).status.name === 'FAILED', `${handle.workflowId} failed`);
  const history = await handle.fetchHistory();
  const failure = history.events?.at(-1)?.workflowExecutionFailedEventAttributes?.failure;
  return { type: failure?.applicationFailureInfo?.type ?? undefined, message: failure?.message ?? undefined };
}
