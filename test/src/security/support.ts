// Helpers for the security suites: client addresses behind a trusted proxy, error codes, SQL on the stack's
// database and the session an access token belongs to.
import { Client } from 'pg';
import type { GqlResponse, RequestOptions, Stack } from '../gateway/stack';

/** The gateway setting under which requests from this test (127.0.0.1) may name their client address. */
export const TRUST_LOOPBACK_PROXY = { GATEWAY_TRUST_PROXY: 'loopback' };

/** Request options for a client at `address`, as a trusted proxy in front of the gateway would say. */
export const from = (address: string, options: RequestOptions = {}): RequestOptions => ({
  ...options,
  headers: { ...options.headers, 'x-forwarded-for': address },
});

export const codeOf = (res: GqlResponse<unknown>) => res.errors?.[0]?.extensions?.['code'];

/** Runs one statement on the stack's database (identity's tables). */
export async function sql<R extends Record<string, unknown>>(stack: Stack, text: string, params: unknown[] = []): Promise<R[]> {
  const client = new Client({ connectionString: stack.db.url });
  await client.connect();
  try {
    return (await client.query<R>(text, params)).rows;
  } finally {
    await client.end();
  }
}

/** The session an access token belongs to (its `sid` claim). */
export function sessionIdOf(accessToken: string): string {
  const payload = JSON.parse(Buffer.from(accessToken.split('.')[1]!, 'base64url').toString('utf8')) as { sid: string };
  return payload.sid;
}
