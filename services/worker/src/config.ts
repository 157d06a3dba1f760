/**
 * The worker's configuration, read from environment variables and validated at start with @sla-desk/runtime's
 * readEnv: every problem is collected and reported in one ConfigError naming each bad variable (exit code 78), e.g.
 *
 *   Invalid configuration:
 *     - KAFKA_BROKERS: "127.0.0.1" is not host:port
 *     - TICKETS_DATABASE_URL: is required (or DATABASE_URL_BASE, to which /tickets is appended)
 *
 * Outside production (NODE_ENV != production) a variable that is not set is taken from the local stack's
 * `stack.env` (`$SLA_DESK_HOME/stack.env`, default `<repo>/.local/stack.env`, written by `npm run up`), so
 * `npm run up && npm run start -w @sla-desk/worker` works with no set-up; the start-up log names what came from there.
 * `--stack-env FILE` names the file explicitly (deploy/local's worker component uses it).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { topicsConfigFromEnv, type TopicsConfig } from '@sla-desk/events';
import { ConfigError, env, LOG_LEVELS, readEnv, TEMPORAL_TLS_ENV, temporalTlsOf, type LogLevel, type TemporalTls } from '@sla-desk/runtime';
import { SLA_DESK_TASK_QUEUE } from '@sla-desk/workflow-api';

export type { LogLevel };

export interface WorkerConfig {
  temporal: {
    /** gRPC host:port of the Temporal frontend. */
    address: string;
    namespace: string;
    /** Default: SLA_DESK_TASK_QUEUE of @sla-desk/workflow-api. */
    taskQueue: string;
    /** TLS / mTLS towards the frontend (TEMPORAL_TLS_* of @sla-desk/runtime; Temporal Cloud); undefined: plaintext. */
    tls?: TemporalTls;
  };
  kafka: {
    brokers: string[];
    clientId: string;
    /** Topic names, prefix, partitions, replication (KAFKA_TOPIC_* of @sla-desk/events). */
    topics: TopicsConfig;
  };
  /** The `tickets` database: the read model (`ticket_view`). */
  ticketsDatabaseUrl: string;
  /**
   * The contracts subgraph the ticket workflows' terms come from (requests signed with the gateway secret);
   * undefined: every contract gets the default terms (the seed's policy, the Russian production calendar).
   */
  contracts?: { url: string; secret: string };
  /**
   * The catalog subgraph an analysis asks for the component's next release when it names none (same secret);
   * undefined: the analyst must name it.
   */
  catalog?: { url: string; secret: string };
  /** How long running activities get to finish after SIGTERM/SIGINT before they are cancelled. */
  shutdownGraceMs: number;
  /** Workflows kept in the worker's sticky cache (WORKER_MAX_CACHED_WORKFLOWS). */
  maxCachedWorkflows: number;
  /** How long a cached ticket's task waits for this worker before any worker may take it (WORKER_STICKY_TIMEOUT_SECONDS). */
  stickyTimeoutMs: number;
  /** GET /health on this address (WORKER_HEALTH_HOST, WORKER_HEALTH_PORT) for Kubernetes probes; undefined: none. */
  health?: { host: string; port: number };
  logLevel: LogLevel;
  /** Variables that were not set and came from the local stack's stack.env (development only). */
  fromStackEnv: string[];
  production: boolean;
}

type Env = Record<string, string | undefined>;

/**
 * The sticky cache's default size, from the benches (services/worker/README.md): a burst of tickets whose clocks fall
 * due together is drained without replays when it fits (1 000 due at once: 16-17 s at 400, 7-8 s at 1 000 and
 * more), and with deploy/local's 256 MiB heap limit and MALLOC_ARENA_MAX=2 the worker holds ~530-570 MiB with
 * 10 000 tickets open (goal < 600 MiB; 1 200 cached came to 572-575 MiB). An evicted ticket is replayed from its
 * (continue-as-new-bounded) history on its next task.
 */
export const DEFAULT_MAX_CACHED_WORKFLOWS = 1000;

/**
 * How long a workflow task for a cached ticket waits on this worker's sticky queue before the server hands it to any
 * worker with its whole history (a replay). The SDK's 10 s is shorter than a burst's backlog: with 1 000 clocks due
 * at once, the tasks still queued after 10 s all went the expensive way at once and the drain took 20.6 s instead
 * of 18.6 s (bench:tickets:timers). A worker that stops polling loses its sticky queue after the server's own 10 s
 * window whatever this says; only tasks already queued for a worker that died wait this long.
 */
export const DEFAULT_STICKY_TIMEOUT_SECONDS = 30;

/** The variables a development run may take from stack.env. */
const STACK_ENV_VARIABLES = ['TEMPORAL_ADDRESS', 'TEMPORAL_NAMESPACE', 'KAFKA_BROKERS', 'DATABASE_URL_BASE'] as const;

