// Creates a new subgraph from templates/subgraph: the package under services/<name>, its entry in the gateway's
// subgraphs.json (which also makes it a deploy/local component), its copy of the events outbox, and — unless told
// not to — installs, builds it, prints its SDL and recomposes the supergraph.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

export const TEMPLATE_DIR = join(__dirname, '..', 'templates', 'subgraph');

export interface SubgraphRegistry {
  $comment?: string;
  subgraphs: Array<{ name: string; schema: string; url: string }>;
}

export interface NewSubgraph {
  /** One lower-case word: the package @sla-desk/<name>, the folder services/<name>, variables <NAME>_…. */
  name: string;
  /** One line for the package and README. */
  description: string;
  port: number;
}

const NAME = /^[a-z][a-z0-9]{1,30}$/;

export class GeneratorError extends Error {}

/** The problem with `name` as a new subgraph's name, or undefined. */
export function nameProblem(name: string, registry: SubgraphRegistry, repoRoot: string): string | undefined {
  if (!NAME.test(name)) return `"${name}" is not a subgraph name: one lower-case word of letters and digits (2-31), e.g. catalog`;
  if (['gateway', 'worker', 'shared', 'test'].includes(name)) return `"${name}" is reserved`;
  if (registry.subgraphs.some((s) => s.name === name)) return `a subgraph "${name}" is already in services/gateway/subgraphs.json`;
  if (existsSync(join(repoRoot, 'services', name))) return `services/${name} already exists`;
  return undefined;
}

/** The first port after the highest one the registry uses. */
export function nextPort(registry: SubgraphRegistry): number {
  return Math.max(4000, ...registry.subgraphs.map((s) => Number(new URL(s.url).port))) + 1;
}

function substitute(text: string, spec: NewSubgraph): string {
  const Name = spec.name[0]!.toUpperCase() + spec.name.slice(1);
  return text
    .replaceAll('__NAME__', spec.name.toUpperCase())
    .replaceAll('__Name__', Name)
    .replaceAll('__name__', spec.name)
    .replaceAll('__port__', String(spec.port))
    .replaceAll('__description__', spec.description);
}

function templateFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? templateFiles(path) : [path];
  });
}

/** Renders the templates into `target` (which must not exist); returns the files written, relative to it. */
export function renderSubgraph(spec: NewSubgraph, target: string): string[] {
  if (existsSync(target)) throw new GeneratorError(`${target} already exists`);
  const written: string[] = [];
  for (const template of templateFiles(TEMPLATE_DIR)) {
    const file = substitute(relative(TEMPLATE_DIR, template), spec).replace(/\.tmpl$/, '');
    mkdirSync(dirname(join(target, file)), { recursive: true });
    writeFileSync(join(target, file), substitute(readFileSync(template, 'utf8'), spec));
    written.push(file);
  }
  return written.sort();
}

/** The registry with the new subgraph appended. */
export function registered(registry: SubgraphRegistry, spec: NewSubgraph): SubgraphRegistry {
  return {
    ...registry,
    subgraphs: [
      ...registry.subgraphs,
      { name: spec.name, schema: `services/${spec.name}/schema.graphql`, url: `http://127.0.0.1:${spec.port}/graphql` },
    ],
  };
}

export interface GenerateOptions {
  repoRoot: string;
  /** Skip npm install, the build, schema printing and composition (the files only). */
  filesOnly?: boolean;
  log?: (line: string) => void;
}

export function generateSubgraph(input: Omit<NewSubgraph, 'port'> & { port?: number }, options: GenerateOptions): NewSubgraph {
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const registryFile = join(options.repoRoot, 'services', 'gateway', 'subgraphs.json');
  const registry = JSON.parse(readFileSync(registryFile, 'utf8')) as SubgraphRegistry;
  const problem = nameProblem(input.name, registry, options.repoRoot);
  if (problem) throw new GeneratorError(problem);
  const spec: NewSubgraph = { ...input, port: input.port ?? nextPort(registry) };
  const target = join(options.repoRoot, 'services', spec.name);
  for (const file of renderSubgraph(spec, target)) log(`  wrote services/${spec.name}/${file}`);
  const run = (command: string, args: string[], cwd = options.repoRoot) => {
    log(`  $ ${command} ${args.join(' ')}`);
    execFileSync(command, args, { cwd, stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, NX_DAEMON: 'false' } });
  };
  run('node', [join(options.repoRoot, 'libs/events/scripts/prisma-include.js'), join(target, 'prisma')]);
  writeFileSync(registryFile, `${JSON.stringify(registered(registry, spec), null, 2)}\n`);
  log(`  registered ${spec.name} on port ${spec.port} in services/gateway/subgraphs.json (the gateway and deploy/local read it)`);
  if (!options.filesOnly) {
    run('npm', ['install', '--no-audit', '--no-fund']);
    run('npx', ['nx', 'run', `@sla-desk/${spec.name}:build`, '--outputStyle=static']);
    run('node', ['dist/main.js', 'print-schema'], target);
    run('npm', ['run', '-w', '@sla-desk/gateway', 'supergraph:compose']);
  }
  return spec;
}
