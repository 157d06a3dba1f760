// The caller's identity as the gateway forwards it to subgraphs: a JSON payload in one header and an HMAC-SHA256
// signature in another, made with a secret only the gateway and the subgraphs hold. The signature binds the whole
// request (operation name, document, variables, extensions), a timestamp and a random nonce: a captured request
// cannot be sent with other variables or another document, nor after its lifetime, and the subgraph remembers each
// nonce for that lifetime (`NonceStore`) so it cannot be sent twice either. A subgraph trusts nothing about the
// caller that did not come through here.
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { parseCaller, type Caller, type RequestIdentity } from './caller';

export const IDENTITY_HEADER = 'x-sla-identity';
export const IDENTITY_SIGNATURE_HEADER = 'x-sla-identity-signature';
export const REQUEST_ID_HEADER = 'x-request-id';

/** Shortest secret accepted: 32 characters. */
export const MIN_SECRET_LENGTH = 32;
const VERSION = 'v2';
const DEFAULT_MAX_AGE_MS = 60_000;
/** Largest header value accepted before any parsing. */
const MAX_HEADER_LENGTH = 8192;

interface Payload {
  v: 2;
  /** Issued at, ms since the epoch. */
  iat: number;
  /** Nonce: 128 random bits, single use. */
  jti: string;
  rid: string;
  addr: string;
  ua?: string;
  caller: Caller | null;
}

export class IdentityHeaderError extends Error {
  constructor(readonly reason: 'missing' | 'malformed' | 'bad-signature' | 'expired' | 'replayed') {
    super(
      {
        missing: 'Missing gateway identity headers: subgraphs accept requests from the gateway only',
        malformed: 'Malformed gateway identity headers',
        'bad-signature': 'Invalid gateway identity signature',
        expired: 'Gateway identity headers have expired',
        replayed: 'Gateway identity headers were already used',
      }[reason],
    );
    this.name = 'IdentityHeaderError';
  }
}

/** The GraphQL request sent to the subgraph: every field of the body a GraphQL server acts on. */
export interface SignedRequest {
  query?: string | undefined;
  operationName?: string | null | undefined;
  variables?: Record<string, unknown> | null | undefined;
  extensions?: Record<string, unknown> | null | undefined;
}

/**
 * The request's digest. The gateway signs the objects it serialises and the subgraph verifies the objects it parsed
 * from the same JSON, so JSON.stringify yields the same text on both sides; absent and null fields are alike.
 */
function digestOf(request: SignedRequest): string {
  const fields = [request.operationName ?? null, request.query ?? null, request.variables ?? {}, request.extensions ?? {}];
  return createHash('sha256').update(JSON.stringify(fields)).digest('hex');
}

function mac(secret: string, payload: string, request: SignedRequest): Buffer {
  return createHmac('sha256', secret)
    .update(`${VERSION}\n${payload}\n${digestOf(request)}`)
    .digest();
}

export interface SignOptions {
  /** The GraphQL request sent to the subgraph. */
  request: SignedRequest;
  now?: number;
}

/** Headers for one subgraph request. */
export function signIdentity(identity: RequestIdentity, secret: string, options: SignOptions): Record<string, string> {
  const payload: Payload = {
    v: 2,
    iat: options.now ?? Date.now(),
    jti: randomBytes(16).toString('base64url'),
    rid: identity.requestId,
    addr: identity.clientAddress,
    ...(identity.userAgent !== undefined ? { ua: identity.userAgent } : {}),
    caller: identity.caller,
  };
  const encoded = Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
  return {
    [IDENTITY_HEADER]: encoded,
    [IDENTITY_SIGNATURE_HEADER]: `${VERSION}=${mac(secret, encoded, options.request).toString('base64url')}`,
    [REQUEST_ID_HEADER]: identity.requestId,
  };
}

export interface VerifyOptions {
  /** The GraphQL request as received. */
  request: SignedRequest;
  /** The current secret first; older ones while a rotation is under way. */
  secrets: readonly string[];
  now?: number;
  /** How old (or how far in the future) the signature may be. Default 60 s. */
  maxAgeMs?: number;
}

