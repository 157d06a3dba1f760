// Regression tests for issue #10 (identity's part), against the subgraph with requests signed as the gateway signs
// them: login attempts reserved before verifying (3), throttle keys and slow-down (5), password strength (7),
// the refresh grace window (8).
import type { Caller } from '@sla-desk/auth';
import { Passwords } from '../src/common/passwords';
import {
  ADMIN_EMAIL,
  ADMIN_PASSWORD,
  COMPLETE_SETUP,
  CREATE_USER,
  createUserWithPassword,
  LOGIN,
  loginAs,
  startIdentity,
  until,
  type GraphQLResponse,
  type IdentityHarness,
} from './support';

let h: IdentityHarness;
let admin: Awaited<ReturnType<typeof loginAs>>;
beforeAll(async () => {
  h = await startIdentity('identity_security', {
    LOGIN_MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS: '2',
    LOGIN_MAX_FAILURES_PER_ACCOUNT: '4',
    LOGIN_SLOWDOWN_AFTER_FAILURES_PER_ADDRESS: '4',
    LOGIN_SLOWDOWN_BASE_MS: '100',
  });
  admin = await loginAs(h, ADMIN_EMAIL, ADMIN_PASSWORD, { clientAddress: '192.0.2.1' });
});
afterAll(async () => {
  await h?.close();
});

const codeOf = (res: GraphQLResponse) => res.errors?.[0]?.extensions?.['code'];

/** Holds every password verification until released, counting those that started. */
function holdPasswordChecks() {
  const passwords = h.app.get(Passwords);
  const verify = passwords.verify.bind(passwords);
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const probe = { started: 0, release, restore: () => spy.mockRestore() };
  const spy = jest.spyOn(passwords, 'verify').mockImplementation(async (hash, password) => {
    probe.started++;
    await released;
    return verify(hash, password);
  });
  return probe;
}

/** Sends requests at once, counting those answered. */
function burst(requests: Array<() => Promise<GraphQLResponse>>) {
  const state = { answered: 0, all: Promise.resolve([] as GraphQLResponse[]) };
  state.all = Promise.all(requests.map((send) => send().finally(() => state.answered++)));
  return state;
}

let accounts = 0;
async function newStaffAccount(password: string): Promise<string> {
  const email = `staff${++accounts}@provider.test`;
  await createUserWithPassword(
    h,
    admin.caller,
    { organizationId: h.providerOrganizationId, email, displayName: `Staff ${accounts}`, roles: ['SPECIALIST'] },
    password,
  );
  return email;
}

describe('login attempts are reserved before the password is checked (#10.3)', () => {
  it('of parallel wrong passwords, at most the limit are verified; the rest are refused', async () => {
    const email = await newStaffAccount('correct-horse-battery-1');
    const from = { clientAddress: '192.0.2.31' };
    const checks = holdPasswordChecks();
    try {
      const attempts = burst(Array.from({ length: 10 }, (_, i) => () => h.gql(LOGIN, { email, password: `wrong-${i}` }, null, from)));
      await until(() => checks.started + attempts.answered === 10);
      checks.release();
      const results = await attempts.all;
      expect(checks.started).toBe(2);
      expect(results.map(codeOf).sort()).toEqual([...Array(2).fill('UNAUTHENTICATED'), ...Array(8).fill('RATE_LIMITED')].sort());
    } finally {
      checks.restore();
    }
  });

  it('the right password in a burst of wrong ones neither logs in nor clears the counters', async () => {
    const password = 'correct-horse-battery-2';
    const email = await newStaffAccount(password);
    const from = { clientAddress: '192.0.2.32' };
    const checks = holdPasswordChecks();
    try {
      const wrong = burst(Array.from({ length: 4 }, (_, i) => () => h.gql(LOGIN, { email, password: `wrong-${i}` }, null, from)));
      await until(() => checks.started + wrong.answered === 4);
      const right = burst([() => h.gql(LOGIN, { email, password }, null, from)]);
      await until(() => checks.started + wrong.answered + right.answered === 5);
      checks.release();
      const [rightResult] = await right.all;
      await wrong.all;
      expect(checks.started).toBe(2);
      expect(rightResult!.data).toBeNull();
      expect(codeOf(rightResult!)).toBe('RATE_LIMITED');
    } finally {
      checks.restore();
    }
    const later = await h.gql(LOGIN, { email, password }, null, from);
    expect(codeOf(later)).toBe('RATE_LIMITED');
  });
});

