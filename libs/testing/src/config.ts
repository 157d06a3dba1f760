import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** Where each piece of the local stack (deploy/local, `npm run up`) is reached. */
export interface StackConfig {
  /** The state folder of deploy/local (`SLA_DESK_HOME`, default `<repo>/.local`). */
  home: string;
  /** Temporal dev server gRPC address, e.g. `127.0.0.1:7233`. */
  temporalAddress: string;
  temporalNamespace: string;
  temporalUiUrl: string;
  /** Kafka bootstrap brokers (`KAFKA_BROKERS`, comma-separated). */
  kafkaBrokers: string[];
  /** `postgresql://user:password@host:port`, without a database: see {@link databaseUrl}. */
  databaseUrlBase: string;
  /** Absolute path of the time-skipping test server binary. */
  temporalTestServerPath: string;
  /** Absolute path of the Temporal CLI. */
  temporalCliPath: string;
}

/** The variables `deploy/local/up.sh` writes to `<home>/stack.env`, and which the environment may override. */
export const STACK_ENV_KEYS = [
  'TEMPORAL_ADDRESS',
  'TEMPORAL_NAMESPACE',
  'TEMPORAL_UI_URL',
  'KAFKA_BROKERS',
  'DATABASE_URL_BASE',
  'TEMPORAL_TEST_SERVER_PATH',
  'TEMPORAL_CLI_PATH',
] as const;
export type StackEnvKey = (typeof STACK_ENV_KEYS)[number];

export interface StackConfigOptions {
  /** Defaults to `process.env`. */
  env?: Record<string, string | undefined>;
  /** Repository root; found from this file's location (or the working directory) when not given. */
  repoRoot?: string;
}

const ROOT_PACKAGE_NAME = 'sla-desk';

function isRepoRoot(dir: string): boolean {
  const pkg = path.join(dir, 'package.json');
  if (!existsSync(pkg)) return false;
  try {
    return (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === ROOT_PACKAGE_NAME;
  } catch {
    return false;
  }
}

/** The monorepo root: the nearest folder upwards whose package.json is named `sla-desk`. */
export function findRepoRoot(from: string = __dirname): string {
  for (const start of [from, process.cwd()]) {
    let dir = path.resolve(start);
    for (;;) {
      if (isRepoRoot(dir)) return dir;
      const parent = path.dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
  }
  throw new Error(`Cannot find the sla-desk repository root above ${from} or ${process.cwd()}`);
}

/** Parses `KEY=value` lines (blank lines and `#` comments ignored; one level of surrounding quotes removed). */
export function parseEnvFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const m = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (!m) continue;
    let value = m[2].trim();
    if (value.length >= 2 && (value[0] === '"' || value[0] === "'") && value.at(-1) === value[0]) {
      value = value.slice(1, -1);
    }
    out[m[1]] = value;
  }
  return out;
}

/**
 * The stack configuration: each value from the environment, else from `<home>/stack.env` (written by `npm run up`),
 * else the defaults of deploy/local (127.0.0.1, ports 7233/8233/9092/55432, binaries under `<home>/bin`).
 */
export function stackConfig(options: StackConfigOptions = {}): StackConfig {
  const env = options.env ?? process.env;
  const repoRoot = options.repoRoot ?? findRepoRoot();
  const home = path.resolve(repoRoot, env.SLA_DESK_HOME || '.local');
  const stackEnvPath = path.join(home, 'stack.env');
  const fromFile = existsSync(stackEnvPath) ? parseEnvFile(readFileSync(stackEnvPath, 'utf8')) : {};
  const defaults: Record<StackEnvKey, string> = {
    TEMPORAL_ADDRESS: '127.0.0.1:7233',
    TEMPORAL_NAMESPACE: 'default',
    TEMPORAL_UI_URL: 'http://127.0.0.1:8233',
    KAFKA_BROKERS: '127.0.0.1:9092',
    DATABASE_URL_BASE: 'postgresql://sladesk:sladesk@127.0.0.1:55432',
    TEMPORAL_TEST_SERVER_PATH: path.join(home, 'bin', 'temporal-test-server'),
    TEMPORAL_CLI_PATH: path.join(home, 'bin', 'temporal'),
  };
  const get = (key: StackEnvKey): string => env[key] || fromFile[key] || defaults[key];
  return {
    home,
    temporalAddress: get('TEMPORAL_ADDRESS'),
    temporalNamespace: get('TEMPORAL_NAMESPACE'),
    temporalUiUrl: get('TEMPORAL_UI_URL'),
    kafkaBrokers: get('KAFKA_BROKERS')
      .split(',')
      .map((b) => b.trim())
      .filter(Boolean),
    databaseUrlBase: get('DATABASE_URL_BASE').replace(/\/+$/, ''),
    temporalTestServerPath: path.resolve(repoRoot, get('TEMPORAL_TEST_SERVER_PATH')),
    temporalCliPath: path.resolve(repoRoot, get('TEMPORAL_CLI_PATH')),
  };
}

/** `postgresql://…/<database>` on the stack's PostgreSQL. */
export function databaseUrl(database: string, config: StackConfig = stackConfig()): string {
  return `${config.databaseUrlBase}/${encodeURIComponent(database)}`;
}

/** A PostgreSQL URL with the password masked, for messages. */
export function redactUrl(url: string): string {
  return url.replace(/(\/\/[^:/@]+:)[^@]*@/, '$1***@');
}
