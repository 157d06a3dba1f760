/**
 * The worker process: `npm run start -w @sla-desk/worker` (node dist/main.js). Reads and validates the configuration
 * (see config.ts; invalid: exit 78 through @sla-desk/runtime's runMain), deploys the read model's migrations, creates the Kafka topics, connects, and polls the task queue
 * until SIGTERM/SIGINT (with WORKER_HEALTH_PORT set, GET /health answers 200 while it polls: health.ts); then it stops
 * polling, lets running activities finish (WORKER_SHUTDOWN_GRACE_SECONDS),
 * disconnects the producer, ends the pool and exits 0. A second signal exits at once (130).
 */
import { jsonLogger, runMain } from '@sla-desk/runtime';
import { readWorkerConfig } from './config';
import { startHealthServer, type HealthServer } from './health';
import { createSlaDeskWorker, installTemporalRuntime, type SlaDeskWorker } from './worker';

/** `--stack-env FILE` (or `--stack-env=FILE`): unset variables come from that stack.env. */
function stackEnvArg(argv: string[]): string | undefined {
  const i = argv.findIndex((a) => a === '--stack-env' || a.startsWith('--stack-env='));
  if (i < 0) return undefined;
  return argv[i].includes('=') ? argv[i].slice('--stack-env='.length) : argv[i + 1];
}

async function main(): Promise<number> {
  const config = readWorkerConfig(process.env, { stackEnvFile: stackEnvArg(process.argv.slice(2)) });
  const logger = jsonLogger('worker', config.logLevel);
  installTemporalRuntime(config.logLevel);

  let stopping = false;
  let running: SlaDeskWorker | undefined;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (stopping) {
      logger.warn('second signal: exiting without waiting', { signal });
      process.exit(130);
    }
    stopping = true;
    logger.info('shutting down', { signal, graceMs: config.shutdownGraceMs });
    running?.shutdown();
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);

  try {
    running = await createSlaDeskWorker({ config, logger });
  } catch (err) {
    logger.error('worker failed to start', { err: err instanceof Error ? err.message : String(err), stack: (err as Error)?.stack });
    return 1;
  }
  if (stopping) {
    await running.close();
    return 0;
  }
  let health: HealthServer | undefined;
  if (config.health) {
    const worker = running.worker;
    try {
      health = await startHealthServer({ ...config.health, state: () => worker.getState() });
    } catch (err) {
      logger.error('health endpoint failed to start', { err: err instanceof Error ? err.message : String(err), ...config.health });
      await running.close();
      return 1;
    }
  }
  try {
    await running.run();
    return 0;
  } catch (err) {
    logger.error('worker failed', { err: err instanceof Error ? err.message : String(err), stack: (err as Error)?.stack });
    return 1;
  } finally {
    await health?.close();
  }
}

void runMain('worker', main);
