// The chart's environment meets the services' own configuration checks: each rendered Deployment's variables
// (its ConfigMap, then its env with Secret references filled with valid stand-ins and $(VAR) expanded) go through the
// loader the process runs at start (from the built dist/: `nx run @sla-desk/deploy:test` builds the services first).
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ensureHelm } from './helm-binary.mjs';
import { KUBE_VERSION, parseObjects, SUBGRAPHS } from './helm.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(path.join(repoRoot, 'package.json'));
require('reflect-metadata');
const chart = path.join(repoRoot, 'deploy', 'helm', 'sla-desk');
const { privateKey, publicKey } = generateKeyPairSync('ed25519');

/** Valid stand-ins for what Secrets hold. */
function secretValue(name, key) {
  if (key === 'JWT_PRIVATE_KEY') return privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  if (key === 'JWT_PUBLIC_KEY') return publicKey.export({ type: 'spki', format: 'pem' }).toString();
  if (key === 'GATEWAY_SUBGRAPH_SECRET') return 's'.repeat(48);
  if (key.endsWith('_DATABASE_URL')) return `postgresql://app:pw@db.example:5432/${key.slice(0, -'_DATABASE_URL'.length).toLowerCase()}`;
  if (key === 'password') return 'pw0123456789';
  return undefined;
}

/** The environment a container of `deployment` starts with, given the rendered objects. */
function environmentOf(container, objects, fileRoot) {
  const env = {};
  for (const from of container.envFrom ?? []) {
    const map = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === from.configMapRef.name);
    assert.ok(map, `ConfigMap ${from.configMapRef.name} is rendered`);
    Object.assign(env, map.data);
  }
  for (const e of container.env ?? []) {
    if (e.valueFrom?.secretKeyRef) {
      const value = secretValue(e.valueFrom.secretKeyRef.name, e.valueFrom.secretKeyRef.key);
      if (value === undefined && e.valueFrom.secretKeyRef.optional) continue;
      env[e.name] = value;
    } else {
      env[e.name] = String(e.value ?? '').replace(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (whole, name) => env[name] ?? whole);
    }
  }
  // Mounted files (Temporal TLS) live under fileRoot here.
  for (const [k, v] of Object.entries(env)) if (k.endsWith('_FILE')) env[k] = path.join(fileRoot, v);
  return env;
}

const LOADERS = {
  gateway: (env) => require(path.join(repoRoot, 'services/gateway/dist/config.js')).loadGatewayConfig(env),
  worker: (env) => require(path.join(repoRoot, 'services/worker/dist/config.js')).readWorkerConfig(env, { repoRoot: null }),
  ...Object.fromEntries(
    SUBGRAPHS.map((s) => [s, (env) => require(path.join(repoRoot, `services/${s}/dist/subgraph.js`))[`${s}Subgraph`].loadConfig(env)]),
  ),
};

function render(valuesFile) {
  const helm = ensureHelm(repoRoot, () => undefined);
  const args = [
    'template',
    'sla-desk',
    chart,
    '--kube-version',
    KUBE_VERSION,
    ...(valuesFile ? ['-f', path.join(chart, 'examples', valuesFile)] : []),
  ];
  return parseObjects(execFileSync(helm, args, { encoding: 'utf8' }), valuesFile ?? 'default values');
}

for (const values of [undefined, 'values-temporal-cloud.yaml', 'values-chart-secrets.yaml']) {
  describe(`configuration from the chart (${values ?? 'default values'})`, () => {
    const objects = render(values);
    const fileRoot = mkdtempSync(path.join(tmpdir(), 'sla-desk-mounts-'));
    for (const f of ['etc/sla-desk/temporal-client/tls.crt', 'etc/sla-desk/temporal-client/tls.key', 'etc/sla-desk/temporal-ca/ca.crt']) {
      mkdirSync(path.dirname(path.join(fileRoot, f)), { recursive: true });
      writeFileSync(path.join(fileRoot, f), 'PEM');
    }
    const services = objects.filter((o) => o.kind === 'Service');

    for (const deployment of objects.filter((o) => o.kind === 'Deployment')) {
      const component = deployment.metadata.labels['app.kubernetes.io/component'];
      it(`${component}: its loader accepts the environment, listening where the probes and Service look`, () => {
        const container = deployment.spec.template.spec.containers[0];
        const config = LOADERS[component](environmentOf(container, objects, fileRoot));
        const probePort = container.readinessProbe.httpGet.port;
        if (component === 'worker') {
          assert.deepEqual(config.health, { host: '0.0.0.0', port: probePort });
          // Terms from contracts, a component's next release from the catalog, both in this release.
          assert.match(config.contracts?.url ?? '', /-contracts[.:]/);
          assert.match(config.catalog?.url ?? '', /-catalog[.:]/);
        } else {
          assert.equal(config.host, '0.0.0.0');
          assert.equal(config.port, probePort);
          assert.equal(services.find((s) => s.metadata.name === deployment.metadata.name)?.spec.ports[0].port, config.port);
          assert.equal(config.nodeEnv, 'production');
        }
        if (component === 'gateway') {
          assert.deepEqual(Object.keys(config.subgraphUrls).sort(), [...SUBGRAPHS].sort());
          for (const [name, url] of Object.entries(config.subgraphUrls)) {
            const service = services.find((s) => s.metadata.name === `sla-desk-${name}`);
            assert.equal(url, `http://sla-desk-${name}:${service.spec.ports[0].port}/graphql`);
          }
        }
        // A new ticket's contract is the contracts subgraph's entitlement (not single-contract mode).
        if (component === 'tickets') assert.match(config.contractsUrl ?? '', /-contracts[.:]/);
        if (config.temporal) assert.equal(Boolean(config.temporal.tls?.clientCertPair), values === 'values-temporal-cloud.yaml');
        if (SUBGRAPHS.includes(component))
          assert.match(config.databaseUrl, new RegExp(`^postgresql://app:pw[^@]*@[^/]+/${component}(\\?|$)`));
      });
    }

    for (const job of objects.filter((o) => o.kind === 'Job' && o.metadata.labels['app.kubernetes.io/component'].startsWith('migrate-'))) {
      const db = job.metadata.labels['app.kubernetes.io/component'].slice('migrate-'.length);
      it(`migration Job ${db}: \`migrate\` gets its database URL`, () => {
        const { loadMigrateConfig } = require(path.join(repoRoot, 'libs/subgraph/dist/config.js'));
        const env = environmentOf(job.spec.template.spec.containers[0], objects, fileRoot);
        assert.match(loadMigrateConfig(db, env).databaseUrl, new RegExp(`/${db}(\\?|$)`));
      });
    }
  });
}
