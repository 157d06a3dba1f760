// The operator examples next to the chart (Strimzi, CloudNativePG): no Kubernetes schema covers their custom
// resources offline, so what matters is checked here: the topics are exactly those of libs/events (and their .dlq)
// with replication factor 3 and min.insync.replicas 2 on a 3-broker cluster, and the PostgreSQL cluster has a
// database per subgraph under the names and Secret the chart's defaults expect.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { parseObjects, SUBGRAPHS } from './helm.mjs';

const DNS_1123 = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** The topic names of libs/events' TOPICS (src/catalog.ts). */
export function eventTopics(repoRoot) {
  const source = readFileSync(path.join(repoRoot, 'libs', 'events', 'src', 'catalog.ts'), 'utf8');
  const block = /export const TOPICS = \{([^}]*)\}/.exec(source)?.[1];
  if (!block) throw new Error('libs/events/src/catalog.ts: no `export const TOPICS = { … }` found');
  return [...block.matchAll(/'([a-z0-9.]+)'/g)].map((m) => m[1]);
}

export function operatorProblems(repoRoot) {
  const dir = path.join(repoRoot, 'deploy', 'helm', 'sla-desk', 'examples');
  const problems = [];
  const load = (file) => parseObjects(readFileSync(path.join(dir, file), 'utf8'), file);
  const kinds = (objects, expected, file) => {
    for (const o of objects) {
      if (!expected.includes(`${o.apiVersion}/${o.kind}`)) problems.push(`${file}: unexpected ${o.apiVersion}/${o.kind}`);
      if (!DNS_1123.test(o.metadata?.name ?? '') || o.metadata.name.length > 63)
        problems.push(`${file}: ${o.kind} name "${o.metadata?.name}" is not a DNS-1123 name`);
    }
  };

  const kafka = load('strimzi-kafka.yaml');
  kinds(
    kafka,
    ['kafka.strimzi.io/v1beta2/Kafka', 'kafka.strimzi.io/v1beta2/KafkaNodePool', 'kafka.strimzi.io/v1beta2/KafkaTopic'],
    'strimzi-kafka.yaml',
  );
  const cluster = kafka.find((o) => o.kind === 'Kafka');
  const brokers = kafka
    .filter((o) => o.kind === 'KafkaNodePool' && o.spec.roles.includes('broker'))
    .reduce((n, p) => n + p.spec.replicas, 0);
  if (!cluster) problems.push('strimzi-kafka.yaml: no Kafka resource');
  else {
    if (brokers < 3) problems.push(`strimzi-kafka.yaml: ${brokers} brokers, replication factor 3 needs 3`);
    if (Number(cluster.spec.kafka.config?.['min.insync.replicas']) !== 2)
      problems.push('strimzi-kafka.yaml: the cluster default min.insync.replicas is not 2');
  }
  const expected = eventTopics(repoRoot)
    .flatMap((t) => [t, `${t}.dlq`])
    .sort();
  const topics = kafka.filter((o) => o.kind === 'KafkaTopic');
  const declared = topics.map((t) => t.spec.topicName).sort();
  for (const t of expected) if (!declared.includes(t)) problems.push(`strimzi-kafka.yaml: no KafkaTopic for ${t} (libs/events TOPICS)`);
  for (const t of declared) if (!expected.includes(t)) problems.push(`strimzi-kafka.yaml: KafkaTopic ${t} is not a topic of libs/events`);
  for (const t of topics) {
    if (t.spec.replicas !== 3) problems.push(`strimzi-kafka.yaml: ${t.spec.topicName} has replicas ${t.spec.replicas}, expected 3`);
    if (Number(t.spec.config?.['min.insync.replicas']) !== 2)
      problems.push(`strimzi-kafka.yaml: ${t.spec.topicName} min.insync.replicas is not 2`);
    if (cluster && t.metadata.labels?.['strimzi.io/cluster'] !== cluster.metadata.name)
      problems.push(`strimzi-kafka.yaml: ${t.spec.topicName} is not labelled for cluster ${cluster.metadata.name}`);
  }

  const pg = load('cloudnativepg-cluster.yaml');
  kinds(pg, ['postgresql.cnpg.io/v1/Cluster', 'postgresql.cnpg.io/v1/Database'], 'cloudnativepg-cluster.yaml');
  const pgCluster = pg.find((o) => o.kind === 'Cluster');
  const values = parse(readFileSync(path.join(repoRoot, 'deploy', 'helm', 'sla-desk', 'values.yaml'), 'utf8'));
  if (!pgCluster) problems.push('cloudnativepg-cluster.yaml: no Cluster resource');
  else {
    const name = pgCluster.metadata.name;
    if (pgCluster.spec.instances < 3)
      problems.push(`cloudnativepg-cluster.yaml: ${pgCluster.spec.instances} instances, expected at least 3`);
    if (values.database.host !== `${name}-rw`)
      problems.push(`values.yaml: database.host ${values.database.host} is not the example cluster's primary Service ${name}-rw`);
    if (values.database.passwordSecret.name !== `${name}-app`)
      problems.push(`values.yaml: database.passwordSecret.name is not CloudNativePG's ${name}-app`);
    const owner = pgCluster.spec.bootstrap?.initdb?.owner;
    if (owner !== values.database.user)
      problems.push(`cloudnativepg-cluster.yaml: the application role ${owner} is not values.yaml's database.user ${values.database.user}`);
    const databases = [pgCluster.spec.bootstrap?.initdb?.database, ...pg.filter((o) => o.kind === 'Database').map((d) => d.spec.name)];
    for (const d of pg.filter((o) => o.kind === 'Database')) {
      if (d.spec.cluster?.name !== name) problems.push(`cloudnativepg-cluster.yaml: Database ${d.metadata.name} is not in cluster ${name}`);
      if (d.spec.owner !== owner) problems.push(`cloudnativepg-cluster.yaml: Database ${d.spec.name} is not owned by ${owner}`);
    }
    for (const s of SUBGRAPHS)
      if (!databases.includes(values.database.names[s]))
        problems.push(`cloudnativepg-cluster.yaml: no database ${values.database.names[s]} (${s})`);
  }
  return problems;
}
