/**
 * Temporal's logs in the shape of every SLA Desk log line (@sla-desk/runtime's jsonLogger, which the worker's own
 * messages and kafkajs use): the SDK, workflow and activity logs, and the Rust core's logs forwarded to it.
 */
import { jsonLine, stderrWriter, type LineWriter } from '@sla-desk/runtime';
import { DefaultLogger, type LogEntry, type LogLevel as TemporalLogLevel } from '@temporalio/worker';
import type { LogLevel } from './config';

const TEMPORAL_LEVEL: Record<LogLevel, TemporalLogLevel> = {
  trace: 'TRACE',
  debug: 'DEBUG',
  info: 'INFO',
  warn: 'WARN',
  error: 'ERROR',
  fatal: 'ERROR',
  silent: 'ERROR',
};

/**
 * The Temporal Runtime logger: JSON lines with `name` "temporal:<sdkComponent>" (worker, workflow, activity, core)
 * and the SDK's metadata (workflowId, runId, activityType, taskQueue, …) as fields. Core logs keep their own time.
 */
export function temporalJsonLogger(level: LogLevel = 'info', write: LineWriter = stderrWriter): DefaultLogger {
  return new DefaultLogger(TEMPORAL_LEVEL[level], (entry: LogEntry) => {
    const { sdkComponent, ...meta } = (entry.meta ?? {}) as Record<string, unknown>;
    const millis = Number(entry.timestampNanos / 1_000_000n);
    write(
      jsonLine({
        time: new Date(millis).toISOString(),
        level: entry.level.toLowerCase(),
        name: `temporal:${typeof sdkComponent === 'string' ? sdkComponent : 'sdk'}`,
        msg: entry.message,
        ...meta,
      }),
    );
  });
}
