// The chart: `helm lint --strict` and `helm template` with the default values and with every examples/values-*.yaml,
// each rendered object validated against the Kubernetes schemas (kubernetes-models) and for unknown fields
// (strict-fields.mjs), then the chart's own rules.
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { ensureHelm } from './helm-binary.mjs';
import { unknownFields } from './strict-fields.mjs';

/** The Kubernetes version the chart is rendered for (Chart.yaml's kubeVersion: >= 1.27). */
export const KUBE_VERSION = '1.31.0';
export const COMPONENTS = ['gateway', 'identity', 'catalog', 'contracts', 'tickets', 'notifications', 'worker'];
export const SUBGRAPHS = ['identity', 'catalog', 'contracts', 'tickets', 'notifications'];

/** Every object of a multi-document YAML stream (empty documents dropped); throws on a YAML error. */
export function parseObjects(text, source) {
  return parseAllDocuments(text)
    .map((doc) => {
      if (doc.errors.length > 0) throw new Error(`${source}: ${doc.errors[0].message}`);
      return doc.toJS();
    })
    .filter((o) => o !== null && o !== undefined);
}

/** Validates one object with the kubernetes-models class of its apiVersion/kind; returns the problem or undefined. */
export async function kubernetesProblem(object) {
  const { apiVersion, kind } = object ?? {};
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') return 'has no apiVersion/kind';
  let models;
  try {
    models = await import(`kubernetes-models/${apiVersion}`);
  } catch {
    return `apiVersion ${apiVersion} is not a Kubernetes API group/version`;
  }
  const Model = models[kind];
  if (typeof Model !== 'function') return `${apiVersion} has no kind ${kind}`;
  try {
    new Model(object).validate();
    return undefined;
  } catch (error) {
    return error.message;
  }
}

const byKind = (objects, kind) => objects.filter((o) => o.kind === kind);
const matches = (selector, labels) => Object.entries(selector ?? {}).every(([k, v]) => labels?.[k] === v);

