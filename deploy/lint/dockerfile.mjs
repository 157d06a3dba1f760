// deploy/docker/Dockerfile without Docker: dockerfile-utils' validator (the VS Code Docker extension's: instructions,
// flags, arguments), then what a build would find out late: COPY sources present in the context and not excluded by
// .dockerignore, a package.json COPY for every npm workspace (npm ci needs them all), stages that exist, a numeric
// non-root USER and the entry point of the runtime stage, and every deployable buildable (a build script, its
// workspace closure assembled by deploy/docker/assemble.mjs).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { runtimeClosure, workspaces } from '../docker/assemble.mjs';
import { COMPONENTS } from './helm.mjs';

const require = createRequire(import.meta.url);
const { DockerfileParser } = require('dockerfile-ast');
const { validate, ValidationSeverity } = require('dockerfile-utils');

/** .dockerignore patterns as matchers (the subset used here: `**`, `*`, plain paths; `!` re-includes). */
export function dockerignore(text) {
  const rules = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => {
      const negate = l.startsWith('!');
      const glob = (negate ? l.slice(1) : l).replace(/^\/+|\/+$/g, '');
      const re = glob
        .split('/')
        .map((part) =>
          part === '**'
            ? '(?:.*/)?'
            : `${part
                .replace(/[.+^${}()|[\]\\]/g, '\\$&')
                .replace(/\*/g, '[^/]*')
                .replace(/\?/g, '[^/]')}/`,
        )
        .join('');
      return { negate, re: new RegExp(`^${re.replace(/\/$/, '')}(?:/.*)?$`) };
    });
  return (file) => rules.reduce((ignored, r) => (r.re.test(file) ? !r.negate : ignored), false);
}

export function dockerfileProblems(repoRoot, file = path.join(repoRoot, 'deploy', 'docker', 'Dockerfile')) {
  const text = readFileSync(file, 'utf8');
  const rel = path.relative(repoRoot, file);
  const problems = validate(text)
    .filter((d) => d.severity === ValidationSeverity.ERROR || d.severity === ValidationSeverity.WARNING)
    .map((d) => `${rel}:${d.range.start.line + 1}: ${d.message}`);
  const ignored = dockerignore(
    existsSync(path.join(repoRoot, '.dockerignore')) ? readFileSync(path.join(repoRoot, '.dockerignore'), 'utf8') : '',
  );
  const dockerfile = DockerfileParser.parse(text);
  const stages = [];
  let user;
  let entrypoint;
  let currentStage;
  const copiedManifests = new Set();
  for (const instruction of dockerfile.getInstructions()) {
    const keyword = instruction.getKeyword();
    const line = instruction.getRange().start.line + 1;
    if (keyword === 'FROM') {
      currentStage = instruction.getBuildStage();
      stages.push(currentStage);
      user = undefined;
      entrypoint = undefined;
    } else if (keyword === 'USER') {
      user = instruction.getArgumentsContent();
    } else if (keyword === 'ENTRYPOINT') {
      entrypoint = instruction.getArgumentsContent();
    } else if (keyword === 'COPY' || keyword === 'ADD') {
      const from = instruction.getFromFlag?.()?.getValue();
      const args = instruction
        .getArguments()
        .map((a) => a.getValue())
        .filter((a) => !a.startsWith('--'));
      if (from) {
        if (!stages.includes(from)) problems.push(`${rel}:${line}: COPY --from=${from}: no earlier stage of that name`);
        continue;
      }
      for (const source of args.slice(0, -1)) {
        const clean = source.replace(/^\.\/?/, '').replace(/\/$/, '');
        if (clean === '') continue;
        if (!existsSync(path.join(repoRoot, clean))) problems.push(`${rel}:${line}: COPY source ${source} does not exist`);
        else if (ignored(clean)) problems.push(`${rel}:${line}: COPY source ${source} is excluded by .dockerignore`);
        if (clean.endsWith('package.json') && currentStage === 'manifests') copiedManifests.add(path.dirname(clean));
      }
    }
  }
  const final = stages.at(-1);
  if (final !== 'runtime') problems.push(`${rel}: the last stage is "${final}", expected "runtime"`);
  if (!user) problems.push(`${rel}: the runtime stage sets no USER (it would run as root)`);
  else if (!/^[1-9]\d*(:\d+)?$/.test(user))
    problems.push(`${rel}: USER ${user} is not a numeric non-root uid (Kubernetes' runAsNonRoot cannot check a name)`);
  if (entrypoint !== '["node", "dist/main.js"]')
    problems.push(`${rel}: the runtime stage's ENTRYPOINT is ${entrypoint}, expected ["node", "dist/main.js"]`);
  // npm ci refuses a lockfile whose workspaces are missing: the manifests stage copies every one.
  const all = [...workspaces(repoRoot).values()];
  for (const dir of all) if (!copiedManifests.has(dir)) problems.push(`${rel}: the manifests stage does not copy ${dir}/package.json`);
  for (const dir of copiedManifests)
    if (dir !== '.' && !all.includes(dir)) problems.push(`${rel}: copies ${dir}/package.json, which is no workspace`);
  for (const c of COMPONENTS) {
    const manifest = path.join(repoRoot, 'services', c, 'package.json');
    if (!existsSync(manifest)) {
      problems.push(`deployable ${c}: services/${c}/package.json is missing`);
      continue;
    }
    const pkg = JSON.parse(readFileSync(manifest, 'utf8'));
    if (!pkg.scripts?.build) problems.push(`deployable ${c}: no build script (the image runs nx run @sla-desk/${c}:build)`);
    if (pkg.scripts?.start !== 'node dist/main.js')
      problems.push(`deployable ${c}: its start script is not \`node dist/main.js\` (the image's entry point)`);
    for (const { name, dir } of runtimeClosure(c, repoRoot)) {
      const lib = JSON.parse(readFileSync(path.join(repoRoot, dir, 'package.json'), 'utf8'));
      if (!lib.scripts?.build) problems.push(`deployable ${c}: ${name} has no build script, so no dist/ to copy`);
    }
  }
  return problems;
}
