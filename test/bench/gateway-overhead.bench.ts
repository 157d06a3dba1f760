// Gateway overhead: p50/p99 latency of one simple federated query through the gateway vs the same query sent
// straight to the identity subgraph (signed as the gateway would sign it), at a fixed concurrency.
// Printed, not asserted. Run: npm run -w @sla-desk/test bench:gateway   (needs `npm run up` for PostgreSQL; builds first)
// The identity service and the gateway run as separate Node processes from their builds (dist/), as in production;
// the load generator is this process. Knobs: BENCH_REQUESTS (default 3000), BENCH_CONCURRENCY (default 16),
// BENCH_WARMUP (default 300).
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { AccessTokenVerifier, signIdentity, type Caller } from '@sla-desk/auth';
import { createTestDatabase, type TestDatabase } from '@sla-desk/testing';
import { ADMIN_EMAIL, ADMIN_PASSWORD, LOGIN, postJson, SECRET, testKeys, type Session } from '../src/gateway/stack';

const REQUESTS = Number(process.env['BENCH_REQUESTS'] ?? 3000);
const CONCURRENCY = Number(process.env['BENCH_CONCURRENCY'] ?? 16);
const WARMUP = Number(process.env['BENCH_WARMUP'] ?? 300);
const QUERY = 'query Bench($id: ID!) { user(id: $id) { id displayName email roles organization { id name kind } } }';

interface Stats {
  p50: number;
  p90: number;
  p99: number;
  mean: number;
  rps: number;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function run(requests: number, send: () => Promise<void>): Promise<Stats> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < requests) {
        next++;
        const t0 = performance.now();
        await send();
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    p50: percentile(latencies, 50),
    p90: percentile(latencies, 90),
    p99: percentile(latencies, 99),
    mean: latencies.reduce((s, x) => s + x, 0) / latencies.length,
    rps: latencies.length / elapsed,
  };
}

async function post(url: string, body: string, headers: Record<string, string>): Promise<void> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const json = (await res.json()) as { errors?: unknown; data?: { user?: unknown } };
  if (json.errors || !json.data?.user) throw new Error(`bad response: ${JSON.stringify(json)}`);
}

const SERVICES = join(__dirname, '..', '..', 'services');
const IDENTITY_PORT = Number(process.env['BENCH_IDENTITY_PORT'] ?? 14001);
const GATEWAY_PORT = Number(process.env['BENCH_GATEWAY_PORT'] ?? 14000);
const identityUrl = `http://127.0.0.1:${IDENTITY_PORT}/graphql`;
const gatewayUrl = `http://127.0.0.1:${GATEWAY_PORT}/graphql`;

const children: ChildProcess[] = [];
let db: TestDatabase;

function start(script: string, env: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, [script], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
  children.push(child);
  return child;
}

async function run1(script: string, env: Record<string, string>): Promise<void> {
  const child = start(script, env);
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  if (code !== 0) throw new Error(`${script} exited with ${code}`);
}

