/**
 * The worker's configuration, read from environment variables and validated at start: every problem is collected and
 * reported in one error naming each bad variable, e.g.
 *
 *   Invalid worker configuration:
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
import { SLA_DESK_TASK_QUEUE } from '@sla-desk/workflow-api';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface WorkerConfig {
  temporal: {
    /** gRPC host:port of the Temporal frontend. */
    address: string;
    namespace: string;
    /** Default: SLA_DESK_TASK_QUEUE of @sla-desk/workflow-api. */
    taskQueue: string;
  };
  kafka: {
    brokers: string[];
    clientId: string;
    /** Topic names, prefix, partitions, replication (KAFKA_TOPIC_* of @sla-desk/events). */
    topics: TopicsConfig;
  };
  /** The `tickets` database: the read model (`ticket_view`). */
  ticketsDatabaseUrl: string;
  /** Apply services/worker/prisma/migrations at start (`sla-db-migrate deploy`). */
  migrateOnStart: boolean;
  /** How long running activities get to finish after SIGTERM/SIGINT before they are cancelled. */
  shutdownGraceMs: number;
  /** Workflows kept in the worker's sticky cache (WORKER_MAX_CACHED_WORKFLOWS); undefined: the SDK's default. */
  maxCachedWorkflows?: number;
  logLevel: LogLevel;
  /** Variables that were not set and came from the local stack's stack.env (development only). */
  fromStackEnv: string[];
  production: boolean;
}

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid worker configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

/** The variables a development run may take from stack.env. */
const STACK_ENV_VARIABLES = ['TEMPORAL_ADDRESS', 'TEMPORAL_NAMESPACE', 'KAFKA_BROKERS', 'DATABASE_URL_BASE'] as const;

const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];

const HOST_PORT = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/;

function hostPortProblem(value: string): string | undefined {
  const m = HOST_PORT.exec(value);
  if (!m) return `"${value}" is not host:port`;
  const port = Number(m[2]);
  if (port < 1 || port > 65535) return `"${value}": port must be between 1 and 65535`;
  return undefined;
}

/** Passwords never appear in messages. */
export function redactUrl(url: string): string {
  return url.replace(/(\/\/[^:/@]+:)[^@]*@/, '$1***@');
}

function postgresUrlProblem(value: string): string | undefined {
  let u: URL;
  try {
    u = new URL(value);
  } catch {
    return `"${redactUrl(value)}" is not a URL`;
  }
  if (u.protocol !== 'postgresql:' && u.protocol !== 'postgres:') return `must be a postgresql:// URL (got ${u.protocol}//…)`;
  if (!u.hostname) return 'has no host';
  if (!u.pathname || u.pathname === '/') return 'names no database (…/tickets)';
  return undefined;
}

