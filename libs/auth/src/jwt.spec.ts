import { generateKeyPairSync } from 'node:crypto';
import type { Caller } from './caller';
import { AccessTokenError, AccessTokenSigner, AccessTokenVerifier } from './jwt';

function keys() {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

const caller: Caller = {
  userId: '11111111-1111-4111-8111-111111111111',
  organizationId: '22222222-2222-4222-8222-222222222222',
  organizationKind: 'PROVIDER',
  roles: ['SPECIALIST'],
  sessionId: '33333333-3333-4333-8333-333333333333',
};

async function reason(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'accepted';
  } catch (error) {
    if (error instanceof AccessTokenError) return error.reason;
    throw error;
  }
}

describe('access tokens', () => {
  const pair = keys();

  it('signs and verifies the caller', async () => {
    const signer = await AccessTokenSigner.fromPkcs8(pair.privatePem, 300);
    const verifier = await AccessTokenVerifier.fromSpki(pair.publicPem);
    const { token, expiresAt } = await signer.sign(caller, 1_700_000_000_000);
    expect(expiresAt.getTime()).toBe(1_700_000_300_000);
    await expect(verifier.verify(token, 1_700_000_100_000)).resolves.toEqual(caller);
  });

  it('accepts one-line PEM with literal \\n', async () => {
    const oneLine = pair.publicPem.replace(/\n/g, '\\n');
    await expect(AccessTokenVerifier.fromSpki(oneLine)).resolves.toBeInstanceOf(AccessTokenVerifier);
  });

  it('rejects expired, tampered, foreign and unsigned tokens', async () => {
    const signer = await AccessTokenSigner.fromPkcs8(pair.privatePem, 60);
    const verifier = await AccessTokenVerifier.fromSpki(pair.publicPem);
    const { token } = await signer.sign(caller, 1_700_000_000_000);
    expect(await reason(verifier.verify(token, 1_700_000_120_000))).toBe('expired');

    const [header, payload, signature] = token.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    claims.roles = ['ADMIN'];
    const forged = `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`;
    expect(await reason(verifier.verify(forged, 1_700_000_000_000))).toBe('invalid');

    const other = await AccessTokenSigner.fromPkcs8(keys().privatePem, 60);
    expect(await reason(verifier.verify((await other.sign(caller, 1_700_000_000_000)).token, 1_700_000_000_000))).toBe('invalid');

    const none = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${payload}.`;
    expect(await reason(verifier.verify(none, 1_700_000_000_000))).toBe('invalid');
    expect(await reason(verifier.verify('not-a-jwt', 1_700_000_000_000))).toBe('invalid');
  });
});
