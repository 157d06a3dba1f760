#!/usr/bin/env node
// sla-db-migrate: argument parsing, messages and exit codes around commands.ts and generate.ts.
import { relative, resolve } from 'node:path';
import { checkMigrations, createMigration, deployMigrations, type CheckResult, type CreateResult, type DeployResult } from './commands';
import { redactUrl } from './database';
import { prismaGenerate } from './generate';

export const USAGE = `Usage: sla-db-migrate [--cwd <dir>] <command> [options]

Prisma migrations on PostgreSQL through the WebAssembly schema engine (no native engine needed).

Commands:
  create --schema <path> --name <name>   Write migrations/<timestamp>_<name>/migration.sql with the SQL that
                                         takes the migrations folder's state to schema.prisma. The URL names
                                         a PostgreSQL server: a throwaway database is created there to replay
                                         the existing migrations, then dropped.
  deploy --schema <path>                 Apply pending migrations to the database (like prisma migrate deploy).
  check  --schema <path>                 Exit 1 if the database has pending, failed or edited migrations, or
                                         differs from schema.prisma (read-only).
  generate [--schema <path>] [--config <prisma.config.ts>]
                                         prisma generate, offline.

Options:
  --url <url>          postgresql://user:password@host:port/database
  --url-env <NAME>     read the URL from this environment variable (default: DATABASE_URL)
  --migrations <dir>   migrations folder (default: migrations/ next to the schema)
  --cwd <dir>          resolve relative paths from here (the npm script passes $INIT_CWD)
  --verbose            print the schema engine's log
  -h, --help           this text
`;

export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export class UsageError extends Error {}

interface Parsed {
  command: string | undefined;
  flags: Map<string, string | true>;
}

const VALUE_FLAGS = new Set(['schema', 'name', 'url', 'url-env', 'migrations', 'cwd', 'config']);
const BOOLEAN_FLAGS = new Set(['verbose', 'help']);

export function parseArgs(argv: string[]): Parsed {
  const flags = new Map<string, string | true>();
  let command: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '-h') {
      flags.set('help', true);
    } else if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const key = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
      if (BOOLEAN_FLAGS.has(key)) {
        flags.set(key, true);
      } else if (VALUE_FLAGS.has(key)) {
        const value = eq === -1 ? argv[++i] : arg.slice(eq + 1);
        if (value === undefined || value === '') throw new UsageError(`--${key} needs a value`);
        flags.set(key, value);
      } else {
        throw new UsageError(`Unknown option ${arg}`);
      }
    } else if (command === undefined) {
      command = arg;
    } else {
      throw new UsageError(`Unexpected argument "${arg}"`);
    }
  }
  return { command, flags };
}

function stringFlag(parsed: Parsed, key: string): string | undefined {
  const value = parsed.flags.get(key);
  return typeof value === 'string' ? value : undefined;
}

function required(parsed: Parsed, key: string): string {
  const value = stringFlag(parsed, key);
  if (value === undefined) throw new UsageError(`${parsed.command} needs --${key}`);
  return value;
}

/** --url, else the variable named by --url-env, else DATABASE_URL. */
export function resolveUrl(parsed: Parsed, env: NodeJS.ProcessEnv): string {
  const url = stringFlag(parsed, 'url');
  if (url !== undefined) return url;
  const name = stringFlag(parsed, 'url-env') ?? 'DATABASE_URL';
  const fromEnv = env[name];
  if (fromEnv) return fromEnv;
  throw new UsageError(`${parsed.command} needs a database URL: pass --url or set ${name}`);
}

