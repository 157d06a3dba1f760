// Tenant isolation and the customer's access list, through the gateway.
import {
  ADMIN_EMAIL,
  ADMIN_PASSWORD,
  createCustomer,
  login,
  LOGIN,
  PASSWORD,
  REFRESH,
  startStack,
  SUBMIT_ACCESS_LIST,
  type Customer,
  type Session,
  type Stack,
} from './stack';

let stack: Stack;
let provider: Session;
let a: Customer;
let b: Customer;

beforeAll(async () => {
  stack = await startStack('gw_tenancy');
  provider = await login(stack, ADMIN_EMAIL, ADMIN_PASSWORD);
  a = await createCustomer(stack, provider, 'alpha', 2);
  b = await createCustomer(stack, provider, 'beta', 1);
});
afterAll(async () => {
  await stack?.close();
});

const USER = 'query($id: ID!) { user(id: $id) { id email displayName organization { id name } } }';

describe('tenant isolation', () => {
  it("a customer employee of A gets FORBIDDEN (not data, not an empty success) for B's user", async () => {
    const res = await stack.gql(USER, { id: b.employees[0]!.user.id }, { token: a.employees[0]!.accessToken });
    expect(res.status).toBe(200);
    expect(res.data).toEqual({ user: null });
    expect(res.errors).toEqual([
      {
        message: 'You may not access this user: it belongs to another organization',
        path: ['user'],
        extensions: { code: 'FORBIDDEN' },
      },
    ]);
    expect(res.text).not.toContain('beta.test');
  });

  it('a customer sees users of its own organization and the provider staff', async () => {
    const own = await stack.gql(USER, { id: a.employees[1]!.user.id }, { token: a.employees[0]!.accessToken });
    expect(own.errors).toBeUndefined();
    expect(own.data).toMatchObject({ user: { email: 'employee2@alpha.test', organization: { id: a.organizationId } } });
    const staff = await stack.gql(USER, { id: provider.user.id }, { token: a.employees[0]!.accessToken });
    expect(staff.errors).toBeUndefined();
  });

  it('provider staff see every organization', async () => {
    const res = await stack.gql(USER, { id: b.employees[0]!.user.id }, { token: provider.accessToken });
    expect(res.errors).toBeUndefined();
    expect(res.data).toMatchObject({
      user: { email: 'employee1@beta.test', organization: { id: b.organizationId, name: 'Customer beta' } },
    });
    const all = await stack.gql<{ users: Array<{ organizationId: string }> }>(
      '{ users { organizationId } }',
      {},
      { token: provider.accessToken },
    );
    expect(new Set(all.data!.users.map((u) => u.organizationId))).toEqual(
      new Set([stack.providerOrganizationId, a.organizationId, b.organizationId]),
    );
  });

  it("lists are scoped: a customer's users query returns its own organization only, and B's is FORBIDDEN", async () => {
    const mine = await stack.gql<{ users: Array<{ email: string }> }>('{ users { email } }', {}, { token: a.employees[0]!.accessToken });
    expect(mine.data!.users.map((u) => u.email).sort()).toEqual(['admin@alpha.test', 'employee1@alpha.test', 'employee2@alpha.test']);
    const theirs = await stack.gql(
      'query($o: ID) { users(organizationId: $o) { email } }',
      { o: b.organizationId },
      { token: a.employees[0]!.accessToken },
    );
    expect(theirs.data).toBeNull();
    expect(theirs.errors?.[0]?.extensions).toEqual({ code: 'FORBIDDEN' });
    const org = await stack.gql(
      'query($id: ID!) { organization(id: $id) { name users { email } } }',
      { id: b.organizationId },
      { token: a.employees[0]!.accessToken },
    );
    expect(org.data).toEqual({ organization: null });
    expect(org.errors?.[0]?.extensions).toEqual({ code: 'FORBIDDEN' });
    const orgs = await stack.gql<{ organizations: Array<{ id: string }> }>(
      '{ organizations { id } }',
      {},
      { token: a.employees[0]!.accessToken },
    );
    expect(orgs.data!.organizations.map((o) => o.id).sort()).toEqual([a.organizationId, stack.providerOrganizationId].sort());
  });

  it("a customer admin cannot manage another customer's access list or users", async () => {
    const submit = await stack.gql(
      SUBMIT_ACCESS_LIST,
      { input: { organizationId: b.organizationId, employees: [{ email: 'intruder@alpha.test', displayName: 'X' }] } },
      { token: a.admin.accessToken },
    );
    expect(submit.errors?.[0]?.extensions).toEqual({ code: 'FORBIDDEN' });
    const revoke = await stack.gql(
      'mutation($u: ID!) { revokePortalAccess(userId: $u) { id } }',
      { u: b.employees[0]!.user.id },
      { token: a.admin.accessToken },
    );
    expect(revoke.errors?.[0]?.extensions).toEqual({ code: 'FORBIDDEN' });
    const reset = await stack.gql(
      'mutation($u: ID!) { resetUserPassword(userId: $u) { token } }',
      { u: b.employees[0]!.user.id },
      { token: a.admin.accessToken },
    );
    expect(reset.errors?.[0]?.extensions).toEqual({ code: 'FORBIDDEN' });
    // Nothing changed: B's employee still logs in.
    await expect(login(stack, 'employee1@beta.test', PASSWORD)).resolves.toBeDefined();
  });

  it('an employee without the admin role cannot submit the list (role check)', async () => {
    const res = await stack.gql(
      SUBMIT_ACCESS_LIST,
      { input: { organizationId: a.organizationId, employees: [] } },
      { token: a.employees[0]!.accessToken },
    );
    expect(res.errors?.[0]).toMatchObject({ extensions: { code: 'FORBIDDEN' } });
  });
});

