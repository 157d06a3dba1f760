#!/usr/bin/env node
// `nx run @sla-desk/deploy:lint` (npm run lint -w @sla-desk/deploy): the container image, the Helm chart, its operator
// examples and the compose file, checked offline. Exits 1 naming every problem; building helm impossible is one.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { composeProblems } from './compose.mjs';
import { dockerfileProblems } from './dockerfile.mjs';
import { lintChart } from './helm.mjs';
import { operatorProblems } from './operators.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const log = (line) => process.stdout.write(`${line}\n`);

async function step(name, run) {
  const started = Date.now();
  let problems;
  let detail = '';
  try {
    const result = await run();
    problems = Array.isArray(result) ? result : result.problems;
    detail = Array.isArray(result) ? '' : result.detail;
  } catch (error) {
    problems = [error.message];
  }
  const ms = Date.now() - started;
  log(`${problems.length === 0 ? 'ok  ' : 'FAIL'} ${name}${detail ? ` (${detail})` : ''} ${(ms / 1000).toFixed(1)} s`);
  for (const p of problems) log(`     - ${p}`);
  return problems.length;
}

const failures = [
  await step('Dockerfile (deploy/docker)', () => dockerfileProblems(repoRoot)),
  await step('Helm chart: helm lint, helm template, Kubernetes schemas (deploy/helm/sla-desk)', async () => {
    const { renderings, problems } = await lintChart(repoRoot, log);
    const objects = renderings.reduce((n, r) => n + r.objects.length, 0);
    return { problems, detail: `${renderings.length} renderings, ${objects} objects` };
  }),
  await step('Strimzi and CloudNativePG examples', () => operatorProblems(repoRoot)),
  await step('compose file (deploy/compose)', () => composeProblems(repoRoot)),
].reduce((a, b) => a + b, 0);

process.exit(failures === 0 ? 0 : 1);
