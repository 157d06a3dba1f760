// The one structured logger of SLA Desk's Node processes: JSON lines on stderr, one object per entry
// (`time`, `level`, `name`, `msg`, then the fields). Nest services log through pino with the same shape
// (@sla-desk/subgraph's loggerParams); kafkajs, the outbox relay, consumers and the worker use this directly.
export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal' | 'silent';
export type LogFields = Record<string, unknown>;

export const LOG_LEVELS: readonly LogLevel[] = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'];

export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
}

export interface JsonLogger extends Logger {
  /** A logger named `<name>:<sub>` with the same level and output. */
  child(sub: string): JsonLogger;
}

export type LineWriter = (line: string) => void;

export const stderrWriter: LineWriter = (line) => {
  process.stderr.write(`${line}\n`);
};

const RANK: Record<LogLevel, number> = { trace: 5, debug: 10, info: 20, warn: 30, error: 40, fatal: 50, silent: 100 };

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

export function jsonLogger(
  name: string,
  level: LogLevel = (process.env['LOG_LEVEL'] as LogLevel | undefined) ?? 'info',
  write: LineWriter = stderrWriter,
): JsonLogger {
  const min = RANK[level] ?? RANK.info;
  const at = (lvl: 'debug' | 'info' | 'warn' | 'error') => (msg: string, fields?: LogFields) => {
    if (RANK[lvl] < min) return;
    write(jsonLine({ time: new Date().toISOString(), level: lvl, name, msg, ...fields }));
  };
  return {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: (sub) => jsonLogger(`${name}:${sub}`, level, write),
  };
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };

export function errorFields(err: unknown): LogFields {
  if (err instanceof Error) return { err: err.message, errName: err.name };
  return { err: String(err) };
}
