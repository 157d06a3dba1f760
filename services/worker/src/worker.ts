/**
 * Assembles the worker: the real ports (Kafka publisher, PostgreSQL read model, contract terms), the Temporal
 * connection and the Worker with the workflows bundle and the activities of ./activities. main.ts runs it; the
 * integration test and the benchmarks start it in-process the same way.
 */
import { ContractsClient } from '@sla-desk/contracts-client';
import { type Logger } from '@sla-desk/events';
import { SEARCH_ATTRIBUTE_REGISTRATIONS } from '@sla-desk/workflow-api';
import { NativeConnection, Runtime, Worker, type WorkerOptions } from '@temporalio/worker';
import { Pool } from 'pg';
import { createActivities, defaultContractTerms, type ActivityPorts, type ContractTermsPort } from '@sla-desk/ticket-activities';
import { CatalogReleases } from './catalog-releases';
import { describeConfig, type LogLevel, type WorkerConfig } from './config';
import { connectKafkaPublisher, type KafkaPublisher } from './kafka-publisher';
import { temporalJsonLogger } from './logging';
import { assertReadModelTable, PostgresTicketReadModel } from './read-model';
import { workflowSource, type WorkflowSource } from './workflow-source';

/**
 * Installs the Temporal Runtime (once per process, before any connection): JSON-lines logger, the Rust core's logs
 * forwarded to it at WARN and above, and no signal handlers of its own (main.ts handles SIGTERM/SIGINT).
 */
export function installTemporalRuntime(level: LogLevel, write?: (line: string) => void): void {
  Runtime.install({
    logger: temporalJsonLogger(level, write),
    shutdownSignals: [],
    telemetryOptions: { logging: { filter: { core: 'WARN', other: 'WARN' }, forward: {} } },
  });
}

/** The Worker's capacity options from the configuration (the benchmarks' baselines run with the same). */
export function workerTuning(config: WorkerConfig): Partial<WorkerOptions> {
  return {
    shutdownGraceTime: config.shutdownGraceMs,
    maxCachedWorkflows: config.maxCachedWorkflows,
    stickyQueueScheduleToStartTimeout: config.stickyTimeoutMs,
  };
}

export interface CreateWorkerOptions {
  config: WorkerConfig;
  logger: Logger;
  /** Contract terms. Default: the contracts subgraph (WORKER_CONTRACTS_URL), else defaultContractTerms(). */
  terms?: ContractTermsPort;
  /** Wraps the real ports (tests: failure injection, recording). */
  wrapPorts?: (ports: ActivityPorts) => ActivityPorts;
  /** Default: the prebuilt dist/workflows.bundle.js, else the workflows package. */
  workflows?: WorkflowSource;
  /** Extra Worker options (tuning for benchmarks, e.g. maxCachedWorkflows). */
  workerOptions?: Partial<
    Omit<WorkerOptions, 'connection' | 'namespace' | 'taskQueue' | 'activities' | 'workflowsPath' | 'workflowBundle'>
  >;
  /** Fail the start when the ticket search attributes are not registered on the namespace. Default true. */
  checkSearchAttributes?: boolean;
}

export interface SlaDeskWorker {
  worker: Worker;
  ports: ActivityPorts;
  readModel: PostgresTicketReadModel;
  publisher: KafkaPublisher;
  pool: Pool;
  connection: NativeConnection;
  /** Runs until shutdown (worker.shutdown(), then in-flight activities get `shutdownGraceMs`), then closes. */
  run(): Promise<void>;
  /** Starts the shutdown if the worker runs (idempotent). */
  shutdown(): void;
  /** Closes the producer, the pool and the connection (run() does it when it ends). */
  close(): Promise<void>;
}

/** Checks that the namespace knows the ticket search attributes; throws naming the missing ones. */
export async function assertSearchAttributes(connection: NativeConnection, namespace: string): Promise<void> {
  const res = await connection.operatorService.listSearchAttributes({ namespace });
  const known = new Set([...Object.keys(res.customAttributes ?? {}), ...Object.keys(res.systemAttributes ?? {})]);
  const missing = SEARCH_ATTRIBUTE_REGISTRATIONS.filter((a) => !known.has(a.name));
  if (missing.length > 0) {
    throw new Error(
      `Temporal namespace ${namespace} lacks the ticket search attributes ${missing.map((a) => `${a.name} (${a.cliType})`).join(', ')}: ` +
        `the ticket workflows would fail their tasks. Register them: ${missing
          .map((a) => `temporal operator search-attribute create --namespace ${namespace} --name ${a.name} --type ${a.cliType}`)
          .join('; ')} (the local stack's \`npm run up\` does it)`,
    );
  }
}