/** Passwords never appear in messages. */
export function redactUrl(url: string): string {
  return url.replace(/(\/\/[^:/@]+:)[^@]*@/, '$1***@');
}

/** `<SLA_DESK_HOME or repo>/.local/stack.env` (or `file`) parsed, or {} when absent. */
export function readStackEnv(
  env: Env,
  repoRoot = path.resolve(__dirname, '..', '..', '..'),
  explicitFile?: string,
): { file?: string; values: Env } {
  const home = env.SLA_DESK_HOME ? path.resolve(env.SLA_DESK_HOME) : path.join(repoRoot, '.local');
  const file = explicitFile ?? path.join(home, 'stack.env');
  if (!existsSync(file)) {
    if (explicitFile) throw new ConfigError([`--stack-env: ${explicitFile} does not exist (run \`npm run up\`)`]);
    return { values: {} };
  }
  const values: Env = {};
  for (const raw of readFileSync(file, 'utf8').split(/\r?\n/)) {
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(raw);
    if (m && !raw.trim().startsWith('#')) values[m[1]] = m[2].trim().replace(/^(['"])(.*)\1$/, '$2');
  }
  return { file, values };
}

export interface ReadConfigOptions {
  /** Where a development run finds stack.env (tests pass a folder, or null to switch the fallback off). */
  repoRoot?: string | null;
  /** A stack.env to read unset variables from, in any environment (`node dist/main.js --stack-env FILE`). */
  stackEnvFile?: string;
}

const WORKER_ENV = {
  ...TEMPORAL_TLS_ENV,
  TEMPORAL_ADDRESS: env.hostPort(),
  TEMPORAL_NAMESPACE: env.string({ default: 'default', pattern: /^[A-Za-z0-9][A-Za-z0-9._-]*$/ }),
  TEMPORAL_TASK_QUEUE: env.string({ default: SLA_DESK_TASK_QUEUE }),
  KAFKA_BROKERS: env.hostPorts(),
  KAFKA_CLIENT_ID: env.string({ default: 'sla-desk-worker' }),
  TICKETS_DATABASE_URL: env.optionalString(),
  DATABASE_URL_BASE: env.optionalString(),
  WORKER_SHUTDOWN_GRACE_SECONDS: env.int({ default: 10, min: 0, max: 3600 }),
  WORKER_MAX_CACHED_WORKFLOWS: env.int({ default: DEFAULT_MAX_CACHED_WORKFLOWS, min: 0, max: 1_000_000 }),
  WORKER_STICKY_TIMEOUT_SECONDS: env.int({ default: DEFAULT_STICKY_TIMEOUT_SECONDS, min: 1, max: 600 }),
  WORKER_CONTRACTS_URL: env.optionalUrl({ protocols: ['http', 'https'] }),
  WORKER_CATALOG_URL: env.optionalUrl({ protocols: ['http', 'https'] }),
  GATEWAY_SUBGRAPH_SECRET: env.optionalString(),
  WORKER_HEALTH_HOST: env.string({ default: '127.0.0.1' }),
  WORKER_HEALTH_PORT: env.optionalInt({ min: 1, max: 65535 }),
  LOG_LEVEL: env.oneOf(LOG_LEVELS, { default: 'info' }),
};

/** Where a missing address can come from, appended to "is required". */
function hints(production: boolean): Record<string, string> {
  const up = production ? '' : ' (or run `npm run up`, which writes .local/stack.env)';
  return {
    TEMPORAL_ADDRESS: `, e.g. 127.0.0.1:7233${up}`,
    KAFKA_BROKERS: `, e.g. 127.0.0.1:9092 (comma-separated)${up}`,
    TICKETS_DATABASE_URL: ` (or DATABASE_URL_BASE, to which /tickets is appended)${up}`,
  };
}

function ticketsDatabaseUrl(own: string | undefined, base: string | undefined): { url?: string; problem?: string } {
  if (own) return { url: own, problem: postgresUrlProblem(own, 'TICKETS_DATABASE_URL') };
  if (!base) return { problem: 'TICKETS_DATABASE_URL: is required' };
  const url = `${base.replace(/\/+$/, '')}/tickets`;
  const problem = postgresUrlProblem(url, 'DATABASE_URL_BASE');
  return { url, problem: problem?.replace('names no database (…/tickets)', 'is not postgresql://user:password@host:port') };
}

function postgresUrlProblem(value: string, name: string): string | undefined {
  let u: URL;
  try {
    u = new URL(value);
  } catch {
    return `${name}: "${redactUrl(value)}" is not a URL`;
  }
  if (u.protocol !== 'postgresql:' && u.protocol !== 'postgres:') return `${name}: must be a postgresql:// URL (got ${u.protocol}//…)`;
  if (!u.pathname || u.pathname === '/') return `${name}: names no database (…/tickets)`;
  return undefined;
}

/** Reads and validates the configuration; throws ConfigError listing every bad variable. */
export function readWorkerConfig(source: Env = process.env, options: ReadConfigOptions = {}): WorkerConfig {
  const production = source.NODE_ENV === 'production';
  const stack = options.stackEnvFile
    ? readStackEnv(source, undefined, options.stackEnvFile)
    : production || options.repoRoot === null
      ? { values: {} as Env }
      : readStackEnv(source, options.repoRoot ?? undefined);
  const fromStackEnv = STACK_ENV_VARIABLES.filter((name) => !source[name]?.trim() && stack.values[name]?.trim());
  const merged: Env = { ...source, ...Object.fromEntries(fromStackEnv.map((name) => [name, stack.values[name]])) };

  const problems: string[] = [];
  const collect = <T>(read: () => T): T | undefined => {
    try {
      return read();
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      problems.push(...error.problems);
      return undefined;
    }
  };
  const raw = collect(() => readEnv(WORKER_ENV, merged));
  const topics = collect(() => {
    try {
      return topicsConfigFromEnv(merged as NodeJS.ProcessEnv);
    } catch (error) {
      throw new ConfigError([(error as Error).message.replace(/^(KAFKA_[A-Z_]+) /, '$1: ')]);
    }
  });
  const tls = raw ? collect(() => temporalTlsOf(raw)) : undefined;
  const tickets = ticketsDatabaseUrl(merged.TICKETS_DATABASE_URL?.trim(), merged.DATABASE_URL_BASE?.trim());
  if (tickets.problem) problems.push(tickets.problem);
  if ((raw?.WORKER_CONTRACTS_URL || raw?.WORKER_CATALOG_URL) && (raw.GATEWAY_SUBGRAPH_SECRET ?? '').length < 32) {
    problems.push(
      'GATEWAY_SUBGRAPH_SECRET: is required with WORKER_CONTRACTS_URL or WORKER_CATALOG_URL (at least 32 characters, the gateway’s)',
    );
  }
  if (problems.length > 0 || !raw || !topics) {
    const hint = hints(production);
    throw new ConfigError(problems.map((p) => (p.endsWith(': is required') ? p + (hint[p.split(':')[0]!] ?? '') : p)));
  }
  return {
    temporal: {
      address: raw.TEMPORAL_ADDRESS,
      namespace: raw.TEMPORAL_NAMESPACE,
      taskQueue: raw.TEMPORAL_TASK_QUEUE,
      ...(tls ? { tls } : {}),
    },
    kafka: { brokers: raw.KAFKA_BROKERS, clientId: raw.KAFKA_CLIENT_ID, topics },
    ticketsDatabaseUrl: tickets.url!,
    ...(raw.WORKER_CONTRACTS_URL ? { contracts: { url: raw.WORKER_CONTRACTS_URL, secret: raw.GATEWAY_SUBGRAPH_SECRET! } } : {}),
    ...(raw.WORKER_CATALOG_URL ? { catalog: { url: raw.WORKER_CATALOG_URL, secret: raw.GATEWAY_SUBGRAPH_SECRET! } } : {}),
    shutdownGraceMs: raw.WORKER_SHUTDOWN_GRACE_SECONDS * 1000,
    maxCachedWorkflows: raw.WORKER_MAX_CACHED_WORKFLOWS,
    stickyTimeoutMs: raw.WORKER_STICKY_TIMEOUT_SECONDS * 1000,
    ...(raw.WORKER_HEALTH_PORT !== undefined ? { health: { host: raw.WORKER_HEALTH_HOST, port: raw.WORKER_HEALTH_PORT } } : {}),
    logLevel: raw.LOG_LEVEL,
    fromStackEnv: [...fromStackEnv],
    production,
  };
}
/** The configuration for a log line (no passwords). */
export function describeConfig(c: WorkerConfig): Record<string, unknown> {
  return {
    temporalAddress: c.temporal.address,
    namespace: c.temporal.namespace,
    taskQueue: c.temporal.taskQueue,
    temporalTls: c.temporal.tls ? (c.temporal.tls.clientCertPair ? 'mtls' : 'tls') : 'off',
    kafkaBrokers: c.kafka.brokers,
    topicPrefix: c.kafka.topics.prefix ?? '',
    ticketsDatabase: redactUrl(c.ticketsDatabaseUrl),
    contractTerms: c.contracts ? c.contracts.url : 'default terms for every contract',
    releases: c.catalog ? c.catalog.url : 'named by the analyst (no catalog)',
    shutdownGraceMs: c.shutdownGraceMs,
    maxCachedWorkflows: c.maxCachedWorkflows,
    stickyTimeoutMs: c.stickyTimeoutMs,
    ...(c.health ? { health: `http://${c.health.host}:${c.health.port}/health` } : {}),
    ...(c.fromStackEnv.length > 0 ? { fromStackEnv: c.fromStackEnv } : {}),
  };
}
