// Login, refresh (rotation + reuse detection), logout, throttling and token errors, through the gateway.
import { AccessTokenSigner } from '@sla-desk/auth';
import { ADMIN_EMAIL, ADMIN_PASSWORD, login, LOGIN, REFRESH, startStack, testKeys, type Stack } from './stack';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack('gw_auth');
});
afterAll(async () => {
  await stack?.close();
});

const ME = '{ me { id email roles organization { kind } } }';

describe('login', () => {
  it('returns tokens and the user; the access token works through the gateway', async () => {
    const session = await login(stack, ADMIN_EMAIL, ADMIN_PASSWORD);
    expect(session.user).toMatchObject({ email: ADMIN_EMAIL, roles: ['ADMIN'], portalAccess: true });
    expect(session.refreshToken).toMatch(/^rt_/);
    const me = await stack.gql(ME, {}, { token: session.accessToken });
    expect(me.errors).toBeUndefined();
    expect(me.data).toEqual({ me: { id: session.user.id, email: ADMIN_EMAIL, roles: ['ADMIN'], organization: { kind: 'PROVIDER' } } });
    expect(me.headers.get('x-request-id')).toBeTruthy();
  });

  it('gives the same error for a wrong password and an unknown user (no user enumeration)', async () => {
    const wrong = await stack.gql(LOGIN, { email: ADMIN_EMAIL, password: 'not-the-password' });
    const unknown = await stack.gql(LOGIN, { email: 'nobody@provider.test', password: 'not-the-password' });
    for (const res of [wrong, unknown]) {
      expect(res.data).toBeNull();
      expect(res.errors).toEqual([{ message: 'Invalid email or password', path: ['login'], extensions: { code: 'UNAUTHENTICATED' } }]);
    }
  });

  it('is throttled per account after repeated failures, even with the right password, without revealing the account', async () => {
    const email = 'throttle-me@provider.test';
    for (let i = 0; i < 3; i++) {
      const res = await stack.gql(LOGIN, { email, password: `wrong-${i}` });
      expect(res.errors?.[0]?.extensions?.['code']).toBe('UNAUTHENTICATED');
    }
    const locked = await stack.gql(LOGIN, { email, password: 'wrong-again' });
    expect(locked.errors?.[0]?.extensions).toEqual({ code: 'RATE_LIMITED', retryAfterSeconds: expect.any(Number) });

    // A real account: locked after 3 failures; the right password is refused while locked.
    const createAdmin = await login(stack, ADMIN_EMAIL, ADMIN_PASSWORD);
    const res = await stack.gql<{ createUser: { setupTicket: { token: string } } }>(
      `mutation($input: CreateUserInput!) { createUser(input: $input) { setupTicket { token } } }`,
      {
        input: {
          organizationId: stack.providerOrganizationId,
          email: 'specialist@provider.test',
          displayName: 'Spec',
          roles: ['SPECIALIST'],
        },
      },
      { token: createAdmin.accessToken },
    );
    await stack.gql(`mutation($t: String!) { completePasswordSetup(input: { token: $t, newPassword: "specialist-password-1" }) }`, {
      t: res.data!.createUser.setupTicket.token,
    });
    for (let i = 0; i < 3; i++) await stack.gql(LOGIN, { email: 'specialist@provider.test', password: 'bad' });
    const refused = await stack.gql(LOGIN, { email: 'specialist@provider.test', password: 'specialist-password-1' });
    expect(refused.errors?.[0]?.extensions?.['code']).toBe('RATE_LIMITED');
    expect(refused.data).toBeNull();
  });
});