async function waitForHealth(url: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not become healthy`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

beforeAll(async () => {
  db = await createTestDatabase('gw_bench');
  const keys = testKeys();
  const identityEnv = {
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    IDENTITY_DATABASE_URL: db.url,
    IDENTITY_PORT: String(IDENTITY_PORT),
    GATEWAY_SUBGRAPH_SECRET: SECRET,
    JWT_PRIVATE_KEY: keys.privateKeyPem,
    KAFKA_BROKERS: '',
  };
  await run1(join(SERVICES, 'identity/dist/cli/bootstrap.js'), {
    ...identityEnv,
    BOOTSTRAP_PROVIDER_NAME: 'Provider',
    BOOTSTRAP_PROVIDER_EMAIL: 'support@provider.test',
    BOOTSTRAP_ADMIN_EMAIL: ADMIN_EMAIL,
    BOOTSTRAP_ADMIN_PASSWORD: ADMIN_PASSWORD,
  });
  start(join(SERVICES, 'identity/dist/main.js'), identityEnv);
  start(join(SERVICES, 'gateway/dist/main.js'), {
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    GATEWAY_PORT: String(GATEWAY_PORT),
    JWT_PUBLIC_KEY: keys.publicKeyPem,
    GATEWAY_SUBGRAPH_SECRET: SECRET,
    SUBGRAPH_IDENTITY_URL: identityUrl,
  });
  await waitForHealth(identityUrl.replace('/graphql', '/health'));
  await waitForHealth(gatewayUrl.replace('/graphql', '/health'));
  publicKeyPem = keys.publicKeyPem;
}, 120_000);

let publicKeyPem = '';

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  await Promise.all(children.map((c) => (c.exitCode === null ? new Promise((r) => c.on('exit', r)) : undefined)));
  await db?.drop();
});

it('measures gateway overhead', async () => {
  const loggedIn = await postJson<{ login: Session }>(gatewayUrl, {
    query: LOGIN,
    variables: { email: ADMIN_EMAIL, password: ADMIN_PASSWORD },
  });
  const admin = loggedIn.data!.login;
  const caller: Caller = await (await AccessTokenVerifier.fromSpki(publicKeyPem)).verify(admin.accessToken);
  const request = { query: QUERY, variables: { id: admin.user.id } };
  const body = JSON.stringify(request);
  const viaGateway = () => post(gatewayUrl, body, { authorization: `Bearer ${admin.accessToken}` });
  const direct = () =>
    post(identityUrl, body, signIdentity({ caller, requestId: 'bench', clientAddress: '127.0.0.1' }, SECRET, { request }));

  await run(WARMUP, viaGateway);
  await run(WARMUP, direct);
  // Alternate rounds so drift (JIT, GC, the database) affects both sides alike.
  const rounds = 3;
  const g: Stats[] = [];
  const d: Stats[] = [];
  for (let i = 0; i < rounds; i++) {
    d.push(await run(Math.ceil(REQUESTS / rounds), direct));
    g.push(await run(Math.ceil(REQUESTS / rounds), viaGateway));
  }
  const avg = (xs: Stats[], k: keyof Stats) => xs.reduce((s, x) => s + x[k], 0) / xs.length;
  const row = (name: string, xs: Stats[]) =>
    `${name.padEnd(22)} ${avg(xs, 'p50').toFixed(2).padStart(8)} ${avg(xs, 'p90').toFixed(2).padStart(8)} ${avg(xs, 'p99').toFixed(2).padStart(8)} ${avg(xs, 'mean').toFixed(2).padStart(8)} ${avg(xs, 'rps').toFixed(0).padStart(8)}`;
  const lines = [
    '',
    `Gateway overhead — ${REQUESTS} requests per target in ${rounds} alternating rounds, concurrency ${CONCURRENCY}, warm-up ${WARMUP}`,
    `query: ${QUERY}`,
    `${'target'.padEnd(22)} ${'p50 ms'.padStart(8)} ${'p90 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'mean ms'.padStart(8)} ${'req/s'.padStart(8)}`,
    row('identity (direct)', d),
    row('gateway → identity', g),
    `ratio gateway/direct: p50 ×${(avg(g, 'p50') / avg(d, 'p50')).toFixed(2)}, p99 ×${(avg(g, 'p99') / avg(d, 'p99')).toFixed(2)}; ` +
      `added p50 ${(avg(g, 'p50') - avg(d, 'p50')).toFixed(2)} ms; throughput ×${(avg(g, 'rps') / avg(d, 'rps')).toFixed(2)}`,
    'identity and gateway: separate Node processes (NODE_ENV=production, logs at warn), PostgreSQL local; the load',
    'generator shares the machine, so absolute numbers are pessimistic: the ratio is the point.',
    '',
  ];
  process.stdout.write(lines.join('\n'));
}, 600_000);