export async function main(argv: string[], io: Io): Promise<number> {
  let parsed: Parsed;
  try {
    parsed = parseArgs(argv);
  } catch (error) {
    io.stderr(`sla-db-migrate: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (parsed.flags.has('help') || parsed.command === undefined || parsed.command === 'help') {
    (parsed.command === undefined && !parsed.flags.has('help') ? io.stderr : io.stdout)(USAGE);
    return parsed.command === undefined && !parsed.flags.has('help') ? 2 : 0;
  }
  const cwd = resolve(io.cwd, stringFlag(parsed, 'cwd') ?? '.');
  const at = (path: string) => resolve(cwd, path);
  const show = (path: string) => relative(cwd, path) || '.';
  const engineLog = parsed.flags.has('verbose') ? (line: string) => io.stderr(`[engine] ${line}\n`) : undefined;
  const migrations = stringFlag(parsed, 'migrations');
  try {
    switch (parsed.command) {
      case 'create': {
        const result = await createMigration({
          schema: at(required(parsed, 'schema')),
          name: required(parsed, 'name'),
          url: resolveUrl(parsed, io.env),
          ...(migrations ? { migrationsDir: at(migrations) } : {}),
          ...(engineLog ? { engineLog } : {}),
        });
        io.stdout(formatCreate(result, show));
        return 0;
      }
      case 'deploy': {
        const result = await deployMigrations({
          schema: at(required(parsed, 'schema')),
          url: resolveUrl(parsed, io.env),
          ...(migrations ? { migrationsDir: at(migrations) } : {}),
          ...(engineLog ? { engineLog } : {}),
        });
        io.stdout(formatDeploy(result, show));
        if (result.edited.length > 0) io.stderr(formatEdited(result.edited));
        return 0;
      }
      case 'check': {
        const result = await checkMigrations({
          schema: at(required(parsed, 'schema')),
          url: resolveUrl(parsed, io.env),
          ...(migrations ? { migrationsDir: at(migrations) } : {}),
          ...(engineLog ? { engineLog } : {}),
        });
        (result.ok ? io.stdout : io.stderr)(formatCheck(result, show));
        return result.ok ? 0 : 1;
      }
      case 'generate': {
        const schema = stringFlag(parsed, 'schema');
        const config = stringFlag(parsed, 'config');
        const result = prismaGenerate({
          cwd,
          ...(schema ? { schema: at(schema) } : {}),
          ...(config ? { config: at(config) } : {}),
        });
        return result.status;
      }
      default:
        throw new UsageError(`Unknown command "${parsed.command}"`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`sla-db-migrate: ${error.message} (see sla-db-migrate --help)\n`);
      return 2;
    }
    io.stderr(`sla-db-migrate ${parsed.command}: ${redactSecrets(errorMessage(error), parsed, io.env)}\n`);
    return 1;
  }
}

export function formatCreate(result: CreateResult, show: (path: string) => string): string {
  if (!result.created) {
    return `No changes: the migrations in ${show(result.migrationsDir)} already match the schema. Nothing written.\n`;
  }
  return `Created ${show(result.file)}\n\n${result.script.trimEnd()}\n`;
}

export function formatDeploy(result: DeployResult, show: (path: string) => string): string {
  if (result.total === 0) return `No migrations in ${show(result.migrationsDir)}; nothing to apply to ${result.database}.\n`;
  if (result.applied.length === 0) {
    return `No pending migrations: ${result.database} is up to date (${result.total} migration${plural(result.total)}).\n`;
  }
  return (
    `Applied ${result.applied.length} migration${plural(result.applied.length)} to ${result.database}:\n` +
    result.applied.map((name) => `  ${name}\n`).join('')
  );
}

function formatEdited(edited: string[]): string {
  return `Warning: these migrations were changed after being applied (checksum differs):\n` + edited.map((name) => `  ${name}\n`).join('');
}

export function formatCheck(result: CheckResult, show: (path: string) => string): string {
  if (result.ok) {
    return `OK: ${result.database} matches the schema and the migrations in ${show(result.migrationsDir)}.\n`;
  }
  const lines = [`Database ${result.database} and the schema/migrations have drifted apart:`];
  const list = (title: string, names: string[]) => {
    if (names.length > 0) lines.push(`- ${title}:`, ...names.map((name) => `    ${name}`));
  };
  list('Pending migrations (in the folder, not applied; run deploy)', result.pending);
  list('Migrations applied to the database but missing from the folder', result.missingFromFolder);
  list('Migrations edited after being applied (checksum differs)', result.edited);
  list('Failed migrations (recorded as failed in _prisma_migrations)', result.failed);
  if (result.drift !== null) {
    lines.push(
      '- The live database differs from the schema. Changes that would turn the database into the schema:',
      ...result.drift
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => `    ${line}`),
    );
  }
  return `${lines.join('\n')}\n`;
}

function plural(count: number): string {
  return count === 1 ? '' : 's';
}

function errorMessage(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return error.name === 'SchemaEngineError' && typeof code === 'string' ? `${error.message} (${code})` : error.message;
  }
  return String(error);
}

/** Never print a password that reached an error message. */
function redactSecrets(message: string, parsed: Parsed, env: NodeJS.ProcessEnv): string {
  let url: string | undefined;
  try {
    url = resolveUrl(parsed, env);
  } catch {
    return message;
  }
  let out = message.split(url).join(redactUrl(url));
  try {
    const password = decodeURIComponent(new URL(url).password);
    if (password.length >= 4) out = out.split(password).join('***');
  } catch {
    // unparsable URL: already reported as such
  }
  return out;
}

/** Runs the command line of this process (the bin shim and `node dist/cli.js` both end here). */
export function runCli(): void {
  main(process.argv.slice(2), {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    env: process.env,
    cwd: process.cwd(),
  }).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`sla-db-migrate: ${String(error)}\n`);
      process.exitCode = 1;
    },
  );
}

if (require.main === module) runCli();
