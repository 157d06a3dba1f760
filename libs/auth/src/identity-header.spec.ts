import type { RequestIdentity } from './caller';
import { IDENTITY_HEADER, IDENTITY_SIGNATURE_HEADER, IdentityHeaderError, signIdentity, verifyIdentity } from './identity-header';

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
    const headers = signIdentity(identity, SECRET, { query, now: 1_000_000 });
    expect(verifyIdentity(headers, { query, secrets: [SECRET], now: 1_000_500 })).toEqual(identity);
  });

  it('carries anonymous callers', () => {
    const headers = signIdentity({ ...identity, caller: null }, SECRET, { query });
    expect(verifyIdentity(headers, { query, secrets: [SECRET] }).caller).toBeNull();
  });

  it('rejects missing headers', () => {
    expect(reason(() => verifyIdentity({}, { query, secrets: [SECRET] }))).toBe('missing');
  });

  it('rejects a payload changed after signing (e.g. roles raised)', () => {
    const headers = signIdentity(identity, SECRET, { query });
    const forged = JSON.parse(Buffer.from(headers[IDENTITY_HEADER]!, 'base64url').toString());
    forged.caller.roles = ['ADMIN'];
    forged.caller.organizationKind = 'PROVIDER';
    const tampered = { ...headers, [IDENTITY_HEADER]: Buffer.from(JSON.stringify(forged)).toString('base64url') };
    expect(reason(() => verifyIdentity(tampered, { query, secrets: [SECRET] }))).toBe('bad-signature');
  });

  it('rejects headers signed with another secret', () => {
    const headers = signIdentity(identity, 'x'.repeat(40), { query });
    expect(reason(() => verifyIdentity(headers, { query, secrets: [SECRET] }))).toBe('bad-signature');
  });

  it('binds the signature to the GraphQL document', () => {
    const headers = signIdentity(identity, SECRET, { query });
    expect(reason(() => verifyIdentity(headers, { query: '{ users { email } }', secrets: [SECRET] }))).toBe(
      'bad-signature',
    );
  });

  it('rejects stale signatures', () => {
    const headers = signIdentity(identity, SECRET, { query, now: 0 });
    expect(reason(() => verifyIdentity(headers, { query, secrets: [SECRET], now: 61_000 }))).toBe('expired');
  });

  it('accepts the previous secret during a rotation', () => {
    const headers = signIdentity(identity, 'old'.repeat(12), { query });
    expect(verifyIdentity(headers, { query, secrets: [SECRET, 'old'.repeat(12)] }).requestId).toBe('req-1');
  });

  it('rejects malformed signatures and payloads', () => {
    const headers = signIdentity(identity, SECRET, { query });
    expect(reason(() => verifyIdentity({ ...headers, [IDENTITY_SIGNATURE_HEADER]: 'abc' }, { query, secrets: [SECRET] }))).toBe(
      'malformed',
    );
    expect(
      reason(() => verifyIdentity({ ...headers, [IDENTITY_HEADER]: 'x'.repeat(10_000) }, { query, secrets: [SECRET] })),
    ).toBe('malformed');
  });
});
