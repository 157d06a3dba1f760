// @sla-desk/subgraph/testing: a subgraph under test, for its own jest suites — a throwaway PostgreSQL database with
// the service's migrations applied, the app listening on an ephemeral port (real HTTP), and a client that signs each
// request the way the gateway does, as any caller.
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { signIdentity, type Caller, type RequestIdentity } from '@sla-desk/auth';
import { checkMigrations } from '@sla-desk/db-migrate';
import { createTestDatabase, type TestDatabase } from '@sla-desk/testing';
import { createSubgraphApp, migrateSubgraphDatabase } from '../app';
import { envPrefix, type SubgraphConfig } from '../config';
import { prismaDirOf, schemaFileOf, type SubgraphDefinition } from '../definition';
import { printSubgraphSdl } from '../schema';

/** The gateway↔subgraph secret test harnesses sign with. */
export const TEST_GATEWAY_SECRET = 'test-gateway-subgraph-secret-0123456789';

export interface GraphQLResponse<T = Record<string, unknown>> {
  status: number;
  text: string;
  data?: T | null;
  errors?: Array<{ message: string; path?: unknown[]; extensions?: Record<string, unknown> }>;
}

export interface TestSubgraph<C extends SubgraphConfig> {
  db: TestDatabase;
  app: NestExpressApplication;
  config: C;
  url: string;
  /** A request signed as the gateway would, for `caller` (null: anonymous). */
  gql<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    caller?: Caller | null,
    identity?: Partial<RequestIdentity>,
  ): Promise<GraphQLResponse<T>>;
  /** A raw POST to /graphql with exactly these headers. */
  raw(body: unknown, headers?: Record<string, string>): Promise<GraphQLResponse>;
  close(): Promise<void>;
}

export interface TestSubgraphOptions<O> {
  /** Names the throwaway database (test file name). */
  name: string;
  /** Variables on top of the test defaults (NODE_ENV=test, silent logs, ephemeral port, no Kafka). */
  env?: Record<string, string>;
  /** The definition's module options (fakes for outside services). */
  moduleOptions?: O;
}

/** The environment a test instance of `service` runs with. */
export function testSubgraphEnv(service: string, databaseUrl: string, overrides: Record<string, string> = {}): Record<string, string> {
  const p = envPrefix(service);
  return {
    NODE_ENV: 'test',
    LOG_LEVEL: process.env['TEST_LOG_LEVEL'] ?? 'silent',
    [`${p}_DATABASE_URL`]: databaseUrl,
    [`${p}_PORT`]: '0',
    [`${p}_DB_POOL_SIZE`]: '4',
    GATEWAY_SUBGRAPH_SECRET: TEST_GATEWAY_SECRET,
    ...overrides,
  };
}

export async function postGraphQL(url: string, body: unknown, headers: Record<string, string> = {}): Promise<GraphQLResponse> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // not JSON: assertions look at `text`
  }
  return { status: res.status, text, ...json };
}

export async function startTestSubgraph<C extends SubgraphConfig, O>(
  definition: SubgraphDefinition<C, O>,
  options: TestSubgraphOptions<O>,
): Promise<TestSubgraph<C>> {
  const db = await createTestDatabase(options.name);
  try {
    await migrateSubgraphDatabase(definition, db.url);
    const config = definition.loadConfig(testSubgraphEnv(definition.name, db.url, options.env));
    const app = await createSubgraphApp(definition, config, options.moduleOptions);
    await app.listen(0, '127.0.0.1');
    const { port } = app.getHttpServer().address() as AddressInfo;
    const url = `http://127.0.0.1:${port}/graphql`;
    const secret = config.gatewaySecrets[0]!;
    return {
      db,
      app,
      config,
      url,
      async gql<T>(
        query: string,
        variables: Record<string, unknown> = {},
        caller: Caller | null = null,
        identity: Partial<RequestIdentity> = {},
      ) {
        const headers = signIdentity({ caller, requestId: 'test-request', clientAddress: '203.0.113.9', ...identity }, secret, {
          request: { query, variables },
        });
        return (await postGraphQL(url, { query, variables }, headers)) as GraphQLResponse<T>;
      },
      raw: (body, headers) => postGraphQL(url, body, headers),
      async close() {
        await app.close();
        await db.drop();
      },
    };
  } catch (error) {
    await db.drop().catch(() => undefined);
    throw error;
  }
}