describe('throttle keys: per account and address, per account, and a slow-down per address (#10.5)', () => {
  it('an account guessed from one address is refused there, and still opens from another address', async () => {
    const password = 'correct-horse-battery-3';
    const email = await newStaffAccount(password);
    for (const i of [1, 2]) {
      expect(codeOf(await h.gql(LOGIN, { email, password: `wrong-${i}` }, null, { clientAddress: '192.0.2.41' }))).toBe('UNAUTHENTICATED');
    }
    expect(codeOf(await h.gql(LOGIN, { email, password }, null, { clientAddress: '192.0.2.41' }))).toBe('RATE_LIMITED');
    const elsewhere = await h.gql(LOGIN, { email, password }, null, { clientAddress: '192.0.2.42' });
    expect(elsewhere.errors).toBeUndefined();
  });

  it('failures from many addresses lock the account everywhere at the account limit', async () => {
    const password = 'correct-horse-battery-4';
    const email = await newStaffAccount(password);
    for (const i of [1, 2, 3, 4]) {
      expect(codeOf(await h.gql(LOGIN, { email, password: 'wrong' }, null, { clientAddress: `192.0.2.5${i}` }))).toBe('UNAUTHENTICATED');
    }
    expect(codeOf(await h.gql(LOGIN, { email, password }, null, { clientAddress: '192.0.2.59' }))).toBe('RATE_LIMITED');
  });

  it('an address spraying many accounts is slowed down, not locked: others behind it still log in', async () => {
    const from = { clientAddress: '192.0.2.61' };
    for (let i = 0; i < 6; i++) {
      expect(codeOf(await h.gql(LOGIN, { email: `nobody${i}@provider.test`, password: 'wrong' }, null, from))).toBe('UNAUTHENTICATED');
    }
    // 6 failures, slow-down after 4: the next attempt waits 100 ms × 2^(6 − 4).
    const started = Date.now();
    const res = await h.gql(LOGIN, { email: ADMIN_EMAIL, password: ADMIN_PASSWORD }, null, from);
    expect(res.errors).toBeUndefined();
    expect(Date.now() - started).toBeGreaterThanOrEqual(400);
  });
});

