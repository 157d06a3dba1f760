// End-to-end harness: per test file a throwaway PostgreSQL database, the identity subgraph and the gateway started
// in-process on ephemeral ports, talking real HTTP; a provider admin is bootstrapped.
import { generateKeyPairSync } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { createGatewayApp, loadGatewayConfig } from '@sla-desk/gateway';
import { bootstrapProvider, createIdentityApp, loadIdentityConfig, migrateIdentityDatabase } from '@sla-desk/identity';
import { createTestDatabase, stackConfig, type TestDatabase } from '@sla-desk/testing';
import type { ContractTermsPort } from '@sla-desk/ticket-activities';
import { startTicketsSide, type TicketLinks, type TicketsSide } from './tickets-stack';

export const SECRET = 'e2e-gateway-subgraph-secret-0123456789abcdef';
export const ADMIN_EMAIL = 'admin@provider.test';
export const ADMIN_PASSWORD = 'provider-admin-password-1';

export interface GqlError {
  message: string;
  path?: Array<string | number>;
  extensions?: Record<string, unknown>;
}

export interface GqlResponse<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  text: string;
  data?: T | null;
  errors?: GqlError[];
}

export interface RequestOptions {
  token?: string;
  headers?: Record<string, string>;
  url?: string;
}

export async function postJson<T>(url: string, body: unknown, headers: Record<string, string> = {}): Promise<GqlResponse<T>> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let json: { data?: T | null; errors?: GqlError[] } = {};
  try {
    json = JSON.parse(text) as typeof json;
  } catch {
    // not JSON: assertions use `text`
  }
  return { status: res.status, headers: res.headers, text, ...json };
}

export interface Stack {
  db: TestDatabase;
  identity: NestExpressApplication;
  gateway: NestExpressApplication;
  identityUrl: string;
  gatewayUrl: string;
  keys: { privateKeyPem: string; publicKeyPem: string };
  providerOrganizationId: string;
  /** The tickets subgraph and a worker, when started with `tickets: true`. */
  tickets?: TicketsSide;
  gql<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, options?: RequestOptions): Promise<GqlResponse<T>>;
  close(): Promise<void>;
}

export interface StackOptions {
  identityEnv?: Record<string, string>;
  gatewayEnv?: Record<string, string>;
  supergraphSdl?: string;
  /** Start the gateway later (e.g. with a supergraph that needs the identity URL). */
  extraSubgraphUrls?: Record<string, string>;
  /** Also start the tickets subgraph and a Temporal worker (tickets-stack.ts), routed by the gateway. */
  tickets?: boolean;
  /** The contract terms that worker hands out (default: the seed's policy and calendar for every contract). */
  ticketTerms?: ContractTermsPort;
  /** Where the ticket side finds the contracts and catalog subgraphs (default: single-contract mode). */
  ticketLinks?: TicketLinks;
  /** Publish identity's events to Kafka under this topic prefix, the tickets side's too (services reading both). */
  kafkaTopicPrefix?: string;
}

export function listeningUrl(app: NestExpressApplication, path = '/graphql'): string {
  const { port } = app.getHttpServer().address() as AddressInfo;
  return `http://127.0.0.1:${port}${path}`;
}

export function testKeys() {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

/** A gateway (listening on an ephemeral port) in front of a stack's identity, e.g. a second one configured otherwise. */
export async function startGateway(
  stack: Pick<Stack, 'keys' | 'identityUrl'>,
  options: Pick<StackOptions, 'gatewayEnv' | 'supergraphSdl' | 'extraSubgraphUrls'> = {},
): Promise<NestExpressApplication> {
  const config = loadGatewayConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: process.env['TEST_LOG_LEVEL'] ?? 'silent',
    JWT_PUBLIC_KEY: stack.keys.publicKeyPem,
    GATEWAY_SUBGRAPH_SECRET: SECRET,
    SUBGRAPH_IDENTITY_URL: stack.identityUrl,
    ...Object.fromEntries(
      Object.entries(options.extraSubgraphUrls ?? {}).map(([subgraph, url]) => [`SUBGRAPH_${subgraph.toUpperCase()}_URL`, url]),
    ),
    ...options.gatewayEnv,
  });
  const gateway = await createGatewayApp(config, options.supergraphSdl ? { supergraphSdl: options.supergraphSdl } : {});
  try {
    await gateway.listen(0, '127.0.0.1');
  } catch (error) {
    await gateway.close();
    throw error;
  }
  return gateway;
}

