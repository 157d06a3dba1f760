#!/usr/bin/env node
// sla-prisma-generate [--schema <path>] [--config <prisma.config.ts>]: `prisma generate`, offline.
// Same as `sla-db-migrate generate`.
import { main } from './cli';

main(['generate', ...process.argv.slice(2)], {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
  cwd: process.cwd(),
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`sla-prisma-generate: ${String(error)}\n`);
    process.exitCode = 1;
  },
);
