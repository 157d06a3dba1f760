#!/usr/bin/env node
// Copies what one deployable needs at run time out of a built monorepo: for the service and every workspace package
// it depends on (production `dependencies`, followed transitively), package.json, dist/ and the run-time assets next
// to them (prisma/ migrations, bin/, data/, the gateway's supergraph.graphql). Used by the Dockerfile's build stage:
//   node deploy/docker/assemble.mjs <service> <out>      e.g. tickets /out  →  /out/services/tickets, /out/libs/…
// node_modules comes from a separate `npm ci --omit=dev` stage, whose workspace links point at these folders.
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/** Files and folders besides dist/ that a package reads at run time, when it has them. */
export const RUNTIME_ASSETS = ['prisma', 'bin', 'data', 'supergraph.graphql', 'subgraphs.json', 'schema.graphql'];

/** name → folder (relative to the root) of every workspace package. */
export function workspaces(root = ROOT) {
  const { workspaces: globs } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
  const byName = new Map();
  for (const glob of globs) {
    const dirs = glob.endsWith('/*') ? subfolders(path.join(root, glob.slice(0, -2))).map((d) => path.join(glob.slice(0, -2), d)) : [glob];
    for (const dir of dirs) {
      const manifest = path.join(root, dir, 'package.json');
      if (existsSync(manifest)) byName.set(JSON.parse(readFileSync(manifest, 'utf8')).name, dir);
    }
  }
  return byName;
}

/** The sub-folders of `dir`, sorted (a stable order in messages and image layers). */
function subfolders(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}

/** The workspace folders a service needs at run time: itself and its production workspace dependencies. */
export function runtimeClosure(service, root = ROOT) {
  const all = workspaces(root);
  const start = `@sla-desk/${service}`;
  if (!all.has(start)) throw new Error(`unknown service "${service}": no workspace package ${start}`);
  const seen = new Set();
  const visit = (name) => {
    if (seen.has(name)) return;
    seen.add(name);
    const manifest = JSON.parse(readFileSync(path.join(root, all.get(name), 'package.json'), 'utf8'));
    for (const dep of Object.keys(manifest.dependencies ?? {})) if (all.has(dep)) visit(dep);
  };
  visit(start);
  return [...seen].sort().map((name) => ({ name, dir: all.get(name) }));
}

function assemble(service, out) {
  for (const { name, dir } of runtimeClosure(service)) {
    const from = path.join(ROOT, dir);
    if (!existsSync(path.join(from, 'dist'))) throw new Error(`${name}: ${dir}/dist is missing (build it first: nx run ${name}:build)`);
    mkdirSync(path.join(out, dir), { recursive: true });
    for (const entry of ['package.json', 'dist', ...RUNTIME_ASSETS]) {
      if (existsSync(path.join(from, entry))) cpSync(path.join(from, entry), path.join(out, dir, entry), { recursive: true });
    }
    process.stdout.write(`${dir}\n`);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [service, out] = process.argv.slice(2);
  if (!service || !out) {
    process.stderr.write('usage: node deploy/docker/assemble.mjs <service> <out>\n');
    process.exit(2);
  }
  assemble(service, path.resolve(out));
}