/** The chart's own rules on one rendering (what the schemas cannot say). */
export function chartProblems(objects) {
  const problems = [];
  const deployments = byKind(objects, 'Deployment');
  for (const c of COMPONENTS) {
    if (!deployments.some((d) => d.metadata.labels?.['app.kubernetes.io/component'] === c)) problems.push(`no Deployment for ${c}`);
  }
  for (const d of deployments) {
    const name = d.metadata.name;
    const pod = d.spec.template;
    const labels = pod.metadata?.labels;
    if (pod.spec.securityContext?.runAsNonRoot !== true) problems.push(`${name}: pod securityContext.runAsNonRoot is not true`);
    for (const container of pod.spec.containers) {
      const ports = new Map((container.ports ?? []).map((p) => [p.containerPort, p.name]));
      for (const probe of ['readinessProbe', 'livenessProbe']) {
        const get = container[probe]?.httpGet;
        if (get?.path !== '/health') problems.push(`${name}: ${probe} is not GET /health`);
        else if (!ports.has(get.port) && ![...ports.values()].includes(get.port))
          problems.push(`${name}: ${probe} port ${get.port} is not a container port`);
      }
      if (!container.resources?.requests?.cpu || !container.resources?.requests?.memory) problems.push(`${name}: no cpu/memory requests`);
      if (!container.resources?.limits?.memory) problems.push(`${name}: no memory limit`);
      if (container.securityContext?.allowPrivilegeEscalation !== false) problems.push(`${name}: allowPrivilegeEscalation is not false`);
      // Every $(VAR) in a value refers to a variable defined before it (else Kubernetes leaves the text as it is).
      const defined = new Set();
      for (const e of container.env ?? []) {
        for (const ref of (e.value ?? '').matchAll(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g)) {
          if (!defined.has(ref[1])) problems.push(`${name}: env ${e.name} uses $(${ref[1]}) before it is defined`);
        }
        defined.add(e.name);
      }
    }
    const cm = (pod.spec.containers[0].envFrom ?? []).map((e) => e.configMapRef?.name).filter(Boolean);
    for (const ref of cm)
      if (!byKind(objects, 'ConfigMap').some((m) => m.metadata.name === ref)) problems.push(`${name}: ConfigMap ${ref} is not rendered`);
    if (!byKind(objects, 'PodDisruptionBudget').some((p) => matches(p.spec.selector.matchLabels, labels)))
      problems.push(`${name}: no PodDisruptionBudget`);
  }
  for (const s of byKind(objects, 'Service')) {
    const pods = deployments.filter((d) => matches(s.spec.selector, d.spec.template.metadata.labels));
    if (pods.length !== 1) problems.push(`Service ${s.metadata.name}: selects ${pods.length} Deployments`);
    for (const port of s.spec.ports) {
      const named = pods
        .flatMap((d) => d.spec.template.spec.containers.flatMap((c) => c.ports ?? []))
        .some((p) => p.name === port.targetPort || p.containerPort === port.targetPort);
      if (pods.length === 1 && !named) problems.push(`Service ${s.metadata.name}: targetPort ${port.targetPort} is no container port`);
    }
  }
  // A component's ConfigMap naming another's Service (http://<service>:<port>/…): that one's NetworkPolicy, if any,
  // must let the caller in.
  const component = (o) => o.metadata.labels?.['app.kubernetes.io/component'];
  for (const map of byKind(objects, 'ConfigMap')) {
    for (const value of Object.values(map.data ?? {})) {
      const host = /^https?:\/\/([^:/]+)[:/]/.exec(String(value))?.[1];
      const service = byKind(objects, 'Service').find((s) => s.metadata.name === host);
      if (!service) continue;
      const target = component(service);
      const policy = byKind(objects, 'NetworkPolicy').find(
        (n) => n.spec.podSelector.matchLabels?.['app.kubernetes.io/component'] === target,
      );
      const allowed = (policy?.spec.ingress ?? []).some((rule) =>
        (rule.from ?? []).some((peer) => peer.podSelector?.matchLabels?.['app.kubernetes.io/component'] === component(map)),
      );
      if (policy && !allowed) problems.push(`NetworkPolicy ${policy.metadata.name} shuts out ${component(map)}, which calls ${host}`);
    }
  }
  for (const h of byKind(objects, 'HorizontalPodAutoscaler')) {
    if (!deployments.some((d) => d.metadata.name === h.spec.scaleTargetRef.name))
      problems.push(`HPA ${h.metadata.name}: no Deployment ${h.spec.scaleTargetRef.name}`);
  }
  const migrations = byKind(objects, 'Job').filter((j) => j.metadata.labels?.['app.kubernetes.io/component']?.startsWith('migrate-'));
  for (const db of SUBGRAPHS) {
    const job = migrations.find((j) => j.metadata.labels['app.kubernetes.io/component'] === `migrate-${db}`);
    if (!job) {
      // Without a Job the service must migrate at start.
      const config = byKind(objects, 'ConfigMap').find((m) => m.metadata.labels?.['app.kubernetes.io/component'] === db);
      if (config && config.data?.[`${db.toUpperCase()}_MIGRATE_ON_START`] !== 'true')
        problems.push(`the ${db} database is migrated neither by a Job nor at start`);
      continue;
    }
    const hooks = job.metadata.annotations?.['helm.sh/hook'] ?? '';
    if (!hooks.includes('pre-install') || !hooks.includes('pre-upgrade'))
      problems.push(`${job.metadata.name}: not a pre-install/pre-upgrade hook`);
    if (JSON.stringify(job.spec.template.spec.containers[0].args) !== '["migrate"]')
      problems.push(`${job.metadata.name}: does not run \`migrate\``);
  }
  return problems;
}

function helm(bin, args) {
  return execFileSync(bin, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Lints and renders the chart; returns { renderings: [{ values, objects }], problems }. */
export async function lintChart(repoRoot, log) {
  const chart = path.join(repoRoot, 'deploy', 'helm', 'sla-desk');
  const bin = ensureHelm(repoRoot, log);
  const examples = readdirSync(path.join(chart, 'examples'))
    .filter((f) => /^values-.*\.ya?ml$/.test(f))
    .sort();
  const problems = [];
  const renderings = [];
  for (const values of [undefined, ...examples]) {
    const label = values ? `examples/${values}` : 'default values';
    const valueArgs = values ? ['-f', path.join(chart, 'examples', values)] : [];
    try {
      helm(bin, ['lint', chart, '--strict', '--kube-version', KUBE_VERSION, ...valueArgs]);
      const text = helm(bin, ['template', 'sla-desk', chart, '--namespace', 'sla-desk', '--kube-version', KUBE_VERSION, ...valueArgs]);
      const objects = parseObjects(text, label);
      for (const o of objects) {
        const problem = await kubernetesProblem(o);
        if (problem) problems.push(`${label}: ${o.kind ?? '?'} ${o.metadata?.name ?? '?'}: ${problem}`);
        for (const field of unknownFields(o)) problems.push(`${label}: ${o.kind} ${o.metadata?.name}: ${field}`);
      }
      problems.push(...chartProblems(objects).map((p) => `${label}: ${p}`));
      renderings.push({ values: label, objects });
    } catch (error) {
      problems.push(`${label}: ${[error.stdout, error.stderr].filter(Boolean).join('\n').trim() || error.message}`);
    }
  }
  return { renderings, problems };
}
