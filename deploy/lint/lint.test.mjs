// The lint must fail on what it claims to catch: each case breaks one thing in a copy and expects it named.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';
import { composeProblems } from './compose.mjs';
import { dockerfileProblems } from './dockerfile.mjs';
import { ensureHelm } from './helm-binary.mjs';
import { chartProblems, KUBE_VERSION, kubernetesProblem, parseObjects } from './helm.mjs';
import { unknownFields } from './strict-fields.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const scratch = mkdtempSync(path.join(tmpdir(), 'sla-desk-deploy-lint-'));
const dockerfile = readFileSync(path.join(repoRoot, 'deploy', 'docker', 'Dockerfile'), 'utf8');
const compose = readFileSync(path.join(repoRoot, 'deploy', 'compose', 'compose.yaml'), 'utf8');
const chart = path.join(repoRoot, 'deploy', 'helm', 'sla-desk');

function dockerfileWith(text) {
  const file = path.join(scratch, `Dockerfile.${Math.random().toString(36).slice(2)}`);
  writeFileSync(file, text);
  return dockerfileProblems(repoRoot, file);
}

function composeWith(edit) {
  const doc = parse(compose, { merge: true, maxAliasCount: 1000 });
  edit(doc);
  const file = path.join(scratch, `compose.${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(file, stringify(doc));
  return composeProblems(repoRoot, file);
}

function render(...args) {
  const helm = ensureHelm(repoRoot, () => undefined);
  return execFileSync(helm, ['template', 'sla-desk', chart, '--kube-version', KUBE_VERSION, ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

describe('Dockerfile lint', () => {
  it('passes the Dockerfile as it is', () => assert.deepEqual(dockerfileWith(dockerfile), []));

  it('names a runtime stage without USER, or running as root', () => {
    assert.match(dockerfileWith(dockerfile.replace(/^USER .*$/m, '')).join('\n'), /sets no USER/);
    assert.match(dockerfileWith(dockerfile.replace(/^USER .*$/m, 'USER root')).join('\n'), /USER root is not a numeric non-root uid/);
  });

  it('names a COPY source that does not exist and a workspace manifest left out', () => {
    const problems = dockerfileWith(
      dockerfile.replace('COPY libs/auth/package.json libs/auth/', 'COPY libs/nope/package.json libs/nope/'),
    ).join('\n');
    assert.match(problems, /COPY source libs\/nope\/package.json does not exist/);
    assert.match(problems, /does not copy libs\/auth\/package.json/);
  });

  it('names an unknown stage and a bad instruction', () => {
    assert.match(
      dockerfileWith(dockerfile.replace('COPY --from=prod-deps', 'COPY --from=deps')).join('\n'),
      /COPY --from=deps: no earlier stage/,
    );
    assert.notDeepEqual(dockerfileWith(`${dockerfile}\nEXPOSE port\n`), []);
  });
});

describe('compose lint', () => {
  it('passes the compose file as it is', () =>
    assert.deepEqual(
      composeWith(() => undefined),
      [],
    ));

  it('names what the compose schema forbids', () => {
    const problems = composeWith((doc) => {
      doc.services.tickets.helthcheck = doc.services.tickets.healthcheck;
      doc.services.worker.restart = 7;
    }).join('\n');
    assert.match(problems, /\/services\/tickets must NOT have additional properties \(helthcheck\)/);
    assert.match(problems, /\/services\/worker\/restart must be string/);
  });

  it('names a missing search attribute, a wrong image and an undefined dependency', () => {
    const problems = composeWith((doc) => {
      doc.services['temporal-search-attributes'].command = ['for name in TicketId; do true; done'];
      doc.services.catalog.image = 'sla-desk/catalogue:local';
      doc.services.worker.depends_on.kafka2 = { condition: 'service_healthy' };
    }).join('\n');
    assert.match(problems, /does not register SlaState/);
    assert.match(problems, /catalog's image is sla-desk\/catalogue:local/);
    assert.match(problems, /worker depends on kafka2, which is not defined/);
  });
});

describe('chart lint', () => {
  const objects = parseObjects(render(), 'default values');

  it('passes the default rendering', () => assert.deepEqual(chartProblems(objects), []));

  it('names a Deployment without its liveness probe, PDB or requests', () => {
    const broken = structuredClone(objects).filter((o) => !(o.kind === 'PodDisruptionBudget' && o.metadata.name.endsWith('-worker')));
    const tickets = broken.find((o) => o.kind === 'Deployment' && o.metadata.name.endsWith('-tickets'));
    delete tickets.spec.template.spec.containers[0].livenessProbe;
    delete tickets.spec.template.spec.containers[0].resources.requests;
    const problems = chartProblems(broken).join('\n');
    assert.match(problems, /sla-desk-tickets: livenessProbe is not GET \/health/);
    assert.match(problems, /sla-desk-tickets: no cpu\/memory requests/);
    assert.match(problems, /sla-desk-worker: no PodDisruptionBudget/);
  });

  it('names a NetworkPolicy that shuts out a caller', () => {
    const rendered = parseObjects(render('--set', 'networkPolicy.enabled=true'), 'network policies');
    assert.deepEqual(chartProblems(rendered), []);
    const catalog = rendered.find((o) => o.kind === 'NetworkPolicy' && o.metadata.name.endsWith('-catalog'));
    catalog.spec.ingress = catalog.spec.ingress.filter(
      (r) => r.from[0].podSelector.matchLabels['app.kubernetes.io/component'] !== 'contracts',
    );
    assert.match(chartProblems(rendered).join('\n'), /NetworkPolicy sla-desk-catalog shuts out contracts, which calls sla-desk-catalog/);
  });

  it('names an object the Kubernetes schema rejects', async () => {
    const deployment = structuredClone(objects.find((o) => o.kind === 'Deployment'));
    assert.equal(await kubernetesProblem(deployment), undefined);
    deployment.spec.replicas = 'two';
    assert.match(await kubernetesProblem(deployment), /replicas must be integer/);
    assert.match(
      await kubernetesProblem({ apiVersion: 'apps/v1', kind: 'Deployments', metadata: { name: 'x' } }),
      /has no kind Deployments/,
    );
  });

  it('names fields the Kubernetes types do not declare', () => {
    assert.deepEqual(objects.flatMap(unknownFields), []);
    const deployment = structuredClone(objects.find((o) => o.kind === 'Deployment'));
    const container = deployment.spec.template.spec.containers[0];
    container.livenesProbe = container.livenessProbe;
    container.env[0].valueFrom.secretKeyRef.nam = 'x';
    deployment.metadata.lables = {};
    assert.deepEqual(unknownFields(deployment), [
      'metadata.lables: unknown field',
      'spec.template.spec.containers[0].env[0].valueFrom.secretKeyRef.nam: unknown field',
      'spec.template.spec.containers[0].livenesProbe: unknown field',
    ]);
  });

  it('refuses values that values.schema.json forbids', () => {
    assert.throws(() => render('--set', 'kafka.brokers[0]=kafka-without-port'), /kafka\/brokers\/0/);
    assert.throws(() => render('--set', 'worker.replicass=3'), /additional properties 'replicass' not allowed/);
  });
});