describe('refresh tokens', () => {
  it('rotate: each refresh token works once and yields a new pair', async () => {
    const session = await login(stack, ADMIN_EMAIL, ADMIN_PASSWORD);
    const first = await stack.gql<{ refreshSession: { accessToken: string; refreshToken: string } }>(REFRESH, {
      token: session.refreshToken,
    });
    expect(first.errors).toBeUndefined();
    const next = first.data!.refreshSession;
    expect(next.refreshToken).not.toBe(session.refreshToken);
    expect((await stack.gql(ME, {}, { token: next.accessToken })).errors).toBeUndefined();
    const second = await stack.gql<{ refreshSession: { refreshToken: string } }>(REFRESH, { token: next.refreshToken });
    expect(second.errors).toBeUndefined();
  });

  it('reuse of a used refresh token revokes the whole family', async () => {
    const session = await login(stack, ADMIN_EMAIL, ADMIN_PASSWORD);
    const rotated = await stack.gql<{ refreshSession: { accessToken: string; refreshToken: string } }>(REFRESH, {
      token: session.refreshToken,
    });
    // The holder refreshes again, so the first token's grace window (a repeat returns the same pair) is over.
    const again = await stack.gql<{ refreshSession: { accessToken: string; refreshToken: string } }>(REFRESH, {
      token: rotated.data!.refreshSession.refreshToken,
    });
    const legit = again.data!.refreshSession;

    // An attacker replays the stolen, already-used token.
    const replay = await stack.gql(REFRESH, { token: session.refreshToken });
    expect(replay.data).toBeNull();
    expect(replay.errors?.[0]).toMatchObject({
      message: 'Refresh token was already used; the session has been revoked for safety',
      extensions: { code: 'UNAUTHENTICATED' },
    });
    // The legitimate holder's newer token is dead too, and so is the session's access token at identity.
    const after = await stack.gql(REFRESH, { token: legit.refreshToken });
    expect(after.errors?.[0]?.extensions?.['code']).toBe('UNAUTHENTICATED');
    const me = await stack.gql(ME, {}, { token: legit.accessToken });
    expect(me.errors?.[0]).toMatchObject({ message: 'Your session has ended; log in again', extensions: { code: 'UNAUTHENTICATED' } });
  });

  it('rejects garbage refresh tokens with UNAUTHENTICATED', async () => {
    for (const token of ['', 'rt_nope', "rt_' OR 1=1 --", 'x'.repeat(5000)]) {
      const res = await stack.gql(REFRESH, { token });
      expect(res.errors?.[0]?.extensions).toEqual({ code: 'UNAUTHENTICATED' });
    }
  });
});

describe('logout', () => {
  it('revokes the refresh token and ends the session', async () => {
    const session = await login(stack, ADMIN_EMAIL, ADMIN_PASSWORD);
    const out = await stack.gql('mutation($t: String!) { logout(refreshToken: $t) }', { t: session.refreshToken });
    expect(out.data).toEqual({ logout: true });
    expect((await stack.gql(REFRESH, { token: session.refreshToken })).errors?.[0]?.extensions?.['code']).toBe('UNAUTHENTICATED');
    expect((await stack.gql(ME, {}, { token: session.accessToken })).errors?.[0]?.extensions?.['code']).toBe('UNAUTHENTICATED');
  });
});

describe('access tokens', () => {
  const expectUnauthenticated = (
    res: { status: number; data?: unknown; errors?: Array<{ message: string; extensions?: Record<string, unknown> }>; text: string },
    message: string,
  ) => {
    expect(res.status).toBe(401);
    expect(res.data).toBeUndefined();
    expect(res.errors).toEqual([{ message, extensions: { code: 'UNAUTHENTICATED' } }]);
    expect(res.text).not.toMatch(/stack|at [A-Za-z]+ \(/);
  };

  it('rejects malformed, tampered, foreign-key and expired tokens', async () => {
    const session = await login(stack, ADMIN_EMAIL, ADMIN_PASSWORD);
    expectUnauthenticated(
      await stack.gql(ME, {}, { headers: { authorization: 'Token abc' } }),
      'Malformed Authorization header: expected "Bearer <access token>"',
    );
    expectUnauthenticated(await stack.gql(ME, {}, { token: 'a.b.c' }), 'Invalid access token');

    const [header, payload, signature] = session.accessToken.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
    const forge = (changes: Record<string, unknown>) =>
      `${header}.${Buffer.from(JSON.stringify({ ...claims, ...changes })).toString('base64url')}.${signature}`;
    expectUnauthenticated(
      await stack.gql(ME, {}, { token: forge({ roles: ['ADMIN'], org: '00000000-0000-4000-8000-000000000000' }) }),
      'Invalid access token',
    );
    expectUnauthenticated(await stack.gql(ME, {}, { token: forge({ exp: 1 }) }), 'Invalid access token');

    // A correctly signed token that has expired.
    const signer = await AccessTokenSigner.fromPkcs8(stack.keys.privateKeyPem, 60);
    const caller = {
      userId: session.user.id,
      organizationId: session.user.organizationId,
      organizationKind: 'PROVIDER' as const,
      roles: ['ADMIN' as const],
      sessionId: claims['sid'] as string,
    };
    const expired = await signer.sign(caller, Date.now() - 3_600_000);
    expectUnauthenticated(await stack.gql(ME, {}, { token: expired.token }), 'Access token has expired');

    // Signed with another key.
    const other = await AccessTokenSigner.fromPkcs8(testKeys().privateKeyPem, 60);
    expectUnauthenticated(await stack.gql(ME, {}, { token: (await other.sign(caller)).token }), 'Invalid access token');
  });

  it('requires authentication for everything but the public mutations', async () => {
    const res = await stack.gql(ME);
    expect(res.data).toBeNull();
    expect(res.errors?.[0]).toMatchObject({ message: 'Authentication required', extensions: { code: 'UNAUTHENTICATED' } });
  });
});
