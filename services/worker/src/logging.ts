/**
 * Structured logs: one JSON object per line on stderr — `{"time","level","name","msg",…fields}` — for the worker's
 * own messages, kafkajs (through @sla-desk/events' Logger) and Temporal (the Runtime logger: SDK, workflow and
 * activity logs, and the Rust core's logs forwarded to it).
 */
import type { LogFields, Logger } from '@sla-desk/events';
import { DefaultLogger, type LogEntry, type LogLevel as TemporalLogLevel } from '@temporalio/worker';
import type { LogLevel } from './config';

export type LineWriter = (line: string) => void;

export const stderrWriter: LineWriter = (line) => {
  process.stderr.write(`${line}\n`);
};

const RANK: Record<LogLevel | 'trace', number> = { trace: 5, debug: 10, info: 20, warn: 30, error: 40 };

/** JSON.stringify that keeps errors readable and bigints as strings, and never throws on a cycle. */
export function jsonLine(entry: Record<string, unknown>): string {
  const seen = new WeakSet<object>();
  return JSON.stringify(entry, (_key, value: unknown) => {
    if (typeof value === 'bigint') return value.toString();
    if (value instanceof Error) {
      const { name, message, stack } = value;
      const cause = (value as { cause?: unknown }).cause;
      return { name, message, stack, ...(cause !== undefined ? { cause } : {}) };
    }
    if (value && typeof value === 'object') {
      if (seen.has(value)) return '[circular]';
      seen.add(value);
    }
    return value;
  });
}

/** A logger of the worker (the `Logger` shape of @sla-desk/events, so kafkajs and the worker share it). */
export function jsonLogger(name: string, level: LogLevel = 'info', write: LineWriter = stderrWriter): Logger & { child(name: string): Logger } {
  const min = RANK[level];
  const at = (lvl: LogLevel) => (msg: string, fields?: LogFields) => {
    if (RANK[lvl] < min) return;
    write(jsonLine({ time: new Date().toISOString(), level: lvl, name, msg, ...fields }));
  };
  return {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: (sub: string) => jsonLogger(`${name}:${sub}`, level, write),
  };
}

const TEMPORAL_LEVEL: Record<LogLevel, TemporalLogLevel> = { debug: 'DEBUG', info: 'INFO', warn: 'WARN', error: 'ERROR' };

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
