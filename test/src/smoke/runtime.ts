import { DefaultLogger, Runtime, type Logger } from '@temporalio/worker';

/** Warnings and errors only, for the worker runtime and the workflow bundler. */
export const quietLogger: Logger = new DefaultLogger('WARN');

/**
 * Quiet Temporal logs in the smoke tests. The Runtime is per process, so only the first call takes effect. Core is at
 * ERROR: the time-skipping test server does not advertise newer server capabilities and core warns about it.
 */
export function quietTemporalRuntime(): void {
  try {
    Runtime.install({ logger: quietLogger, telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' } } } });
  } catch {
    // already installed by an earlier test file in this jest worker
  }
}