type HeaderValue = string | string[] | undefined;

function single(value: HeaderValue): string | undefined {
  if (Array.isArray(value)) return value.length === 1 ? value[0] : undefined;
  return value;
}

/** A verified identity and what makes it single-use: a nonce to remember until it expires. */
export interface SignedIdentity {
  identity: RequestIdentity;
  nonce: string;
  /** When the signature stops being accepted (ms since the epoch): the nonce need not be remembered after. */
  expiresAt: number;
}

/**
 * Verifies the signature and freshness of a request to a subgraph (throws IdentityHeaderError); the caller then
 * claims the nonce (`claimNonce`) so the request is accepted once.
 */
export function verifyIdentity(headers: Record<string, HeaderValue>, options: VerifyOptions): SignedIdentity {
  const encoded = single(headers[IDENTITY_HEADER]);
  const signature = single(headers[IDENTITY_SIGNATURE_HEADER]);
  if (!encoded || !signature) throw new IdentityHeaderError('missing');
  if (encoded.length > MAX_HEADER_LENGTH || signature.length > 200) throw new IdentityHeaderError('malformed');
  const prefix = `${VERSION}=`;
  if (!signature.startsWith(prefix)) throw new IdentityHeaderError('malformed');
  const given = Buffer.from(signature.slice(prefix.length), 'base64url');
  const valid = options.secrets.some((secret) => {
    const expected = mac(secret, encoded, options.request);
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  if (!valid) throw new IdentityHeaderError('bad-signature');

  let payload: Partial<Payload>;
  try {
    payload = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8')) as Partial<Payload>;
  } catch {
    throw new IdentityHeaderError('malformed');
  }
  if (
    payload.v !== 2 ||
    typeof payload.iat !== 'number' ||
    typeof payload.jti !== 'string' ||
    payload.jti.length < 16 ||
    typeof payload.rid !== 'string' ||
    typeof payload.addr !== 'string' ||
    (payload.ua !== undefined && typeof payload.ua !== 'string')
  ) {
    throw new IdentityHeaderError('malformed');
  }
  const caller = payload.caller === null ? null : parseCaller(payload.caller);
  if (payload.caller !== null && caller === null) throw new IdentityHeaderError('malformed');
  const now = options.now ?? Date.now();
  const maxAgeMs = options.maxAgeMs ?? DEFAULT_MAX_AGE_MS;
  if (Math.abs(now - payload.iat) > maxAgeMs) throw new IdentityHeaderError('expired');
  return {
    identity: {
      caller,
      requestId: payload.rid,
      clientAddress: payload.addr,
      ...(payload.ua !== undefined ? { userAgent: payload.ua } : {}),
    },
    nonce: payload.jti,
    expiresAt: payload.iat + maxAgeMs,
  };
}

/**
 * Where a subgraph remembers the nonces it accepted, until they expire. Shared by all instances of a subgraph
 * (the kit's is a PostgreSQL table), or a request could be replayed to another instance.
 */
export interface NonceStore {
  /** Records `nonce` until `expiresAt`; false when it was already recorded (a replay). */
  claim(nonce: string, expiresAt: number): Promise<boolean>;
}

/** Claims the nonce of a verified identity; throws IdentityHeaderError('replayed') the second time. */
export async function claimNonce(signed: SignedIdentity, store: NonceStore): Promise<RequestIdentity> {
  if (!(await store.claim(signed.nonce, signed.expiresAt))) throw new IdentityHeaderError('replayed');
  return signed.identity;
}

/** A NonceStore in this process's memory: for tests and single-process servers only. */
export class MemoryNonceStore implements NonceStore {
  private readonly nonces = new Map<string, number>();

  async claim(nonce: string, expiresAt: number, now = Date.now()): Promise<boolean> {
    for (const [known, expiry] of this.nonces) if (expiry < now) this.nonces.delete(known);
    if (this.nonces.has(nonce)) return false;
    this.nonces.set(nonce, expiresAt);
    return true;
  }
}
