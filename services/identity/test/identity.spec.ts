// The identity subgraph on its own (requests signed as the gateway signs them): schema and migrations in sync,
// outbox events, role checks, configuration errors. Security regressions (issue #10) are tested through the
// gateway: test/src/security in @sla-desk/test.
import { ConfigError } from '@sla-desk/runtime';
import type { Caller } from '@sla-desk/auth';
import { describeSubgraphContract } from '@sla-desk/subgraph/testing';
import { decodeEvent } from '@sla-desk/events';
import { loadIdentityConfig } from '../src/config';
import { identitySubgraph } from '../src/subgraph';
import { ADMIN_EMAIL, ADMIN_PASSWORD, loginAs, startIdentity, testKeys, type IdentityHarness } from './support';

let h: IdentityHarness;
beforeAll(async () => {
  h = await startIdentity('identity_subgraph');
});
afterAll(async () => {
  await h?.close();
});

let adminCaller: Caller;
beforeAll(async () => {
  adminCaller = (await loginAs(h, ADMIN_EMAIL, ADMIN_PASSWORD)).caller;
});

describeSubgraphContract(identitySubgraph, () => h, { staff: () => adminCaller });

it('registering a user writes user.registered to the outbox in the same transaction', async () => {
  const admin = await loginAs(h, ADMIN_EMAIL, ADMIN_PASSWORD);
  const org = await h.gql<{ createOrganization: { id: string } }>(
    'mutation { createOrganization(input: { name: "Outbox Co", contactEmail: "it@outbox.test" }) { id } }',
    {},
    admin.caller,
  );
  const created = await h.gql<{ createUser: { user: { id: string } } }>(
    'mutation($input: CreateUserInput!) { createUser(input: $input) { user { id } } }',
    {
      input: { organizationId: org.data!.createOrganization.id, email: 'Jane@Outbox.test', displayName: 'Jane', roles: ['CUSTOMER_ADMIN'] },
    },
    admin.caller,
  );
  const userId = created.data!.createUser.user.id;
  const rows = await h.sql<{ event_type: string; message_key: string; tenant_id: string; topic: string; payload: Buffer }>(
    'SELECT event_type, message_key, tenant_id, topic, payload FROM outbox_events WHERE message_key = $1',
    [userId],
  );
  expect(rows).toHaveLength(1);
  expect(rows[0]).toMatchObject({
    event_type: 'user.registered',
    topic: 'sladesk.identity.v1',
    tenant_id: org.data!.createOrganization.id,
  });
  const decoded = decodeEvent(rows[0]!.payload);
  if (!decoded.ok) throw new Error(decoded.detail);
  expect(decoded.event.type).toBe('user.registered');
  expect(decoded.event.payload).toMatchObject({ userId, email: 'jane@outbox.test', fullName: 'Jane', roles: ['CUSTOMER_ADMIN'] });
});

it('an access-list change writes identity.access_list_changed, and removing someone with sessions identity.sessions_revoked', async () => {
  const admin = await loginAs(h, ADMIN_EMAIL, ADMIN_PASSWORD);
  const org = await h.gql<{ createOrganization: { id: string } }>(
    'mutation { createOrganization(input: { name: "Access Co", contactEmail: "it@access.test" }) { id } }',
    {},
    admin.caller,
  );
  const orgId = org.data!.createOrganization.id;
  const created = await h.gql<{ createUser: { user: { id: string }; setupTicket: { token: string } } }>(
    'mutation($input: CreateUserInput!) { createUser(input: $input) { user { id } setupTicket { token } } }',
    { input: { organizationId: orgId, email: 'bob@access.test', displayName: 'Bob', roles: ['CUSTOMER_EMPLOYEE'] } },
    admin.caller,
  );
  const userId = created.data!.createUser.user.id;
  await h.gql('mutation($t: String!) { completePasswordSetup(input: { token: $t, newPassword: "amber-kettle-12345" }) }', {
    t: created.data!.createUser.setupTicket.token,
  });
  await loginAs(h, 'bob@access.test', 'amber-kettle-12345');
  await loginAs(h, 'bob@access.test', 'amber-kettle-12345');

  const revoked = await h.gql('mutation($id: ID!) { revokePortalAccess(userId: $id) { id } }', { id: userId }, admin.caller);
  expect(revoked.errors).toBeUndefined();

  type Row = { event_type: string; message_key: string; tenant_id: string; topic: string; payload: Buffer };
  const changes = await h.sql<Row>(
    "SELECT event_type, message_key, tenant_id, topic, payload FROM outbox_events WHERE event_type = 'identity.access_list_changed' AND message_key = $1 ORDER BY id",
    [orgId],
  );
  // createUser put Bob on the list; revokePortalAccess took him off.
  expect(changes).toHaveLength(2);
  expect(changes[1]).toMatchObject({ topic: 'sladesk.identity.v1', tenant_id: orgId });
  const granted = decodeEvent(changes[0]!.payload);
  const removed = decodeEvent(changes[1]!.payload);
  if (!granted.ok) throw new Error(granted.detail);
  if (!removed.ok) throw new Error(removed.detail);
  expect(granted.event.type).toBe('identity.access_list_changed');
  expect(granted.event.payload).toMatchObject({
    organisationId: orgId,
    grantedUserIds: [userId],
    revokedUserIds: [],
    changedBy: admin.caller.userId,
  });
  expect(removed.event.type).toBe('identity.access_list_changed');
  expect(removed.event.payload).toMatchObject({
    organisationId: orgId,
    grantedUserIds: [],
    revokedUserIds: [userId],
    changedBy: admin.caller.userId,
  });

  const sessions = await h.sql<Row>(
    "SELECT event_type, message_key, tenant_id, topic, payload FROM outbox_events WHERE event_type = 'identity.sessions_revoked' AND message_key = $1",
    [userId],
  );
  expect(sessions).toHaveLength(1);
  expect(sessions[0]).toMatchObject({ topic: 'sladesk.identity.v1', tenant_id: orgId });
  const decoded = decodeEvent(sessions[0]!.payload);
  if (!decoded.ok) throw new Error(decoded.detail);
  expect(decoded.event.type).toBe('identity.sessions_revoked');
  expect(decoded.event.payload).toMatchObject({ userId, organisationId: orgId, reason: 'ACCESS_REMOVED', sessionCount: 2 });
  // The same transaction: the sessions are revoked and the user is off the list.
  const live = await h.sql<{ n: string }>('SELECT count(*) AS n FROM sessions WHERE user_id = $1 AND revoked_at IS NULL', [userId]);
  expect(Number(live[0]!.n)).toBe(0);
});