export async function startStack(name: string, options: StackOptions = {}): Promise<Stack> {
  const db = await createTestDatabase(name);
  const keys = testKeys();
  const started: NestExpressApplication[] = [];
  let tickets: TicketsSide | undefined;
  try {
    await migrateIdentityDatabase(db.url);
    const identityConfig = loadIdentityConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: process.env['TEST_LOG_LEVEL'] ?? 'silent',
      IDENTITY_DATABASE_URL: db.url,
      GATEWAY_SUBGRAPH_SECRET: SECRET,
      JWT_PRIVATE_KEY: keys.privateKeyPem,
      ARGON2_MEMORY_KIB: '4096',
      ARGON2_TIME_COST: '1',
      LOGIN_MAX_FAILURES_PER_ACCOUNT: '3',
      ...(options.kafkaTopicPrefix
        ? { KAFKA_BROKERS: stackConfig().kafkaBrokers.join(','), KAFKA_TOPIC_PREFIX: options.kafkaTopicPrefix }
        : {}),
      ...options.identityEnv,
    });
    const identity = await createIdentityApp(identityConfig);
    started.push(identity);
    await identity.listen(0, '127.0.0.1');
    const identityUrl = listeningUrl(identity);
    const bootstrap = await bootstrapProvider(identity, {
      providerName: 'Provider',
      providerContactEmail: 'support@provider.test',
      adminEmail: ADMIN_EMAIL,
      adminDisplayName: 'Provider Admin',
      adminPassword: ADMIN_PASSWORD,
    });
    if (options.tickets) {
      const links = { ...options.ticketLinks, topicPrefix: options.ticketLinks?.topicPrefix ?? options.kafkaTopicPrefix };
      tickets = await startTicketsSide(name, SECRET, options.ticketTerms, links);
    }
    const gateway = await startGateway(
      { keys, identityUrl },
      { ...options, extraSubgraphUrls: { ...(tickets ? { tickets: tickets.url } : {}), ...options.extraSubgraphUrls } },
    );
    started.push(gateway);
    const gatewayUrl = listeningUrl(gateway);
    return {
      db,
      identity,
      gateway,
      identityUrl,
      gatewayUrl,
      keys,
      providerOrganizationId: bootstrap.providerOrganizationId,
      tickets,
      gql: <T>(query: string, variables: Record<string, unknown> = {}, opts: RequestOptions = {}) =>
        postJson<T>(
          opts.url ?? gatewayUrl,
          { query, variables },
          {
            ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
            ...opts.headers,
          },
        ),
      async close() {
        for (const app of started.reverse()) await app.close();
        await tickets?.close();
        await db.drop();
      },
    };
  } catch (error) {
    for (const app of started.reverse()) await app.close().catch(() => undefined);
    await tickets?.close();
    await db.drop().catch(() => undefined);
    throw error;
  }
}

// ---- GraphQL documents and flows used by several suites ----

export const LOGIN = `mutation Login($email: String!, $password: String!) {
  login(input: { email: $email, password: $password }) {
    accessToken refreshToken accessTokenExpiresAt refreshTokenExpiresAt
    user { id email organizationId roles portalAccess }
  }
}`;

export const REFRESH = `mutation Refresh($token: String!) {
  refreshSession(refreshToken: $token) { accessToken refreshToken user { id } }
}`;

export interface Session {
  accessToken: string;
  refreshToken: string;
  user: { id: string; email: string; organizationId: string; roles: string[]; portalAccess: boolean };
}

