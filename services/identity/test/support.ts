// Test harness: a throwaway PostgreSQL database per test file, migrations applied, the identity app listening on
// an ephemeral port, a provider admin bootstrapped, and a client that signs requests like the gateway does.
import { generateKeyPairSync } from 'node:crypto';
import { AccessTokenVerifier, type Caller, type RequestIdentity } from '@sla-desk/auth';
import { startTestSubgraph, type TestSubgraph } from '@sla-desk/subgraph/testing';
import { Client } from 'pg';
import { bootstrapProvider } from '../src/bootstrap';
import type { IdentityConfig } from '../src/config';
import { identitySubgraph } from '../src/subgraph';

export { TEST_GATEWAY_SECRET as SECRET, type GraphQLResponse } from '@sla-desk/subgraph/testing';
export const ADMIN_EMAIL = 'admin@provider.test';
export const ADMIN_PASSWORD = 'provider-admin-password-1';

export interface IdentityHarness extends TestSubgraph<IdentityConfig> {
  publicKeyPem: string;
  providerOrganizationId: string;
  /** The caller an access token stands for. */
  callerOf(accessToken: string): Promise<Caller>;
  /** Runs SQL in the test database (for assertions on stored state). */
  sql<T = Record<string, unknown>>(text: string, values?: unknown[]): Promise<T[]>;
}

export function testKeys() {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

/** identity's own variables for tests (the kit adds database, port, secret, silent logs). */
export function testIdentityEnv(privateKeyPem: string, overrides: Record<string, string> = {}): Record<string, string> {
  return {
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
  const keys = testKeys();
  const subgraph = await startTestSubgraph(identitySubgraph, { name, env: testIdentityEnv(keys.privateKeyPem, envOverrides) });
  try {
    const bootstrap = await bootstrapProvider(subgraph.app, {
      providerName: 'Provider',
      providerContactEmail: 'support@provider.test',
      adminEmail: ADMIN_EMAIL,
      adminDisplayName: 'Provider Admin',
      adminPassword: ADMIN_PASSWORD,
    });
    const verifier = await AccessTokenVerifier.fromSpki(keys.publicKeyPem);
    return {
      ...subgraph,
      publicKeyPem: keys.publicKeyPem,
      providerOrganizationId: bootstrap.providerOrganizationId,
      callerOf: (token) => verifier.verify(token),
      async sql<T>(text: string, values: unknown[] = []) {
        const client = new Client({ connectionString: subgraph.db.url });
        await client.connect();
        try {
          return (await client.query(text, values)).rows as T[];
        } finally {
          await client.end();
        }
      },
    };
  } catch (error) {
    await subgraph.close();
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