/**
 * Starts `definition` for the test file (beforeAll) and stops it (afterAll); the returned function gives the running
 * subgraph inside tests.
 */
export function useTestSubgraph<C extends SubgraphConfig, O>(
  definition: SubgraphDefinition<C, O>,
  options: TestSubgraphOptions<O>,
): () => TestSubgraph<C> {
  let subgraph: TestSubgraph<C> | undefined;
  beforeAll(async () => {
    subgraph = await startTestSubgraph(definition, options);
  });
  afterAll(async () => {
    await subgraph?.close();
  });
  return () => {
    if (!subgraph) throw new Error(`${definition.name} did not start (see the beforeAll error above)`);
    return subgraph;
  };
}

/** The checked-in schema.graphql is what the code prints (the gateway composes from it). */
export async function schemaFileIsFresh<C extends SubgraphConfig, O>(definition: SubgraphDefinition<C, O>): Promise<boolean> {
  return readFileSync(schemaFileOf(definition), 'utf8') === (await printSubgraphSdl(definition));
}

/** What the migrations built in `databaseUrl` compared with prisma/schema.prisma (drift: null when they agree). */
export function migrationDrift(definition: Pick<SubgraphDefinition<never, never>, 'root'>, databaseUrl: string) {
  return checkMigrations({ schema: prismaDirOf(definition), url: databaseUrl });
}

/** A provider administrator, as the gateway would sign them (for suites that need staff rights). */
export function providerAdmin(organizationId = '00000000-0000-4000-8000-000000000001'): Caller {
  return {
    userId: '00000000-0000-4000-8000-0000000000a1',
    organizationId,
    organizationKind: 'PROVIDER',
    roles: ['ADMIN'],
    sessionId: 'test-session',
  };
}

/** A customer's employee. */
export function customerEmployee(organizationId = '00000000-0000-4000-8000-0000000000c1'): Caller {
  return {
    userId: '00000000-0000-4000-8000-0000000000e1',
    organizationId,
    organizationKind: 'CUSTOMER',
    roles: ['CUSTOMER_EMPLOYEE'],
    sessionId: 'test-session',
  };
}

/**
 * The contract every subgraph keeps, as jest tests: its checked-in SDL is current, its migrations build exactly its
 * Prisma schema, and `<name>Status` answers provider staff only.
 */
export function describeSubgraphContract<C extends SubgraphConfig, O>(
  definition: SubgraphDefinition<C, O>,
  subgraph: () => TestSubgraph<C>,
  callers: { staff?: () => Caller } = {},
): void {
  const staff = callers.staff ?? (() => providerAdmin());
  const status = `{ ${definition.name}Status { service pendingOutboxEvents oldestPendingEventAt appliedMigrations } }`;
  describe(`the ${definition.name} subgraph's contract`, () => {
    it('the checked-in schema.graphql matches the code (npm run schema:print after a build)', async () => {
      expect(await schemaFileIsFresh(definition)).toBe(true);
    });

    it('the migrations build exactly prisma/schema.prisma (no drift)', async () => {
      expect(await migrationDrift(definition, subgraph().db.url)).toMatchObject({ ok: true, pending: [], failed: [], drift: null });
    });

    it(`${definition.name}Status answers provider staff, not customers or anonymous callers`, async () => {
      const answer = await subgraph().gql<Record<string, { service: string; appliedMigrations: number }>>(status, {}, staff());
      expect(answer.errors).toBeUndefined();
      expect(answer.data?.[`${definition.name}Status`]).toMatchObject({
        service: definition.name,
        pendingOutboxEvents: expect.any(Number),
      });
      expect(answer.data?.[`${definition.name}Status`]?.appliedMigrations).toBeGreaterThan(0);
      expect((await subgraph().gql(status, {}, customerEmployee())).errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
      expect((await subgraph().gql(status, {}, null)).errors?.[0]?.extensions?.['code']).toBe('UNAUTHENTICATED');
    });
  });
}