/** The contracts subgraph's terms when configured, else the default terms for every contract (logged either way). */
async function contractTerms(config: WorkerConfig, logger: Logger): Promise<ContractTermsPort> {
  if (config.contracts) {
    logger.info('contract terms: from the contracts subgraph', { url: config.contracts.url });
    return new ContractsClient({ url: config.contracts.url, secret: config.contracts.secret, service: 'worker' });
  }
  const terms = defaultContractTerms();
  const t = await terms.termsFor({ contractId: '*', customerId: '*' });
  logger.info('contract terms: the default SLA policy and the Russian production calendar for every contract (no WORKER_CONTRACTS_URL)', {
    policy: t && { id: t.policy.id, version: t.policy.version },
    calendar: t && { id: t.calendar.id, version: t.calendar.version, coveredYears: t.calendar.coveredYears },
  });
  return terms;
}

/** Connects everything and creates the Worker (not yet running). On failure, closes what it opened and throws. */
export async function createSlaDeskWorker(o: CreateWorkerOptions): Promise<SlaDeskWorker> {
  const { config, logger } = o;
  const cleanups: Array<() => Promise<unknown>> = [];
  const closeAll = async (): Promise<void> => {
    for (const c of cleanups.splice(0).reverse()) {
      await c().catch((err: unknown) => logger.warn('error while closing', { err: (err as Error)?.message ?? String(err) }));
    }
  };
  try {
    logger.info('worker starting', describeConfig(config));

    const pool = new Pool({ connectionString: config.ticketsDatabaseUrl, max: 10, connectionTimeoutMillis: 5_000 });
    pool.on('error', (err) => logger.warn('idle PostgreSQL connection error', { err: err.message }));
    cleanups.push(() => pool.end());
    const readModel = new PostgresTicketReadModel(pool);
    await assertReadModelTable(pool);

    const publisher = await connectKafkaPublisher({
      brokers: config.kafka.brokers,
      clientId: config.kafka.clientId,
      topics: config.kafka.topics,
      logger,
    });
    cleanups.push(() => publisher.close());
    logger.info('kafka publisher connected', { created: publisher.topics.created, existing: publisher.topics.existing });

    const terms = o.terms ?? (await contractTerms(config, logger));
    const releases = config.catalog && new CatalogReleases({ url: config.catalog.url, secret: config.catalog.secret, service: 'worker' });
    const real: ActivityPorts = { publisher, readModel, terms, ...(releases ? { releases } : {}) };
    const ports = o.wrapPorts ? o.wrapPorts(real) : real;

    const connection = await NativeConnection.connect({ address: config.temporal.address, tls: config.temporal.tls });
    cleanups.push(() => connection.close());
    if (o.checkSearchAttributes ?? true) await assertSearchAttributes(connection, config.temporal.namespace);

    const source = o.workflows ?? workflowSource();
    logger.info(
      'workflow code',
      source.workflowBundle
        ? { bundle: (source.workflowBundle as { codePath?: string }).codePath ?? '(in memory)' }
        : { bundling: source.workflowsPath },
    );
    const worker = await Worker.create({
      connection,
      namespace: config.temporal.namespace,
      taskQueue: config.temporal.taskQueue,
      ...(source.workflowBundle ? { workflowBundle: source.workflowBundle } : { workflowsPath: source.workflowsPath }),
      activities: createActivities(ports),
      ...workerTuning(config),
      ...o.workerOptions,
    });

    let closed: Promise<void> | undefined;
    const close = (): Promise<void> => (closed ??= closeAll());
    return {
      worker,
      ports,
      readModel,
      publisher,
      pool,
      connection,
      async run() {
        logger.info('worker running', {
          taskQueue: config.temporal.taskQueue,
          namespace: config.temporal.namespace,
          maxCachedWorkflows: worker.options.maxCachedWorkflows,
        });
        try {
          await worker.run();
        } finally {
          await close();
          logger.info('worker stopped');
        }
      },
      shutdown() {
        if (worker.getState() === 'RUNNING') worker.shutdown();
      },
      close,
    };
  } catch (err) {
    await closeAll();
    throw err;
  }
}
