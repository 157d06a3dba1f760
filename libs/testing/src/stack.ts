import { constants as fsConstants, accessSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { TestWorkflowEnvironment, type TimeSkippingTestWorkflowEnvironmentOptions } from '@temporalio/testing';
import { Kafka, logLevel, type KafkaConfig } from 'kafkajs';
import { Client } from 'pg';
import { databaseUrl, redactUrl, stackConfig, type StackConfig } from './config';

const RUN_UP = 'run `npm run up`';

/** A piece of the local stack is missing or does not answer. The message says which, where, and what to do. */
export class StackUnavailableError extends Error {
  constructor(
    readonly component: string,
    readonly where: string,
    cause: unknown,
    options: { problem?: string; hint?: string } = {},
  ) {
    const { problem = 'is not reachable at', hint = RUN_UP } = options;
    super(`${component} ${problem} ${where} — ${hint} (${describe(cause)})`, { cause });
    this.name = 'StackUnavailableError';
  }
}

function describe(err: unknown): string {
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    return [err.name !== 'Error' ? err.name : '', err.message || (typeof code === 'string' ? code : '')].filter(Boolean).join(': ');
  }
  return String(err);
}

/** A name unique to this run, safe for topics, task queues, workflow ids and databases: `<prefix>_<time>_<random>`. */
export function uniqueName(prefix: string): string {
  const clean =
    prefix
      .toLowerCase()
      .replace(/[^a-z0-9_]+/g, '_')
      .replace(/^_+|_+$/g, '') || 'test';
  return `${clean.slice(0, 30)}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
}

/** Checks that the Temporal dev server answers; returns its address. */
export async function requireTemporal(config: StackConfig = stackConfig()): Promise<string> {
  let connection: Connection | undefined;
  try {
    connection = await Connection.connect({ address: config.temporalAddress, connectTimeout: '3s' });
    await connection.workflowService.describeNamespace({ namespace: config.temporalNamespace });
    return config.temporalAddress;
  } catch (err) {
    throw new StackUnavailableError(`Temporal (namespace ${config.temporalNamespace})`, config.temporalAddress, err);
  } finally {
    await connection?.close().catch(() => undefined);
  }
}

/**
 * Checks that the Kafka broker answers a metadata request; returns a kafkajs client for it (no connection is kept
 * open: create producers/consumers/admins from it and disconnect them).
 */
export async function requireKafka(
  options: { clientId?: string; config?: StackConfig; kafka?: Partial<KafkaConfig> } = {},
): Promise<Kafka> {
  const config = options.config ?? stackConfig();
  const where = config.kafkaBrokers.join(',');
  const probe = new Kafka({
    clientId: 'sla-desk-testing-probe',
    brokers: config.kafkaBrokers,
    logLevel: logLevel.NOTHING,
    connectionTimeout: 2000,
    requestTimeout: 5000,
    retry: { retries: 0 },
  }).admin();
  try {
    await probe.connect();
    const cluster = await probe.describeCluster();
    if (cluster.brokers.length === 0) throw new Error('the cluster metadata lists no brokers');
  } catch (err) {
    throw new StackUnavailableError('Kafka', where, err);
  } finally {
    await probe.disconnect().catch(() => undefined);
  }
  return new Kafka({
    clientId: options.clientId ?? 'sla-desk-test',
    brokers: config.kafkaBrokers,
    logLevel: logLevel.WARN,
    ...options.kafka,
  });
}

/** Checks that PostgreSQL accepts the stack's role on `database` and answers a query; returns the database URL. */
export async function requirePostgres(database = 'sladesk_test', config: StackConfig = stackConfig()): Promise<string> {
  const url = databaseUrl(database, config);
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return url;
  } catch (err) {
    throw new StackUnavailableError('PostgreSQL', redactUrl(url), err);
  } finally {
    await client.end().catch(() => undefined);
  }
}

export interface TestDatabase {
  name: string;
  /** `postgresql://…/<name>` */
  url: string;
  /** Drops the database (terminating any session still connected to it). */
  drop(): Promise<void>;
}

/**
 * Creates an empty database for one test (or test file) on the stack's PostgreSQL; call `drop()` in `afterAll`.
 * The stack's role has CREATEDB; `sladesk_test` is used as the maintenance database.
 */
export async function createTestDatabase(prefix = 'test', config: StackConfig = stackConfig()): Promise<TestDatabase> {
  const adminUrl = await requirePostgres('sladesk_test', config);
  const name = uniqueName(`t_${prefix}`).slice(0, 63);
  const run = async (sql: string): Promise<void> => {
    const client = new Client({ connectionString: adminUrl, connectionTimeoutMillis: 3000 });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await run(`CREATE DATABASE "${name}"`);
  return {
    name,
    url: databaseUrl(name, config),
    drop: () => run(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  };
}

/** Checks that the time-skipping test server binary is present and executable; returns its absolute path. */
export function requireTestServer(config: StackConfig = stackConfig()): string {
  const executable = path.resolve(config.temporalTestServerPath);
  try {
    accessSync(executable, fsConstants.X_OK);
  } catch (err) {
    throw new StackUnavailableError('The Temporal time-skipping test server', executable, err, {
      problem: 'is not installed at',
    });
  }
  return executable;
}

/**
 * A time-skipping TestWorkflowEnvironment on the test server installed by `npm run up` (never downloaded). One per
 * test file; call `teardown()` in `afterAll`.
 */
export async function timeSkippingTestEnv(
  options: TimeSkippingTestWorkflowEnvironmentOptions = {},
  config: StackConfig = stackConfig(),
): Promise<TestWorkflowEnvironment> {
  const executable = requireTestServer(config);
  try {
    return await TestWorkflowEnvironment.createTimeSkipping({
      ...options,
      server: { ...options.server, executable: { type: 'existing-path', path: executable } },
    });
  } catch (err) {
    throw new StackUnavailableError('The Temporal time-skipping test server', executable, err, {
      problem: 'did not start from',
      hint: `check that \`${executable} 0\` runs, or ${RUN_UP}`,
    });
  }
}

/** A TestWorkflowEnvironment on the running dev server of the stack (no time skipping). */
export async function devServerTestEnv(config: StackConfig = stackConfig()): Promise<TestWorkflowEnvironment> {
  await requireTemporal(config);
  return TestWorkflowEnvironment.createFromExistingServer({
    address: config.temporalAddress,
    namespace: config.temporalNamespace,
  });
}
