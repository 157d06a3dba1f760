// Regression tests for issue #10 (identity's part), against the subgraph with requests signed as the gateway signs
// them: login attempts reserved before verifying (3), throttle keys and slow-down (5), …
import { Passwords } from '../src/common/passwords';
import {
  ADMIN_EMAIL,
  ADMIN_PASSWORD,
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
