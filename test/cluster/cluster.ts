// The cluster profile (`npm run up -- --profile cluster`) seen from a test: brings it up (idempotent), reads its
// stack.env, kills a component by its PID file and restarts it with deploy/local/up.sh, and talks GraphQL to its
// gateways. The state folder is SLA_DESK_HOME (as for up.sh), else <repo>/.local/cluster; with moved ports, set the
// same SLA_DESK_*_PORT variables as for up.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '../..');
export const HOME = path.resolve(REPO_ROOT, process.env['SLA_DESK_HOME'] || '.local/cluster');
const UP = path.join(REPO_ROOT, 'deploy/local/up.sh');

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Runs `up.sh --profile cluster [components]`; throws with the end of its output when it fails. Returns its wall time. */
export function up(...components: string[]): number {
  const t0 = Date.now();
  const res = spawnSync('bash', [UP, '--profile', 'cluster', ...components], {
    env: { ...process.env, SLA_DESK_HOME: HOME, SLA_DESK_PROFILE: 'cluster' },
    encoding: 'utf8',
    timeout: 30 * 60_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (res.status !== 0) {
    const out = `${res.stdout ?? ''}${res.stderr ?? ''}`.split('\n').slice(-60).join('\n');
    throw new Error(`deploy/local/up.sh --profile cluster ${components.join(' ')} failed (${res.status ?? res.signal}):\n${out}`);
  }
  return Date.now() - t0;
}

/** The KEY=value lines of the cluster's stack.env. */
export function stackEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of readFileSync(path.join(HOME, 'stack.env'), 'utf8').split('\n')) {
    const m = /^([A-Z0-9_]+)=(.*)$/.exec(line);
    if (m) env[m[1]!] = m[2]!;
  }
  return env;
}

export function pidOf(component: string): number {
  const pid = Number(readFileSync(path.join(HOME, 'run', `${component}.pid`), 'utf8').trim());
  if (!Number.isInteger(pid) || pid <= 0) throw new Error(`no PID for ${component}`);
  return pid;
}

/** SIGKILL to a component of the cluster; waits until the process is gone. */
export async function kill9(component: string): Promise<number> {
  const pid = pidOf(component);
  process.kill(pid, 'SIGKILL');
  for (;;) {
    try {
      process.kill(pid, 0);
      // A killed child of PID 1 stays a zombie until reaped: that counts as gone.
      if (/\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'))) return pid;
    } catch {
      return pid;
    }
    await sleep(20);
  }
}

export function adminPassword(): string {
  return readFileSync(path.join(HOME, 'secrets', 'admin-password'), 'utf8').trim();
}

export interface GqlResult<T> {
  data?: T | null;
  errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
}

/** One GraphQL request; a network failure or a non-JSON answer becomes an `errors` entry (the load retries). */
export async function gql<T>(url: string, query: string, variables: Record<string, unknown>, token?: string): Promise<GqlResult<T>> {
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await res.text();
    try {
      return JSON.parse(text) as GqlResult<T>;
    } catch {
      return { errors: [{ message: `HTTP ${res.status}: ${text.slice(0, 200)}` }] };
    }
  } catch (err) {
    return { errors: [{ message: `request failed: ${(err as Error).message}` }] };
  }
}

export async function must<T>(url: string, query: string, variables: Record<string, unknown>, token?: string): Promise<T> {
  const res = await gql<T>(url, query, variables, token);
  if (res.errors || !res.data) throw new Error(`${query.slice(0, 60)}…: ${JSON.stringify(res.errors)}`);
  return res.data;
}

export const LOGIN = `mutation($email: String!, $password: String!) {
  login(input: { email: $email, password: $password }) { accessToken user { id organizationId } } }`;
export const CREATE_ORG = `mutation($name: String!, $email: String!) { createOrganization(input: { name: $name, contactEmail: $email }) { id } }`;
export const CREATE_USER = `mutation($input: CreateUserInput!) { createUser(input: $input) { user { id } setupTicket { token } } }`;
export const SETUP = `mutation($token: String!, $password: String!) { completePasswordSetup(input: { token: $token, newPassword: $password }) }`;
export const SUBMIT = `mutation($input: SubmitAccessListInput!) { submitAccessList(input: $input) { setupTickets { userId token } } }`;
export const REGISTER = `mutation($input: RegisterTicketInput!) { registerTicket(input: $input) { id status } }`;
export const ANALYSE = `mutation($input: AnalyseTicketInput!) { analyseTicket(input: $input) { id status } }`;

const CREATE_PRODUCT = `mutation($n: String!) { createProduct(input: { name: $n }) { id } }`;
const ADD_COMPONENT = `mutation($p: ID!) { addComponent(input: { productId: $p, name: "Billing" }) { id } }`;
const CREATE_CONTRACT = `mutation($input: CreateContractInput!) { createContract(input: $input) { id } }`;
const SIGN_CONTRACT = `mutation($id: ID!) { signContract(id: $id) { id } }`;

/**
 * A product component and a signed subscription of the customer that covers it, through the gateway as provider
 * admin: tickets are registered under the contract that covers their component. Returns the component id.
 */
export async function coveredComponent(url: string, admin: Session, customerId: string, run: string): Promise<string> {
  const { createProduct } = await must<{ createProduct: { id: string } }>(url, CREATE_PRODUCT, { n: `Fault IS ${run}` }, admin.token);
  const { addComponent } = await must<{ addComponent: { id: string } }>(url, ADD_COMPONENT, { p: createProduct.id }, admin.token);
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  const input = {
    customerId,
    number: `F-${run}`,
    kind: 'SUBSCRIPTION',
    catalogItemCodes: ['6.3'],
    componentIds: [addComponent.id],
    contactEmail: `it@fault-${run}.test`,
    validFrom: day(-30),
    validTo: day(300),
  };
  const { createContract } = await must<{ createContract: { id: string } }>(url, CREATE_CONTRACT, { input }, admin.token);
  await must(url, SIGN_CONTRACT, { id: createContract.id }, admin.token);
  return addComponent.id;
}

export interface Session {
  token: string;
  userId: string;
  organizationId: string;
  email: string;
  password: string;
}

export async function login(url: string, email: string, password: string): Promise<Session> {
  const { login: l } = await must<{ login: { accessToken: string; user: { id: string; organizationId: string } } }>(url, LOGIN, {
    email,
    password,
  });
  return { token: l.accessToken, userId: l.user.id, organizationId: l.user.organizationId, email, password };
}

/** Creates a user as `by`, sets its password, logs it in. */
export async function createUser(url: string, by: Session, input: Record<string, unknown>, password: string): Promise<Session> {
  const created = await must<{ createUser: { setupTicket: { token: string } } }>(url, CREATE_USER, { input }, by.token);
  await must(url, SETUP, { token: created.createUser.setupTicket.token, password });
  return login(url, input['email'] as string, password);
}
