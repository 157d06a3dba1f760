// Issue #10, items 3 and 5, through the gateway: login attempts are reserved before the password is checked, so a
// parallel burst cannot get past a limit (3); failures are counted per account and address and per account, and an
// address spraying many accounts is only slowed down, never locked (5). Client addresses come from a trusted proxy's
// X-Forwarded-For; identity's password checks are held open in-process so bursts are deterministic.
import { LoginThrottle, Passwords } from '@sla-desk/identity';
import {
  ADMIN_EMAIL,
  ADMIN_PASSWORD,
  createUserWithPassword,
  login,
  LOGIN,
  startStack,
  type GqlResponse,
  type Session,
  type Stack,
} from '../gateway/stack';
import { codeOf, from, TRUST_LOOPBACK_PROXY } from './support';

let stack: Stack;
let admin: Session;
beforeAll(async () => {
  stack = await startStack('sec_login_throttle', {
    identityEnv: {
      LOGIN_MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS: '2',
      LOGIN_MAX_FAILURES_PER_ACCOUNT: '4',
      LOGIN_SLOWDOWN_AFTER_FAILURES_PER_ADDRESS: '4',
      LOGIN_SLOWDOWN_BASE_MS: '100',
    },
    gatewayEnv: TRUST_LOOPBACK_PROXY,
  });
  admin = await login(stack, ADMIN_EMAIL, ADMIN_PASSWORD);
});
afterAll(async () => {
  await stack?.close();
});

// ---- In-process probes of the identity app the stack started ----

/** Polls until `condition` holds (for in-process probes of concurrent requests). */
async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Holds every password verification in identity until released, counting those that started. */
function holdPasswordChecks() {
  const passwords = stack.identity.get(Passwords);
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

/** Records the slow-down identity imposes on each login attempt (milliseconds, in order), still imposing it. */
function recordSlowdowns() {
  const spy = jest.spyOn(stack.identity.get(LoginThrottle), 'slowdownMs');
  return {
    delays: () => spy.mock.results.map((result) => result.value as number),
    restore: () => spy.mockRestore(),
  };
}

/** Sends requests at once, counting those answered. */
function burst<T>(requests: Array<() => Promise<GqlResponse<T>>>) {
  const state = { answered: 0, all: Promise.resolve([] as Array<GqlResponse<T>>) };
  state.all = Promise.all(requests.map((send) => send().finally(() => state.answered++)));
  return state;
}

let accounts = 0;
async function newStaffAccount(password: string): Promise<string> {
  const email = `staff${++accounts}@provider.test`;
  const input = { organizationId: stack.providerOrganizationId, email, displayName: `Staff ${accounts}`, roles: ['SPECIALIST'] };
  await createUserWithPassword(stack, admin, input, password);
  return email;
}

const attempt = (email: string, password: string, address: string) => () => stack.gql(LOGIN, { email, password }, from(address));

describe('login attempts are reserved before the password is checked (#10.3)', () => {
  it('of parallel wrong passwords, at most the limit are verified; the rest are refused', async () => {
    const email = await newStaffAccount('correct-horse-battery-1');
    const checks = holdPasswordChecks();
    try {
      const attempts = burst(Array.from({ length: 10 }, (_, i) => attempt(email, `wrong-${i}`, '192.0.2.31')));
      await until(() => checks.started + attempts.answered === 10);
      checks.release();
      const results = await attempts.all;
      expect(checks.started).toBe(2);
      expect(results.map(codeOf).sort()).toEqual([...Array(2).fill('UNAUTHENTICATED'), ...Array(8).fill('RATE_LIMITED')].sort());
      for (const res of results) expect(res.data).toBeNull();
    } finally {
      checks.restore();
    }
  });

  it('the right password in a burst of wrong ones neither logs in nor clears the counters', async () => {
    const password = 'correct-horse-battery-2';
    const email = await newStaffAccount(password);
    const checks = holdPasswordChecks();
    try {
      const wrong = burst(Array.from({ length: 4 }, (_, i) => attempt(email, `wrong-${i}`, '192.0.2.32')));
      await until(() => checks.started + wrong.answered === 4);
      const right = burst([attempt(email, password, '192.0.2.32')]);
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
    expect(codeOf(await attempt(email, password, '192.0.2.32')())).toBe('RATE_LIMITED');
  });
});

describe('throttle keys: per account and address, per account, and a slow-down per address (#10.5)', () => {
  it('an account guessed from one address is refused there, and still opens from another address', async () => {
    const password = 'correct-horse-battery-3';
    const email = await newStaffAccount(password);
    for (const i of [1, 2]) expect(codeOf(await attempt(email, `wrong-${i}`, '192.0.2.41')())).toBe('UNAUTHENTICATED');
    expect(codeOf(await attempt(email, password, '192.0.2.41')())).toBe('RATE_LIMITED');
    const elsewhere = await attempt(email, password, '192.0.2.42')();
    expect(elsewhere.errors).toBeUndefined();
    expect(elsewhere.data).toMatchObject({ login: { user: { email } } });
  });

  it('failures from many addresses lock the account everywhere at the account limit', async () => {
    const password = 'correct-horse-battery-4';
    const email = await newStaffAccount(password);
    for (const i of [1, 2, 3, 4]) expect(codeOf(await attempt(email, 'wrong', `192.0.2.5${i}`)())).toBe('UNAUTHENTICATED');
    expect(codeOf(await attempt(email, password, '192.0.2.59')())).toBe('RATE_LIMITED');
  });

  it('an address spraying many accounts is slowed down, not locked: others behind it still log in', async () => {
    const slowdowns = recordSlowdowns();
    try {
      for (let i = 0; i < 6; i++) {
        expect(codeOf(await attempt(`nobody${i}@provider.test`, 'wrong', '192.0.2.61')())).toBe('UNAUTHENTICATED');
      }
      const res = await attempt(ADMIN_EMAIL, ADMIN_PASSWORD, '192.0.2.61')();
      expect(res.errors).toBeUndefined();
      expect(res.data).toMatchObject({ login: { user: { email: ADMIN_EMAIL } } });
      // Slow-down after 4 failures, 100 ms doubling: the 5th and 6th attempts wait 100 and 200 ms, the 7th 400 ms.
      expect(slowdowns.delays()).toEqual([0, 0, 0, 0, 100, 200, 400]);
    } finally {
      slowdowns.restore();
    }
  });
});