describe('a just-used refresh token presented again within the grace window (#10.8)', () => {
  const REFRESH = 'mutation($t: String!) { refreshSession(refreshToken: $t) { accessToken refreshToken refreshTokenExpiresAt } }';
  type Pair = { accessToken: string; refreshToken: string; refreshTokenExpiresAt: string };
  const refresh = (token: string) => h.gql<{ refreshSession: Pair }>(REFRESH, { t: token });
  const sessionRow = async (sessionId: string) =>
    (await h.sql<{ revoke_reason: string | null }>('SELECT revoke_reason FROM sessions WHERE id = $1', [sessionId]))[0];

  it('two refreshes at once get the same new pair, and the session lives on', async () => {
    const session = await loginAs(h, ADMIN_EMAIL, ADMIN_PASSWORD, { clientAddress: '192.0.2.81' });
    const [a, b] = await Promise.all([refresh(session.refreshToken), refresh(session.refreshToken)]);
    expect(a!.errors).toBeUndefined();
    expect(b!.errors).toBeUndefined();
    expect(b!.data!.refreshSession).toEqual(a!.data!.refreshSession);
    expect(await sessionRow(session.caller.sessionId)).toEqual({ revoke_reason: null });
    expect((await refresh(a!.data!.refreshSession.refreshToken)).errors).toBeUndefined();
  });

  it('a retry after a lost response gets the same pair; what is stored for it is not the token', async () => {
    const session = await loginAs(h, ADMIN_EMAIL, ADMIN_PASSWORD, { clientAddress: '192.0.2.82' });
    const first = (await refresh(session.refreshToken)).data!.refreshSession;
    const retry = await refresh(session.refreshToken);
    expect(retry.data!.refreshSession).toEqual(first);
    const stored = await h.sql<{ replacement_sealed: string }>(
      'SELECT replacement_sealed FROM refresh_tokens WHERE replacement_sealed IS NOT NULL AND session_id = $1',
      [session.caller.sessionId],
    );
    expect(stored).toHaveLength(1);
    expect(stored[0]!.replacement_sealed).not.toContain(first.refreshToken.slice(3));
  });

  it('after the window, the used token ends the session', async () => {
    const session = await loginAs(h, ADMIN_EMAIL, ADMIN_PASSWORD, { clientAddress: '192.0.2.83' });
    const next = (await refresh(session.refreshToken)).data!.refreshSession;
    await h.sql(`UPDATE refresh_tokens SET used_at = used_at - interval '31 seconds' WHERE session_id = $1 AND used_at IS NOT NULL`, [
      session.caller.sessionId,
    ]);
    const replay = await refresh(session.refreshToken);
    expect(replay.errors?.[0]).toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    expect(await sessionRow(session.caller.sessionId)).toEqual({ revoke_reason: 'REFRESH_TOKEN_REUSE' });
    expect(codeOf(await refresh(next.refreshToken))).toBe('UNAUTHENTICATED');
  });

  it('once the new token has been used, the old one ends the session even within the window', async () => {
    const session = await loginAs(h, ADMIN_EMAIL, ADMIN_PASSWORD, { clientAddress: '192.0.2.84' });
    const next = (await refresh(session.refreshToken)).data!.refreshSession;
    expect((await refresh(next.refreshToken)).errors).toBeUndefined();
    expect(codeOf(await refresh(session.refreshToken))).toBe('UNAUTHENTICATED');
    expect(await sessionRow(session.caller.sessionId)).toEqual({ revoke_reason: 'REFRESH_TOKEN_REUSE' });
  });
});

describe('weak passwords are refused with the reason (#10.7)', () => {
  const CHANGE = 'mutation($c: String!, $n: String!) { changePassword(input: { currentPassword: $c, newPassword: $n }) }';
  const weak: Array<[string, RegExp]> = [
    [' '.repeat(12), /too easy to guess/],
    ['aaaaaaaaaaaa', /too easy to guess.*Repeated/],
    ['password1234', /too easy to guess/],
    ['qwertyuiopasdf', /too easy to guess/],
    ['Jane Doe 2024!', /must not contain your name/],
    ['my jane.doe@provider.test pw', /must not contain your email address/],
    ['janedoe-janedoe', /must not contain your name/],
    ['jane.doe.2024', /too easy to guess/],
    ['short', /at least 12 characters/],
  ];

  it('at password setup: each weak one is refused and changes nothing; a strong one is accepted', async () => {
    const created = await h.gql<{ createUser: { setupTicket: { token: string } } }>(
      CREATE_USER,
      { input: { organizationId: h.providerOrganizationId, email: 'jane.doe@provider.test', displayName: 'Jane Doe', roles: ['SPECIALIST'] } },
      admin.caller,
    );
    const token = created.data!.createUser.setupTicket.token;
    for (const [password, reason] of weak) {
      const res = await h.gql(COMPLETE_SETUP, { t: token, p: password });
      expect({ password, error: res.errors?.[0] }).toMatchObject({
        password,
        error: { message: expect.stringMatching(reason), extensions: { code: 'BAD_USER_INPUT', field: 'newPassword' } },
      });
    }
    expect((await h.gql(COMPLETE_SETUP, { t: token, p: 'plum-orbit-canvas-47' })).errors).toBeUndefined();
  });

  it('at a password change: refused with the reason; the current password still works', async () => {
    const email = await newStaffAccount('lantern-quartz-meadow-9');
    const session = await loginAs(h, email, 'lantern-quartz-meadow-9', { clientAddress: '192.0.2.71' });
    const res = await h.gql(CHANGE, { c: 'lantern-quartz-meadow-9', n: 'aaaaaaaaaaaa' }, session.caller);
    expect(res.errors?.[0]).toMatchObject({ message: expect.stringMatching(/too easy to guess/), extensions: { code: 'BAD_USER_INPUT', field: 'newPassword' } });
    await loginAs(h, email, 'lantern-quartz-meadow-9', { clientAddress: '192.0.2.71' });
  });
});

