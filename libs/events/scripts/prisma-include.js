#!/usr/bin/env node
// Includes the outbox / processed-events tables in a Prisma-backed service:
//   node libs/events/scripts/prisma-include.js <service>/prisma            copy (or update) the files
//   node libs/events/scripts/prisma-include.js <service>/prisma --check    exit 1 if the copies differ
// The service's schema must be a folder of .prisma files (Prisma's multi-file schema: `schema: 'prisma'` or
// 'prisma/schema' in prisma.config.ts). The schema folder is <service>/prisma/schema if it exists, else
// <service>/prisma; migrations go to <schema folder>/migrations. Override with --schema-dir / --migrations-dir.
// It writes <schema-dir>/events.prisma and <migrations-dir>/<libs/events migration folders>; both are generated
// copies: change them in libs/events/prisma, never in the service.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const source = path.resolve(__dirname, '..', 'prisma');
const args = process.argv.slice(2);
const check = args.includes('--check');
const opt = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const target = args.find((a, i) => !a.startsWith('--') && !['--schema-dir', '--migrations-dir'].includes(args[i - 1]));
if (!target) {
  console.error('usage: prisma-include.js <service>/prisma [--schema-dir DIR] [--migrations-dir DIR] [--check]');
  process.exit(2);
}
const schemaDir = path.resolve(opt('--schema-dir') ?? (fs.existsSync(path.join(target, 'schema')) ? path.join(target, 'schema') : target));
const migrationsDir = path.resolve(opt('--migrations-dir') ?? path.join(schemaDir, 'migrations'));

const files = [[path.join(source, 'events.prisma'), path.join(schemaDir, 'events.prisma')]];
for (const m of fs.readdirSync(path.join(source, 'migrations')))
  files.push([path.join(source, 'migrations', m, 'migration.sql'), path.join(migrationsDir, m, 'migration.sql')]);

let stale = 0;
for (const [from, to] of files) {
  const want = fs.readFileSync(from);
  const have = fs.existsSync(to) ? fs.readFileSync(to) : null;
  if (have && have.equals(want)) continue;
  if (check) {
    console.error(
      `${path.relative(process.cwd(), to)} ${have ? 'differs from' : 'is missing; copy of'} ${path.relative(process.cwd(), from)}`,
    );
    stale++;
    continue;
  }
  fs.mkdirSync(path.dirname(to), { recursive: true });
  fs.writeFileSync(to, want);
  console.log(`${have ? 'updated' : 'wrote'} ${path.relative(process.cwd(), to)}`);
}
if (stale) {
  console.error('run: node libs/events/scripts/prisma-include.js ' + target);
  process.exit(1);
}
