// Issue #10, item 8, through the gateway: a just-used refresh token presented again within the grace window (two
// tabs refreshing at once, a retry after a lost response) gets the same new pair instead of ending the session;
// after the window, or once the new token has been used, it is reuse and ends the session.
import { ADMIN_EMAIL, ADMIN_PASSWORD, login, startStack, type Session, type Stack } from '../gateway/stack';
import { codeOf, sessionIdOf, sql } from './support';

const REFRESH = 'mutation($t: String!) { refreshSession(refreshToken: $t) { accessToken refreshToken refreshTokenExpiresAt } }';
type Pair = { accessToken: string; refreshToken: string; refreshTokenExpiresAt: string };

let stack: Stack;
beforeAll(async () => {
  stack = await startStack('sec_refresh');
});
afterAll(async () => {
  await stack?.close();
});

const refresh = (token: string) => stack.gql<{ refreshSession: Pair }>(REFRESH, { t: token });
const revokeReason = async (session: Session) =>
  (
    await sql<{ revoke_reason: string | null }>(stack, 'SELECT revoke_reason FROM sessions WHERE id = $1', [
      sessionIdOf(session.accessToken),
    ])
  )[0];

it('two refreshes at once get the same new pair, and the session lives on', async () => {
  const session = await login(stack, ADMIN_EMAIL, ADMIN_PASSWORD);
  const [a, b] = await Promise.all([refresh(session.refreshToken), refresh(session.refreshToken)]);
  expect(a!.errors).toBeUndefined();
  expect(b!.errors).toBeUndefined();
  expect(b!.data!.refreshSession).toEqual(a!.data!.refreshSession);
  expect(a!.data!.refreshSession.refreshToken).not.toBe(session.refreshToken);
  expect(await revokeReason(session)).toEqual({ revoke_reason: null });
  expect((await refresh(a!.data!.refreshSession.refreshToken)).errors).toBeUndefined();
});

it('a retry after a lost response gets the same pair; what is stored for it is not the token', async () => {
  const session = await login(stack, ADMIN_EMAIL, ADMIN_PASSWORD);
  const first = (await refresh(session.refreshToken)).data!.refreshSession;
  const retry = await refresh(session.refreshToken);
  expect(retry.errors).toBeUndefined();
  expect(retry.data!.refreshSession).toEqual(first);
  const stored = await sql<{ replacement_sealed: string }>(
    stack,
    'SELECT replacement_sealed FROM refresh_tokens WHERE replacement_sealed IS NOT NULL AND session_id = $1',
    [sessionIdOf(session.accessToken)],
  );
  expect(stored).toHaveLength(1);
  expect(stored[0]!.replacement_sealed).not.toContain(first.refreshToken.slice(3));
});

it('after the window, the used token ends the session', async () => {
  const session = await login(stack, ADMIN_EMAIL, ADMIN_PASSWORD);
  const next = (await refresh(session.refreshToken)).data!.refreshSession;
  await sql(stack, `UPDATE refresh_tokens SET used_at = used_at - interval '31 seconds' WHERE session_id = $1 AND used_at IS NOT NULL`, [
    sessionIdOf(session.accessToken),
  ]);
  const replay = await refresh(session.refreshToken);
  expect(replay.data).toBeNull();
  expect(codeOf(replay)).toBe('UNAUTHENTICATED');
  expect(await revokeReason(session)).toEqual({ revoke_reason: 'REFRESH_TOKEN_REUSE' });
  expect(codeOf(await refresh(next.refreshToken))).toBe('UNAUTHENTICATED');
});

it('once the new token has been used, the old one ends the session even within the window', async () => {
  const session = await login(stack, ADMIN_EMAIL, ADMIN_PASSWORD);
  const next = (await refresh(session.refreshToken)).data!.refreshSession;
  expect((await refresh(next.refreshToken)).errors).toBeUndefined();
  expect(codeOf(await refresh(session.refreshToken))).toBe('UNAUTHENTICATED');
  expect(await revokeReason(session)).toEqual({ revoke_reason: 'REFRESH_TOKEN_REUSE' });
});