it('checks roles: a specialist cannot register organizations; a support manager cannot create provider staff', async () => {
  const admin = await loginAs(h, ADMIN_EMAIL, ADMIN_PASSWORD);
  const CREATE_USER = 'mutation($input: CreateUserInput!) { createUser(input: $input) { setupTicket { token } } }';
  const SETUP = 'mutation($t: String!) { completePasswordSetup(input: { token: $t, newPassword: "staff-password-123" }) }';
  for (const [email, role] of [
    ['spec@provider.test', 'SPECIALIST'],
    ['manager@provider.test', 'SUPPORT_MANAGER'],
  ] as const) {
    const res = await h.gql<{ createUser: { setupTicket: { token: string } } }>(
      CREATE_USER,
      { input: { organizationId: h.providerOrganizationId, email, displayName: role, roles: [role] } },
      admin.caller,
    );
    await h.gql(SETUP, { t: res.data!.createUser.setupTicket.token });
  }
  const specialist = await loginAs(h, 'spec@provider.test', 'staff-password-123');
  const org = await h.gql('mutation { createOrganization(input: { name: "X", contactEmail: "x@x.test" }) { id } }', {}, specialist.caller);
  expect(org.errors?.[0]).toMatchObject({ extensions: { code: 'FORBIDDEN' } });
  const manager = await loginAs(h, 'manager@provider.test', 'staff-password-123');
  const staff = await h.gql(
    CREATE_USER,
    { input: { organizationId: h.providerOrganizationId, email: 'new-admin@provider.test', displayName: 'N', roles: ['ADMIN'] } },
    manager.caller,
  );
  expect(staff.errors?.[0]).toMatchObject({ extensions: { code: 'FORBIDDEN' } });
  const wrongRole = await h.gql(
    CREATE_USER,
    { input: { organizationId: h.providerOrganizationId, email: 'cust@provider.test', displayName: 'N', roles: ['CUSTOMER_EMPLOYEE'] } },
    admin.caller,
  );
  expect(wrongRole.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'roles' } });
});

it('configuration errors name the variable', () => {
  expect(() => loadIdentityConfig({ JWT_PRIVATE_KEY: testKeys().privateKeyPem, GATEWAY_SUBGRAPH_SECRET: 'x'.repeat(32) })).toThrow(
    new ConfigError(['IDENTITY_DATABASE_URL: is required']),
  );
  expect(() =>
    loadIdentityConfig({
      IDENTITY_DATABASE_URL: 'mysql://x',
      JWT_PRIVATE_KEY: testKeys().publicKeyPem,
      GATEWAY_SUBGRAPH_SECRET: 'x'.repeat(32),
      LOGIN_MAX_FAILURES_PER_ACCOUNT: '0',
    }),
  ).toThrow(
    /IDENTITY_DATABASE_URL: must be a postgresql or postgres URL[\s\S]*JWT_PRIVATE_KEY: must be a PEM "PRIVATE KEY"[\s\S]*LOGIN_MAX_FAILURES_PER_ACCOUNT: must be an integer between 1 and 1000/,
  );
});