describe('addresses: no cross-tenant oracle, no squatting, no look-alikes (#10.4)', () => {
  const CREATE_ORG = 'mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { id } }';
  const UPDATE_ORG = 'mutation($input: UpdateOrganizationInput!) { updateOrganization(input: $input) { id mailDomains } }';
  const SUBMIT = `mutation($input: SubmitAccessListInput!) {
    submitAccessList(input: $input) { members { email } setupTickets { userId } }
  }`;
  const RESET = 'mutation($id: ID!) { resetUserPassword(userId: $id) { userId } }';
  const ORG_DOMAINS = 'query($id: ID!) { organization(id: $id) { mailDomains } }';

  interface Customer {
    id: string;
    admin: Awaited<ReturnType<typeof loginAs>>;
    adminEmail: string;
  }

  /** A customer (its domain: its contact address's, by default) with a logged-in customer admin. */
  async function customer(slug: string): Promise<Customer> {
    const org = await h.gql<{ createOrganization: { id: string } }>(
      CREATE_ORG,
      { input: { name: `Customer ${slug}`, contactEmail: `it@${slug}.test` } },
      admin.caller,
    );
    const id = org.data!.createOrganization.id;
    const adminEmail = `admin@${slug}.test`;
    const roles = ['CUSTOMER_ADMIN'];
    await createUserWithPassword(h, admin.caller, { organizationId: id, email: adminEmail, displayName: `Admin ${slug}`, roles }, 'velvet-harbor-compass-3');
    return { id, adminEmail, admin: await loginAs(h, adminEmail, 'velvet-harbor-compass-3', { clientAddress: '192.0.2.91' }) };
  }

  const createUser = (by: { caller: Caller }, organizationId: string, email: string) =>
    h.gql(CREATE_USER, { input: { organizationId, email, displayName: 'Someone', roles: ['CUSTOMER_EMPLOYEE'] } }, by.caller);
  const submit = (c: Customer, emails: string[]) =>
    h.gql(SUBMIT, { input: { organizationId: c.id, employees: [c.adminEmail, ...emails].map((email) => ({ email, displayName: 'Someone' })) } }, c.admin.caller);
  /** The answer with the address itself taken out, to compare the answers for two addresses. */
  const answer = (res: GraphQLResponse, email: string) => JSON.stringify({ data: res.data, errors: res.errors }).replaceAll(email, '<address>');

  let acme: Customer;
  let globex: Customer;
  beforeAll(async () => {
    acme = await customer('acme');
    globex = await customer('globex');
  });

  it('organisations own mail domains: the contact domain by default, or as the provider sets them', async () => {
    const domains = async (id: string) => (await h.gql<{ organization: { mailDomains: string[] } }>(ORG_DOMAINS, { id }, admin.caller)).data!.organization.mailDomains;
    expect(await domains(acme.id)).toEqual(['acme.test']);
    const set = await h.gql(UPDATE_ORG, { input: { id: globex.id, mailDomains: ['globex.test', 'GLOBEX-Mail.test'] } }, admin.caller);
    expect(set.errors).toBeUndefined();
    expect(await domains(globex.id)).toEqual(['globex-mail.test', 'globex.test']);

    const theirs = await h.gql(UPDATE_ORG, { input: { id: acme.id, mailDomains: ['acme.test', 'globex.test'] } }, admin.caller);
    expect(theirs.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'mailDomains' } });
    const byCustomer = await h.gql(UPDATE_ORG, { input: { id: acme.id, name: 'Renamed', mailDomains: ['acme.test', 'more.test'] } }, acme.admin.caller);
    expect(byCustomer.errors?.[0]).toMatchObject({ extensions: { code: 'FORBIDDEN' } });
    expect(await domains(acme.id)).toEqual(['acme.test']);
  });

  it('a customer cannot register addresses outside its domains, so it cannot squat another customer’s', async () => {
    const single = await createUser(acme.admin, acme.id, 'bob@globex.test');
    expect(single.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'email' } });
    const listed = await submit(acme, ['carol@globex.test']);
    expect(listed.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'employees[1].email' } });
    for (const res of [single, listed]) expect(JSON.stringify(res.errors)).not.toMatch(/globex(?!\.test)/i);
    // Globex's own list with those addresses still works.
    const own = await submit(globex, ['bob@globex.test', 'carol@globex.test']);
    expect(own.errors).toBeUndefined();
  });

  it('errors do not tell whether an address exists in another organisation', async () => {
    await submit(globex, ['known@globex.test']);
    const pairs: Array<[string, string, (email: string) => Promise<GraphQLResponse>]> = [
      ['createUser', 'known@globex.test', (email) => createUser(acme.admin, acme.id, email)],
      ['submitAccessList', 'known@globex.test', (email) => submit(acme, [email])],
    ];
    for (const [, known, send] of pairs) {
      const unknown = known.replace('known', 'unknown');
      expect(answer(await send(known), known)).toBe(answer(await send(unknown), unknown));
    }
  });

  it('resetUserPassword answers alike for another organisation’s user and an unknown id', async () => {
    const globexAdminId = globex.admin.caller.userId;
    const foreign = await h.gql(RESET, { id: globexAdminId }, acme.admin.caller);
    const unknown = await h.gql(RESET, { id: '00000000-0000-4000-8000-000000000000' }, acme.admin.caller);
    expect(foreign.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
    expect({ data: unknown.data, errors: unknown.errors }).toEqual({ data: foreign.data, errors: foreign.errors });
  });

  it('an address in its own domain that another organisation holds gets a neutral error naming no one', async () => {
    // Globex registered an address in a domain that later passed to Acme.
    await h.gql(UPDATE_ORG, { input: { id: globex.id, mailDomains: ['globex.test', 'globex-mail.test', 'acme-labs.test'] } }, admin.caller);
    expect((await createUser(admin, globex.id, 'legacy@acme-labs.test')).errors).toBeUndefined();
    await h.gql(UPDATE_ORG, { input: { id: globex.id, mailDomains: ['globex.test', 'globex-mail.test'] } }, admin.caller);
    const moved = await h.gql(UPDATE_ORG, { input: { id: acme.id, mailDomains: ['acme.test', 'acme-labs.test'] } }, admin.caller);
    expect(moved.errors).toBeUndefined();

    for (const res of [await createUser(acme.admin, acme.id, 'legacy@acme-labs.test'), await submit(acme, ['legacy@acme-labs.test'])]) {
      expect(res.errors?.[0]).toMatchObject({
        message: expect.stringMatching(/registered with another organisation.*the provider can move it/),
        extensions: { code: 'BAD_USER_INPUT', field: expect.stringMatching(/email$/) },
      });
      expect(JSON.stringify(res.errors)).not.toMatch(/Globex|globex/);
    }
    expect((await createUser(acme.admin, acme.id, 'new@acme-labs.test')).errors).toBeUndefined();
  });

  it('look-alike addresses are refused; compatibility forms are folded to one spelling', async () => {
    for (const email of ['j\u0430ne@acme.test', 'jane@\u0430cme.test', 'j\u0131m@acme.test']) {
      const res = await createUser(acme.admin, acme.id, email);
      expect({ email, error: res.errors?.[0] }).toMatchObject({
        email,
        error: { message: expect.stringMatching(/imitate/), extensions: { code: 'BAD_USER_INPUT', field: 'email' } },
      });
    }
    const wide = await h.gql<{ createUser: { user: { email: string } } }>(
      CREATE_USER,
      { input: { organizationId: acme.id, email: '\uff4a\uff41\uff4e\uff45@ACME.test', displayName: 'Jane', roles: ['CUSTOMER_EMPLOYEE'] } },
      acme.admin.caller,
    );
    expect(wide.data?.createUser.user.email).toBe('jane@acme.test');
  });
});
