// A subgraph as its own Node process (node services/<name>/dist/main.js) on a throwaway database and a free port.
// End-to-end suites with several code-first subgraphs need this: NestJS keeps GraphQL type metadata per process, so
// two subgraphs that both declare a federated type (an entity and another subgraph's reference to it) cannot share
// one process.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { envPrefix } from '@sla-desk/subgraph';
import { createTestDatabase, findRepoRoot, type TestDatabase } from '@sla-desk/testing';

export interface SubgraphProcess {
  url: string;
  db: TestDatabase;
  close(): Promise<void>;
}

/** `count` distinct free ports (all held until each is known), for subgraphs that must know each other's address. */
export async function freePorts(count: number): Promise<number[]> {
  const servers = Array.from({ length: count }, () => createServer().listen(0, '127.0.0.1'));
  await Promise.all(servers.map((server) => once(server, 'listening')));
  const ports = servers.map((server) => (server.address() as AddressInfo).port);
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  return ports;
}

async function waitForHealth(child: ChildProcess, base: string, stderr: () => string): Promise<void> {
  const deadline = Date.now() + 45_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`subgraph exited with ${child.exitCode}: ${stderr()}`);
    const ok = await fetch(`${base}/health`).then(
      (res) => res.status === 200,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`subgraph at ${base} did not become healthy: ${stderr()}`);
}

/**
 * Starts services/<name> (built) with `env` (GATEWAY_SUBGRAPH_SECRET at least) on `port` (default: a free one); it
 * applies its migrations at start.
 */
export async function startSubgraphProcess(name: string, env: Record<string, string> = {}, port?: number): Promise<SubgraphProcess> {
  const db = await createTestDatabase(`gw_${name}`);
  port ??= (await freePorts(1))[0]!;
  let stderr = '';
  const child = spawn(process.execPath, [join(findRepoRoot(), 'services', name, 'dist', 'main.js')], {
    env: {
      PATH: process.env['PATH'] ?? '',
      NODE_ENV: 'test',
      LOG_LEVEL: process.env['TEST_LOG_LEVEL'] ?? 'silent',
      [`${envPrefix(name)}_DATABASE_URL`]: db.url,
      [`${envPrefix(name)}_PORT`]: String(port),
      [`${envPrefix(name)}_DB_POOL_SIZE`]: '4',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const base = `http://127.0.0.1:${port}`;
  const close = async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
    await db.drop();
  };
  try {
    await waitForHealth(child, base, () => stderr);
  } catch (error) {
    await close().catch(() => undefined);
    throw error;
  }
  return { url: `${base}/graphql`, db, close };
}

/**
 * The catalog and contracts subgraphs as processes that know each other's address (contracts asks which components
 * exist, the catalog what a customer's contracts cover); contracts starts onboarding workflows on `taskQueue`. `env`
 * goes to both (e.g. Kafka brokers and topic prefix).
 */
export async function startCatalogAndContracts(
  secret: string,
  temporal: { address: string; namespace: string; taskQueue: string },
  env: Record<string, string> = {},
): Promise<{ catalog: SubgraphProcess; contracts: SubgraphProcess }> {
  const [catalogPort, contractsPort] = await freePorts(2);
  const urlOf = (port: number) => `http://127.0.0.1:${port}/graphql`;
  const [catalog, contracts] = await Promise.all([
    startSubgraphProcess('catalog', { GATEWAY_SUBGRAPH_SECRET: secret, CATALOG_CONTRACTS_URL: urlOf(contractsPort!), ...env }, catalogPort),
    startSubgraphProcess(
      'contracts',
      {
        GATEWAY_SUBGRAPH_SECRET: secret,
        CONTRACTS_CATALOG_URL: urlOf(catalogPort!),
        TEMPORAL_ADDRESS: temporal.address,
        TEMPORAL_NAMESPACE: temporal.namespace,
        TEMPORAL_TASK_QUEUE: temporal.taskQueue,
        ...env,
      },
      contractsPort,
    ),
  ]);
  return { catalog, contracts };
}
