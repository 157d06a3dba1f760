// `prisma generate`, offline. The Prisma CLI refuses to start without its native schema engine
// (which it would download); generating a client never runs it, so PRISMA_SCHEMA_ENGINE_BINARY
// points at a stand-in that fails loudly if anything does try to run it. This is for generate only:
// migrations go through the WebAssembly engine (engine.ts).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** The stand-in engine binary; never use it for anything but `prisma generate`. */
export const GENERATE_ONLY_SCHEMA_ENGINE = join(__dirname, '..', 'bin', 'generate-only-schema-engine');

export interface GenerateOptions {
  /** schema.prisma (or a folder of .prisma files). */
  schema?: string;
  /** prisma.config.ts, if the service has one elsewhere than the working directory. */
  config?: string;
  /** Working directory for the Prisma CLI (where it looks for prisma.config.ts). */
  cwd?: string;
  /** Extra environment variables. */
  env?: NodeJS.ProcessEnv;
  /** 'inherit' streams Prisma's output; 'pipe' captures it into the result. */
  stdio?: 'inherit' | 'pipe';
}

export interface GenerateResult {
  status: number;
  output: string;
}

/** The environment `prisma generate` needs offline. */
export function generateEnv(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return {
    ...base,
    PRISMA_SCHEMA_ENGINE_BINARY: GENERATE_ONLY_SCHEMA_ENGINE,
    CHECKPOINT_DISABLE: '1',
    PRISMA_HIDE_UPDATE_MESSAGE: '1',
  };
}

/** Runs `prisma generate` with the Prisma CLI installed next to this library. */
export function prismaGenerate(options: GenerateOptions = {}): GenerateResult {
  const cwd = resolve(options.cwd ?? process.cwd());
  const cli = join(dirname(require.resolve('prisma/package.json')), 'build', 'index.js');
  if (!existsSync(GENERATE_ONLY_SCHEMA_ENGINE)) {
    throw new Error(`Missing ${GENERATE_ONLY_SCHEMA_ENGINE}; is @sla-desk/db-migrate installed completely?`);
  }
  const args = [cli, 'generate'];
  if (options.schema) args.push('--schema', resolve(cwd, options.schema));
  if (options.config) args.push('--config', resolve(cwd, options.config));
  const stdio = options.stdio ?? 'inherit';
  const child = spawnSync(process.execPath, args, {
    cwd,
    env: generateEnv({ ...process.env, ...options.env }),
    stdio: stdio === 'inherit' ? 'inherit' : 'pipe',
    encoding: 'utf8',
  });
  if (child.error) throw child.error;
  return { status: child.status ?? 1, output: stdio === 'pipe' ? `${child.stdout}${child.stderr}` : '' };
}