export async function login(stack: Stack, email: string, password: string): Promise<Session> {
  const res = await stack.gql<{ login: Session }>(LOGIN, { email, password });
  if (!res.data?.login) throw new Error(`login of ${email} failed: ${res.text}`);
  return res.data.login;
}

export interface Customer {
  organizationId: string;
  admin: Session;
  /** Employees on the access list, logged in. */
  employees: Session[];
}

const CREATE_ORG = `mutation($name: String!, $email: String!) { createOrganization(input: { name: $name, contactEmail: $email }) { id } }`;
const CREATE_USER = `mutation($input: CreateUserInput!) { createUser(input: $input) { user { id } setupTicket { token } } }`;
const SETUP = `mutation($token: String!, $password: String!) { completePasswordSetup(input: { token: $token, newPassword: $password }) }`;
const SUBMIT = `mutation($input: SubmitAccessListInput!) {
  submitAccessList(input: $input) { members { id email } granted { id } revoked { id } setupTickets { userId token } }
}`;

export const PASSWORD = 'employee-password-123';

export interface NewUser {
  organizationId: string;
  email: string;
  displayName: string;
  roles: string[];
}

/** Creates a user as `by` and completes its password setup; returns the user's id. */
export async function createUserWithPassword(stack: Stack, by: Session, input: NewUser, password: string): Promise<string> {
  const created = await stack.gql<{ createUser: { user: { id: string }; setupTicket: { token: string } } }>(
    CREATE_USER,
    { input },
    { token: by.accessToken },
  );
  if (!created.data?.createUser) throw new Error(`createUser of ${input.email} failed: ${created.text}`);
  const setup = await stack.gql(SETUP, { token: created.data.createUser.setupTicket.token, password });
  if (setup.errors) throw new Error(`completePasswordSetup of ${input.email} failed: ${setup.text}`);
  return created.data.createUser.user.id;
}

/** A provider specialist (role SPECIALIST) with the test password, logged in. */
export async function createSpecialist(stack: Stack, providerAdmin: Session, email: string): Promise<Session> {
  const organizationId = stack.providerOrganizationId;
  await createUserWithPassword(stack, providerAdmin, { organizationId, email, displayName: 'Specialist', roles: ['SPECIALIST'] }, PASSWORD);
  return login(stack, email, PASSWORD);
}

/** Registers a customer with an admin and `employees` employees on the access list, all logged in. */
export async function createCustomer(stack: Stack, providerAdmin: Session, slug: string, employees = 1): Promise<Customer> {
  const org = await stack.gql<{ createOrganization: { id: string } }>(
    CREATE_ORG,
    { name: `Customer ${slug}`, email: `contact@${slug}.test` },
    { token: providerAdmin.accessToken },
  );
  const organizationId = org.data!.createOrganization.id;
  const adminEmail = `admin@${slug}.test`;
  await createUserWithPassword(
    stack,
    providerAdmin,
    { organizationId, email: adminEmail, displayName: `Admin ${slug}`, roles: ['CUSTOMER_ADMIN'] },
    PASSWORD,
  );
  const admin = await login(stack, adminEmail, PASSWORD);
  const list = [{ email: adminEmail, displayName: `Admin ${slug}` }];
  for (let i = 1; i <= employees; i++) list.push({ email: `employee${i}@${slug}.test`, displayName: `Employee ${i} ${slug}` });
  const submitted = await stack.gql<{ submitAccessList: { setupTickets: Array<{ token: string }> } }>(
    SUBMIT,
    { input: { organizationId, employees: list } },
    { token: admin.accessToken },
  );
  if (!submitted.data) throw new Error(submitted.text);
  for (const ticket of submitted.data.submitAccessList.setupTickets) {
    await stack.gql(SETUP, { token: ticket.token, password: PASSWORD });
  }
  const sessions: Session[] = [];
  for (let i = 1; i <= employees; i++) sessions.push(await login(stack, `employee${i}@${slug}.test`, PASSWORD));
  return { organizationId, admin, employees: sessions };
}

export { SUBMIT as SUBMIT_ACCESS_LIST, CREATE_USER, SETUP as COMPLETE_SETUP };