describe('access list', () => {
  it('a registered employee who is not on the list cannot log in', async () => {
    const created = await stack.gql<{ createUser: { setupTicket: { token: string } } }>(
      'mutation($input: CreateUserInput!) { createUser(input: $input) { setupTicket { token } } }',
      {
        input: {
          organizationId: a.organizationId,
          email: 'offlist@alpha.test',
          displayName: 'Off List',
          roles: ['CUSTOMER_EMPLOYEE'],
          portalAccess: false,
        },
      },
      { token: a.admin.accessToken },
    );
    await stack.gql('mutation($t: String!) { completePasswordSetup(input: { token: $t, newPassword: "off-list-password-1" }) }', {
      t: created.data!.createUser.setupTicket.token,
    });
    const res = await stack.gql(LOGIN, { email: 'offlist@alpha.test', password: 'off-list-password-1' });
    expect(res.data).toBeNull();
    expect(res.errors?.[0]).toMatchObject({
      message: "This account is not on its organization's portal access list",
      extensions: { code: 'FORBIDDEN' },
    });
  });

  it('removing an employee from the list revokes their sessions at once', async () => {
    const employee = await login(stack, 'employee2@alpha.test', PASSWORD);
    const submitted = await stack.gql<{ submitAccessList: { members: Array<{ email: string }>; revoked: Array<{ id: string }> } }>(
      SUBMIT_ACCESS_LIST,
      {
        input: {
          organizationId: a.organizationId,
          employees: [
            { email: 'admin@alpha.test', displayName: 'Admin alpha' },
            { email: 'employee1@alpha.test', displayName: 'Employee 1 alpha' },
          ],
        },
      },
      { token: a.admin.accessToken },
    );
    expect(submitted.errors).toBeUndefined();
    expect(submitted.data!.submitAccessList.revoked).toEqual([{ id: employee.user.id }]);

    const me = await stack.gql('{ me { id } }', {}, { token: employee.accessToken });
    expect(me.errors?.[0]).toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    const refresh = await stack.gql(REFRESH, { token: employee.refreshToken });
    expect(refresh.errors?.[0]?.extensions?.['code']).toBe('UNAUTHENTICATED');
    const again = await stack.gql(LOGIN, { email: 'employee2@alpha.test', password: PASSWORD });
    expect(again.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');

    // The provider can put them back on the customer's behalf.
    const granted = await stack.gql(
      'mutation($u: ID!) { grantPortalAccess(userId: $u) { portalAccess } }',
      { u: employee.user.id },
      { token: provider.accessToken },
    );
    expect(granted.data).toEqual({ grantPortalAccess: { portalAccess: true } });
    await expect(login(stack, 'employee2@alpha.test', PASSWORD)).resolves.toBeDefined();
  });

  it('a customer admin must keep themselves on the list', async () => {
    const res = await stack.gql(
      SUBMIT_ACCESS_LIST,
      { input: { organizationId: a.organizationId, employees: [{ email: 'employee1@alpha.test', displayName: 'E1' }] } },
      { token: a.admin.accessToken },
    );
    expect(res.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
  });
});

describe('passwords', () => {
  it('change: the old password stops working and other sessions end', async () => {
    const s1 = await login(stack, 'employee1@beta.test', PASSWORD);
    const s2 = await login(stack, 'employee1@beta.test', PASSWORD);
    const wrong = await stack.gql(
      'mutation { changePassword(input: { currentPassword: "nope-nope-nope", newPassword: "a-brand-new-password" }) }',
      {},
      { token: s1.accessToken },
    );
    expect(wrong.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'currentPassword' } });
    const short = await stack.gql(
      `mutation { changePassword(input: { currentPassword: "${PASSWORD}", newPassword: "short" }) }`,
      {},
      { token: s1.accessToken },
    );
    expect(short.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'newPassword' } });
    const ok = await stack.gql(
      `mutation { changePassword(input: { currentPassword: "${PASSWORD}", newPassword: "a-brand-new-password" }) }`,
      {},
      { token: s1.accessToken },
    );
    expect(ok.data).toEqual({ changePassword: true });
    expect((await stack.gql('{ me { id } }', {}, { token: s1.accessToken })).errors).toBeUndefined();
    expect((await stack.gql('{ me { id } }', {}, { token: s2.accessToken })).errors?.[0]?.extensions?.['code']).toBe('UNAUTHENTICATED');
    expect((await stack.gql(LOGIN, { email: 'employee1@beta.test', password: PASSWORD })).errors?.[0]?.extensions?.['code']).toBe(
      'UNAUTHENTICATED',
    );
    await expect(login(stack, 'employee1@beta.test', 'a-brand-new-password')).resolves.toBeDefined();
  });

  it('admin reset: the password stops working at once, sessions end, the setup token works once', async () => {
    const victim = await login(stack, 'employee1@beta.test', 'a-brand-new-password');
    const reset = await stack.gql<{ resetUserPassword: { token: string } }>(
      'mutation($u: ID!) { resetUserPassword(userId: $u) { token expiresAt } }',
      { u: victim.user.id },
      { token: b.admin.accessToken },
    );
    expect(reset.errors).toBeUndefined();
    expect(
      (await stack.gql(LOGIN, { email: 'employee1@beta.test', password: 'a-brand-new-password' })).errors?.[0]?.extensions?.['code'],
    ).toBe('UNAUTHENTICATED');
    expect((await stack.gql('{ me { id } }', {}, { token: victim.accessToken })).errors?.[0]?.extensions?.['code']).toBe('UNAUTHENTICATED');
    const token = reset.data!.resetUserPassword.token;
    const SET = 'mutation($t: String!) { completePasswordSetup(input: { token: $t, newPassword: "reset-password-123" }) }';
    expect((await stack.gql(SET, { t: token })).data).toEqual({ completePasswordSetup: true });
    expect((await stack.gql(SET, { t: token })).errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    await expect(login(stack, 'employee1@beta.test', 'reset-password-123')).resolves.toBeDefined();
  });
});
