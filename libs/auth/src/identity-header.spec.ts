import type { RequestIdentity } from './caller';
import {
  claimNonce,
  IDENTITY_HEADER,
  IDENTITY_SIGNATURE_HEADER,
  IdentityHeaderError,
  MemoryNonceStore,
  signIdentity,
  verifyIdentity,
} from './identity-header';

const SECRET = 's'.repeat(40);
const identity: RequestIdentity = {
  caller: {
    userId: '9b0f0d7e-8d5c-4c4e-9a39-9f1d8f0f6b11',
    organizationId: '2f6a1c7e-1111-4c4e-9a39-9f1d8f0f6b11',
    organizationKind: 'CUSTOMER',
    roles: ['CUSTOMER_EMPLOYEE'],
    sessionId: 'a0d2c1aa-0000-4c4e-9a39-9f1d8f0f6b11',
  },
  requestId: 'req-1',
  clientAddress: '10.0.0.7',
};
const query = '{ me { id } }';
const request = { query };

function reason(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof IdentityHeaderError) return error.reason;
    throw error;
  }
  return 'accepted';
}

describe('gateway identity headers', () => {
  it('round-trips the caller, request id and address', () => {
    const headers = signIdentity(identity, SECRET, { request, now: 1_000_000 });
    expect(verifyIdentity(headers, { request, secrets: [SECRET], now: 1_000_500 })).toMatchObject({ identity, expiresAt: 1_060_000 });
  });

  it('carries anonymous callers', () => {
    const headers = signIdentity({ ...identity, caller: null }, SECRET, { request });
    expect(verifyIdentity(headers, { request, secrets: [SECRET] }).identity.caller).toBeNull();
  });

  it('rejects missing headers', () => {
    expect(reason(() => verifyIdentity({}, { request, secrets: [SECRET] }))).toBe('missing');
  });

  it('rejects a payload changed after signing (e.g. roles raised)', () => {
    const headers = signIdentity(identity, SECRET, { request });
    const forged = JSON.parse(Buffer.from(headers[IDENTITY_HEADER]!, 'base64url').toString());
    forged.caller.roles = ['ADMIN'];
    forged.caller.organizationKind = 'PROVIDER';
    const tampered = { ...headers, [IDENTITY_HEADER]: Buffer.from(JSON.stringify(forged)).toString('base64url') };
    expect(reason(() => verifyIdentity(tampered, { request, secrets: [SECRET] }))).toBe('bad-signature');
  });

  it('rejects headers signed with another secret', () => {
    const headers = signIdentity(identity, 'x'.repeat(40), { request });
    expect(reason(() => verifyIdentity(headers, { request, secrets: [SECRET] }))).toBe('bad-signature');
  });

  it('binds the signature to the GraphQL document', () => {
    const headers = signIdentity(identity, SECRET, { request });
    expect(reason(() => verifyIdentity(headers, { request: { query: '{ users { email } }' }, secrets: [SECRET] }))).toBe('bad-signature');
  });

  it('binds the signature to the variables, operation name and extensions', () => {
    const mutation = { query: 'mutation M($r: Role!) { grant(role: $r) }', operationName: 'M', variables: { r: 'CUSTOMER_EMPLOYEE' } };
    const headers = signIdentity(identity, SECRET, { request: mutation });
    expect(verifyIdentity(headers, { request: JSON.parse(JSON.stringify(mutation)), secrets: [SECRET] }).identity).toEqual(identity);
    const changed = [{ variables: { r: 'ADMIN' } }, { operationName: 'N' }, { extensions: { persistedQuery: { version: 1 } } }];
    for (const change of changed) {
      expect(reason(() => verifyIdentity(headers, { request: { ...mutation, ...change }, secrets: [SECRET] }))).toBe('bad-signature');
    }
  });

  it('makes each signature single-use: a fresh nonce per request, refused the second time', async () => {
    const nonces = new MemoryNonceStore();
    const first = verifyIdentity(signIdentity(identity, SECRET, { request }), { request, secrets: [SECRET] });
    const second = verifyIdentity(signIdentity(identity, SECRET, { request }), { request, secrets: [SECRET] });
    expect(second.nonce).not.toBe(first.nonce);
    await expect(claimNonce(first, nonces)).resolves.toEqual(identity);
    await expect(claimNonce(second, nonces)).resolves.toEqual(identity);
    await expect(claimNonce(first, nonces)).rejects.toMatchObject({ reason: 'replayed' });
  });

  it('rejects stale signatures', () => {
    const headers = signIdentity(identity, SECRET, { request, now: 0 });
    expect(reason(() => verifyIdentity(headers, { request, secrets: [SECRET], now: 61_000 }))).toBe('expired');
  });

  it('accepts the previous secret during a rotation', () => {
    const headers = signIdentity(identity, 'old'.repeat(12), { request });
    expect(verifyIdentity(headers, { request, secrets: [SECRET, 'old'.repeat(12)] }).identity.requestId).toBe('req-1');
  });

  it('rejects malformed signatures and payloads', () => {
    const headers = signIdentity(identity, SECRET, { request });
    expect(reason(() => verifyIdentity({ ...headers, [IDENTITY_SIGNATURE_HEADER]: 'abc' }, { request, secrets: [SECRET] }))).toBe(
      'malformed',
    );
    expect(reason(() => verifyIdentity({ ...headers, [IDENTITY_HEADER]: 'x'.repeat(10_000) }, { request, secrets: [SECRET] }))).toBe(
      'malformed',
    );
  });
});
