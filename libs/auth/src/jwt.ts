// Access tokens: short-lived JWTs signed by the identity service with an Ed25519 private key and verified by the
// gateway with the public key (the gateway cannot mint tokens). Claims carry what subgraphs need to authorise.
import { errors as joseErrors, importPKCS8, importSPKI, jwtVerify, SignJWT, type CryptoKey } from 'jose';
import { parseCaller, type Caller } from './caller';

export const ACCESS_TOKEN_ALG = 'EdDSA';
export const ACCESS_TOKEN_ISSUER = 'sla-desk-identity';
export const ACCESS_TOKEN_AUDIENCE = 'sla-desk';
/** Longest token accepted before any parsing. */
const MAX_TOKEN_LENGTH = 4096;

interface AccessClaims {
  org: string;
  okd: string;
  roles: string[];
  sid: string;
}

/** PEM text from an environment variable: real newlines or literal "\n" sequences. */
export function normalizePem(pem: string): string {
  return pem.replace(/\\n/g, '\n').trim();
}

export class AccessTokenSigner {
  private constructor(
    private readonly key: CryptoKey,
    private readonly ttlSeconds: number,
  ) {}

  static async fromPkcs8(pem: string, ttlSeconds: number): Promise<AccessTokenSigner> {
    return new AccessTokenSigner(await importPKCS8(normalizePem(pem), ACCESS_TOKEN_ALG), ttlSeconds);
  }

  /** Returns the token and when it expires. */
  async sign(caller: Caller, now = Date.now()): Promise<{ token: string; expiresAt: Date }> {
    const iat = Math.floor(now / 1000);
    const exp = iat + this.ttlSeconds;
    const claims: AccessClaims = {
      org: caller.organizationId,
      okd: caller.organizationKind,
      roles: [...caller.roles],
      sid: caller.sessionId,
    };
    const token = await new SignJWT({ ...claims })
      .setProtectedHeader({ alg: ACCESS_TOKEN_ALG, typ: 'JWT' })
      .setSubject(caller.userId)
      .setIssuer(ACCESS_TOKEN_ISSUER)
      .setAudience(ACCESS_TOKEN_AUDIENCE)
      .setIssuedAt(iat)
      .setExpirationTime(exp)
      .sign(this.key);
    return { token, expiresAt: new Date(exp * 1000) };
  }
}

export class AccessTokenError extends Error {
  constructor(readonly reason: 'expired' | 'invalid') {
    super(reason === 'expired' ? 'Access token has expired' : 'Invalid access token');
    this.name = 'AccessTokenError';
  }
}

export class AccessTokenVerifier {
  private constructor(private readonly key: CryptoKey) {}

  static async fromSpki(pem: string): Promise<AccessTokenVerifier> {
    return new AccessTokenVerifier(await importSPKI(normalizePem(pem), ACCESS_TOKEN_ALG));
  }

  /** Verifies signature, algorithm, issuer, audience, expiry and the claims' shape. Throws AccessTokenError. */
  async verify(token: string, now = Date.now()): Promise<Caller> {
    if (token.length > MAX_TOKEN_LENGTH) throw new AccessTokenError('invalid');
    let payload: Record<string, unknown>;
    try {
      ({ payload } = await jwtVerify(token, this.key, {
        algorithms: [ACCESS_TOKEN_ALG],
        issuer: ACCESS_TOKEN_ISSUER,
        audience: ACCESS_TOKEN_AUDIENCE,
        requiredClaims: ['sub', 'exp', 'iat'],
        currentDate: new Date(now),
        clockTolerance: 5,
      }));
    } catch (error) {
      throw new AccessTokenError(error instanceof joseErrors.JWTExpired ? 'expired' : 'invalid');
    }
    const caller = parseCaller({
      userId: payload['sub'],
      organizationId: payload['org'],
      organizationKind: payload['okd'],
      roles: payload['roles'],
      sessionId: payload['sid'],
    });
    if (caller === null) throw new AccessTokenError('invalid');
    return caller;
  }
}