/** `<SLA_DESK_HOME or repo>/.local/stack.env` (or `file`) parsed, or {} when absent. */
export function readStackEnv(env: Env, repoRoot = path.resolve(__dirname, '..', '..', '..'), explicitFile?: string): { file?: string; values: Env } {
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

/** Reads and validates the configuration; throws ConfigError listing every bad variable. */
export function readWorkerConfig(env: Env = process.env, options: ReadConfigOptions = {}): WorkerConfig {
  const problems: string[] = [];
  const production = env.NODE_ENV === 'production';
  const stack = options.stackEnvFile
    ? readStackEnv(env, undefined, options.stackEnvFile)
    : production || options.repoRoot === null
      ? { values: {} as Env }
      : readStackEnv(env, options.repoRoot ?? undefined);
  const fromStackEnv: string[] = [];
  const get = (name: string): string | undefined => {
    const own = env[name]?.trim();
    if (own) return own;
    const fallback = (STACK_ENV_VARIABLES as readonly string[]).includes(name) ? stack.values[name]?.trim() : undefined;
    if (fallback) {
      fromStackEnv.push(name);
      return fallback;
    }
    return undefined;
  };
  const hint = production ? '' : ' (or run `npm run up`, which writes .local/stack.env)';

  const address = get('TEMPORAL_ADDRESS');
  if (!address) problems.push(`TEMPORAL_ADDRESS: is required, e.g. 127.0.0.1:7233${hint}`);
  else {
    const p = hostPortProblem(address);
    if (p) problems.push(`TEMPORAL_ADDRESS: ${p}`);
  }
  const namespace = get('TEMPORAL_NAMESPACE') ?? 'default';
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(namespace)) problems.push(`TEMPORAL_NAMESPACE: "${namespace}" is not a namespace name`);
  const taskQueue = get('TEMPORAL_TASK_QUEUE') ?? SLA_DESK_TASK_QUEUE;

  const brokersRaw = get('KAFKA_BROKERS');
  let brokers: string[] = [];
  if (!brokersRaw) problems.push(`KAFKA_BROKERS: is required, e.g. 127.0.0.1:9092 (comma-separated)${hint}`);
  else {
    brokers = brokersRaw.split(',').map((b) => b.trim()).filter(Boolean);
    const bad = brokers.map(hostPortProblem).filter((p): p is string => p !== undefined);
    if (brokers.length === 0) problems.push('KAFKA_BROKERS: lists no broker');
    else if (bad.length > 0) problems.push(`KAFKA_BROKERS: ${bad.join('; ')}`);
  }
  let topics: TopicsConfig | undefined;
  try {
    topics = topicsConfigFromEnv(env as NodeJS.ProcessEnv);
  } catch (e) {
    problems.push((e as Error).message.replace(/^(KAFKA_[A-Z_]+) /, '$1: '));
  }

  let ticketsDatabaseUrl = env.TICKETS_DATABASE_URL?.trim();
  if (ticketsDatabaseUrl) {
    const p = postgresUrlProblem(ticketsDatabaseUrl);
    if (p) problems.push(`TICKETS_DATABASE_URL: ${p}`);
  } else {
    const base = get('DATABASE_URL_BASE');
    if (!base) problems.push(`TICKETS_DATABASE_URL: is required (or DATABASE_URL_BASE, to which /tickets is appended)${hint}`);
    else {
      ticketsDatabaseUrl = `${base.replace(/\/+$/, '')}/tickets`;
      const p = postgresUrlProblem(ticketsDatabaseUrl);
      if (p) problems.push(`DATABASE_URL_BASE: ${p.replace('names no database (…/tickets)', 'is not postgresql://user:password@host:port')}`);
    }
  }

  const bool = (name: string, dflt: boolean): boolean => {
    const raw = env[name]?.trim().toLowerCase();
    if (!raw) return dflt;
    if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
    if (['0', 'false', 'no', 'off'].includes(raw)) return false;
    problems.push(`${name}: must be true or false (got "${env[name]}")`);
    return dflt;
  };
  const migrateOnStart = bool('WORKER_MIGRATE_ON_START', true);

  let shutdownGraceMs = 10_000;
  const graceRaw = env.WORKER_SHUTDOWN_GRACE_SECONDS?.trim();
  if (graceRaw) {
    const n = Number(graceRaw);
    if (!/^\d+(\.\d+)?$/.test(graceRaw) || n > 3600) problems.push(`WORKER_SHUTDOWN_GRACE_SECONDS: must be a number of seconds between 0 and 3600 (got "${graceRaw}")`);
    else shutdownGraceMs = Math.round(n * 1000);
  }

  let maxCachedWorkflows: number | undefined;
  const cacheRaw = env.WORKER_MAX_CACHED_WORKFLOWS?.trim();
  if (cacheRaw) {
    if (!/^\d+$/.test(cacheRaw) || Number(cacheRaw) > 1_000_000) problems.push(`WORKER_MAX_CACHED_WORKFLOWS: must be an integer between 0 and 1000000 (got "${cacheRaw}")`);
    else maxCachedWorkflows = Number(cacheRaw);
  }

  const levelRaw = (env.LOG_LEVEL?.trim().toLowerCase() || 'info') as LogLevel;
  if (!LOG_LEVELS.includes(levelRaw)) problems.push(`LOG_LEVEL: must be one of ${LOG_LEVELS.join(', ')} (got "${env.LOG_LEVEL}")`);

  const clientId = env.KAFKA_CLIENT_ID?.trim() || 'sla-desk-worker';

  if (problems.length > 0) throw new ConfigError(problems);
  return {
    temporal: { address: address!, namespace, taskQueue },
    kafka: { brokers, clientId, topics: topics! },
    ticketsDatabaseUrl: ticketsDatabaseUrl!,
    migrateOnStart,
    shutdownGraceMs,
    maxCachedWorkflows,
    logLevel: LOG_LEVELS.includes(levelRaw) ? levelRaw : 'info',
    fromStackEnv,
    production,
  };
}

/** The configuration for a log line (no passwords). */
export function describeConfig(c: WorkerConfig): Record<string, unknown> {
  return {
    temporalAddress: c.temporal.address,
    namespace: c.temporal.namespace,
    taskQueue: c.temporal.taskQueue,
    kafkaBrokers: c.kafka.brokers,
    topicPrefix: c.kafka.topics.prefix ?? '',
    ticketsDatabase: redactUrl(c.ticketsDatabaseUrl),
    migrateOnStart: c.migrateOnStart,
    shutdownGraceMs: c.shutdownGraceMs,
    ...(c.maxCachedWorkflows !== undefined ? { maxCachedWorkflows: c.maxCachedWorkflows } : {}),
    ...(c.fromStackEnv.length > 0 ? { fromStackEnv: c.fromStackEnv } : {}),
  };
}
