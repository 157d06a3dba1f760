// Test harness: a throwaway PostgreSQL database per test file, migrations applied, the identity app listening on
// an ephemeral port, a provider admin bootstrapped, and a client that signs requests like the gateway does.
import { generateKeyPairSync } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AccessTokenVerifier, signIdentity, type Caller, type RequestIdentity } from '@sla-desk/auth';
import { createTestDatabase, type TestDatabase } from '@sla-desk/testing';
import { Client } from 'pg';
import { createIdentityApp, migrateIdentityDatabase } from '../src/app';
import { bootstrapProvider } from '../src/bootstrap';
import { loadIdentityConfig, type IdentityConfig } from '../src/config';

export const SECRET = 'test-gateway-subgraph-secret-0123456789';
export const ADMIN_EMAIL = 'admin@provider.test';
export const ADMIN_PASSWORD = 'provider-admin-password-1';

export interface GraphQLResponse<T = Record<string, unknown>> {
  status: number;
  data?: T | null;
  errors?: Array<{ message: string; path?: unknown[]; extensions?: Record<string, unknown> }>;
}

export interface IdentityHarness {
  db: TestDatabase;
  app: NestExpressApplication;
  config: IdentityConfig;
  url: string;
  publicKeyPem: string;
  providerOrganizationId: string;
  /** A request signed as the gateway would, for `caller` (null: anonymous). */
  gql<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    caller?: Caller | null,
    identity?: Partial<RequestIdentity>,
  ): Promise<GraphQLResponse<T>>;
  /** A raw request (headers as given). */
  raw(body: unknown, headers?: Record<string, string>): Promise<GraphQLResponse & { text: string }>;
  /** Runs SQL in the test database (for assertions on stored state). */
  sql<T = Record<string, unknown>>(text: string, values?: unknown[]): Promise<T[]>;
  /** The caller an access token stands for. */
  callerOf(accessToken: string): Promise<Caller>;
  close(): Promise<void>;
}

export function testKeys() {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

export function testIdentityEnv(databaseUrl: string, privateKeyPem: string, overrides: Record<string, string> = {}) {
  return {
    NODE_ENV: 'test',
    LOG_LEVEL: process.env['TEST_LOG_LEVEL'] ?? 'silent',
    IDENTITY_DATABASE_URL: databaseUrl,
    IDENTITY_PORT: '0',
    GATEWAY_SUBGRAPH_SECRET: SECRET,
    JWT_PRIVATE_KEY: privateKeyPem,
    // Cheap hashing keeps the suites fast; production defaults are argon2id m=19 MiB, t=2.
    ARGON2_MEMORY_KIB: '4096',
    ARGON2_TIME_COST: '1',
    LOGIN_MAX_FAILURES_PER_ACCOUNT: '3',
    LOGIN_SLOWDOWN_AFTER_FAILURES_PER_ADDRESS: '1000',
    ...overrides,
  };
}

export async function startIdentity(name: string, envOverrides: Record<string, string> = {}): Promise<IdentityHarness> {
  const db = await createTestDatabase(name);
  const keys = testKeys();
  try {
    await migrateIdentityDatabase(db.url);
    const config = loadIdentityConfig(testIdentityEnv(db.url, keys.privateKeyPem, envOverrides));
    const app = await createIdentityApp(config);
    await app.listen(0, '127.0.0.1');
    const { port } = app.getHttpServer().address() as AddressInfo;
    const url = `http://127.0.0.1:${port}/graphql`;
    const bootstrap = await bootstrapProvider(app, {
      providerName: 'Provider',
      providerContactEmail: 'support@provider.test',
      adminEmail: ADMIN_EMAIL,
      adminDisplayName: 'Provider Admin',
      adminPassword: ADMIN_PASSWORD,
    });
    const verifier = await AccessTokenVerifier.fromSpki(keys.publicKeyPem);
    const raw = async (body: unknown, headers: Record<string, string> = {}) => {
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
        // not JSON: the assertions look at text
      }
      return { status: res.status, text, ...json } as GraphQLResponse & { text: string };
    };
    return {
      db,
      app,
      config,
      url,
      publicKeyPem: keys.publicKeyPem,
      providerOrganizationId: bootstrap.providerOrganizationId,
      async gql<T>(query: string, variables: Record<string, unknown> = {}, caller: Caller | null = null, identity: Partial<RequestIdentity> = {}) {
        const headers = signIdentity(
          { caller, requestId: 'test-request', clientAddress: '203.0.113.9', ...identity },
          SECRET,
          { query },
        );
        return (await raw({ query, variables }, headers)) as GraphQLResponse<T>;
      },
      raw,
      async sql<T>(text: string, values: unknown[] = []) {
        const client = new Client({ connectionString: db.url });
        await client.connect();
        try {
          return (await client.query(text, values)).rows as T[];
        } finally {
          await client.end();
        }
      },
      callerOf: (token) => verifier.verify(token),
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

export const LOGIN = `mutation Login($email: String!, $password: String!) {
  login(input: { email: $email, password: $password }) {
    accessToken accessTokenExpiresAt refreshToken refreshTokenExpiresAt
    user { id email organizationId roles portalAccess }
  }
}`;

export interface LoginResult {
  login: {
    accessToken: string;
    refreshToken: string;
    user: { id: string; email: string; organizationId: string; roles: string[]; portalAccess: boolean };
  };
}

/** Logs in and returns the caller (for signed requests) plus the tokens. */
export async function loginAs(h: IdentityHarness, email: string, password: string, identity: Partial<RequestIdentity> = {}) {
  const res = await h.gql<LoginResult>(LOGIN, { email, password }, null, identity);
  if (!res.data?.login) throw new Error(`login failed: ${JSON.stringify(res.errors)}`);
  return { ...res.data.login, caller: await h.callerOf(res.data.login.accessToken) };
}

export const CREATE_USER = `mutation($input: CreateUserInput!) {
  createUser(input: $input) { user { id email organizationId } setupTicket { userId token } }
}`;
export const COMPLETE_SETUP = 'mutation($t: String!, $p: String!) { completePasswordSetup(input: { token: $t, newPassword: $p }) }';

export interface NewUser {
  organizationId: string;
  email: string;
  displayName: string;
  roles: string[];
}

/** Registers a user as `admin` and sets their password; returns the user's id. */
export async function createUserWithPassword(h: IdentityHarness, admin: Caller, input: NewUser, password: string): Promise<string> {
  const created = await h.gql<{ createUser: { user: { id: string }; setupTicket: { token: string } } }>(CREATE_USER, { input }, admin);
  if (!created.data?.createUser) throw new Error(`createUser failed: ${JSON.stringify(created.errors)}`);
  const setup = await h.gql(COMPLETE_SETUP, { t: created.data.createUser.setupTicket.token, p: password });
  if (setup.errors) throw new Error(`completePasswordSetup failed: ${JSON.stringify(setup.errors)}`);
  return created.data.createUser.user.id;
}

/** Polls until `condition` holds (for in-process probes of concurrent requests). */
export async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
