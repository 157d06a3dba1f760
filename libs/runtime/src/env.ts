import { LOG_LEVELS, type LogLevel } from './logger';

// Configuration from environment variables, validated at start: every problem is collected and reported in one
// error that names each bad variable, e.g.
//   Invalid configuration:
//     - IDENTITY_PORT: must be an integer between 1 and 65535 (got "http")
//     - JWT_PRIVATE_KEY: is required

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

export interface EnvVar<T> {
  /** Parses the raw value (undefined when unset or empty); returns the value or throws an Error with the reason. */
  read(raw: string | undefined): T;
}

class Invalid extends Error {}

const HOST_PORT = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):([1-9]\d{0,4})$/;

function show(raw: string): string {
  return raw.length > 40 ? `"${raw.slice(0, 37)}..."` : `"${raw}"`;
}

export const env = {
  string(options: { default?: string; minLength?: number; pattern?: RegExp } = {}): EnvVar<string> {
    return {
      read(raw) {
        const value = raw ?? options.default;
        if (value === undefined) throw new Invalid('is required');
        if (options.minLength !== undefined && value.length < options.minLength) {
          throw new Invalid(`must be at least ${options.minLength} characters long`);
        }
        if (options.pattern && !options.pattern.test(value)) throw new Invalid(`has an invalid form (got ${show(value)})`);
        return value;
      },
    };
  },
  optionalString(): EnvVar<string | undefined> {
    return { read: (raw) => raw };
  },
  int(options: { default?: number; min?: number; max?: number } = {}): EnvVar<number> {
    const min = options.min ?? Number.MIN_SAFE_INTEGER;
    const max = options.max ?? Number.MAX_SAFE_INTEGER;
    return {
      read(raw) {
        if (raw === undefined) {
          if (options.default === undefined) throw new Invalid('is required');
          return options.default;
        }
        const value = Number(raw);
        if (!/^-?\d+$/.test(raw.trim()) || !Number.isSafeInteger(value) || value < min || value > max) {
          throw new Invalid(`must be an integer between ${min} and ${max} (got ${show(raw)})`);
        }
        return value;
      },
    };
  },
  optionalInt(options: { min?: number; max?: number } = {}): EnvVar<number | undefined> {
    const int = env.int(options);
    return { read: (raw) => (raw === undefined ? undefined : int.read(raw)) };
  },
  port(options: { default?: number } = {}): EnvVar<number> {
    return env.int({ ...options, min: 0, max: 65535 });
  },
  bool(options: { default?: boolean } = {}): EnvVar<boolean> {
    return {
      read(raw) {
        if (raw === undefined) {
          if (options.default === undefined) throw new Invalid('is required');
          return options.default;
        }
        const v = raw.trim().toLowerCase();
        if (['1', 'true', 'yes', 'on'].includes(v)) return true;
        if (['0', 'false', 'no', 'off'].includes(v)) return false;
        throw new Invalid(`must be true or false (got ${show(raw)})`);
      },
    };
  },
  oneOf<T extends string>(values: readonly T[], options: { default?: T } = {}): EnvVar<T> {
    return {
      read(raw) {
        const value = raw ?? options.default;
        if (value === undefined) throw new Invalid(`is required (one of ${values.join(', ')})`);
        if (!(values as readonly string[]).includes(value)) {
          throw new Invalid(`must be one of ${values.join(', ')} (got ${show(value)})`);
        }
        return value as T;
      },
    };
  },
  url(options: { default?: string; protocols?: readonly string[] } = {}): EnvVar<string> {
    return {
      read(raw) {
        const value = raw ?? options.default;
        if (value === undefined) throw new Invalid('is required');
        let url: URL;
        try {
          url = new URL(value);
        } catch {
          throw new Invalid('must be a URL');
        }
        if (options.protocols && !options.protocols.includes(url.protocol.replace(/:$/, ''))) {
          throw new Invalid(`must be a ${options.protocols.join(' or ')} URL`);
        }
        return value;
      },
    };
  },
  /** A URL, or undefined when the variable is not set (or empty). */
  optionalUrl(options: { protocols?: readonly string[] } = {}): EnvVar<string | undefined> {
    const required = env.url(options);
    return { read: (raw) => (raw === undefined || raw === '' ? undefined : required.read(raw)) };
  },
  logLevel(options: { default?: LogLevel } = { default: 'info' }): EnvVar<LogLevel> {
    return env.oneOf(LOG_LEVELS, options);
  },
  /** A comma-separated list (blank entries dropped); each entry must pass `check` (it returns the problem). */
  list(options: { default?: readonly string[]; check?: (item: string) => string | undefined } = {}): EnvVar<string[]> {
    return {
      read(raw) {
        if (raw === undefined) {
          if (options.default === undefined) throw new Invalid('is required');
          return [...options.default];
        }
        const items = raw
          .split(',')
          .map((item) => item.trim())
          .filter(Boolean);
        for (const item of items) {
          const problem = options.check?.(item);
          if (problem) throw new Invalid(`${show(item)} ${problem}`);
        }
        return items;
      },
    };
  },
  /** One host:port (a gRPC address). */
  hostPort(options: { default?: string } = {}): EnvVar<string> {
    const list = env.hostPorts(options.default === undefined ? {} : { default: [options.default] });
    return {
      read(raw) {
        const [first, ...rest] = list.read(raw);
        if (!first || rest.length > 0) throw new Invalid(`must be one host:port (got ${show(raw ?? '')})`);
        return first;
      },
    };
  },
  /** host:port entries, comma-separated (Kafka brokers); an empty list where `default` is []. */
  hostPorts(options: { default?: readonly string[] } = {}): EnvVar<string[]> {
    return env.list({
      ...options,
      check: (item) => (HOST_PORT.test(item) && Number(item.split(':').pop()) <= 65535 ? undefined : 'is not host:port'),
    });
  },
  /** PEM text; literal "\n" sequences are accepted for one-line environment values. */
  pem(label: 'PRIVATE KEY' | 'PUBLIC KEY'): EnvVar<string> {
    return {
      read(raw) {
        if (raw === undefined) throw new Invalid('is required');
        const pem = raw.replace(/\\n/g, '\n').trim();
        if (!pem.startsWith(`-----BEGIN ${label}-----`) || !pem.endsWith(`-----END ${label}-----`)) {
          throw new Invalid(`must be a PEM "${label}" (-----BEGIN ${label}----- … -----END ${label}-----)`);
        }
        return pem;
      },
    };
  },
};

export type ConfigSpec<T> = { [K in keyof T]: EnvVar<T[K]> };

/** Reads every variable of the spec (keys are variable names); throws one ConfigError listing all problems. */
export function readEnv<T>(spec: ConfigSpec<T>, source: Env = process.env): T {
  const problems: string[] = [];
  const out: Partial<T> = {};
  for (const name of Object.keys(spec) as (keyof T & string)[]) {
    const raw = source[name];
    try {
      out[name] = spec[name].read(raw === undefined || raw.trim() === '' ? undefined : raw);
    } catch (error) {
      if (!(error instanceof Invalid)) throw error;
      problems.push(`${name}: ${error.message}`);
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return out as T;
}
