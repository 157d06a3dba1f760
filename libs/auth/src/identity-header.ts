// The caller's identity as the gateway forwards it to subgraphs: a JSON payload in one header and an HMAC-SHA256
// signature in another, made with a secret only the gateway and the subgraphs hold. The signature also covers the
// GraphQL document being sent and a timestamp, so a captured header pair cannot be replayed for another operation
// or long after. A subgraph trusts nothing about the caller that did not come through here.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { parseCaller, type Caller, type RequestIdentity } from './caller';

export const IDENTITY_HEADER = 'x-sla-identity';
export const IDENTITY_SIGNATURE_HEADER = 'x-sla-identity-signature';
export const REQUEST_ID_HEADER = 'x-request-id';

/** Shortest secret accepted: 32 characters. */
export const MIN_SECRET_LENGTH = 32;
const VERSION = 'v1';
const DEFAULT_MAX_AGE_MS = 60_000;
/** Largest header value accepted before any parsing. */
const MAX_HEADER_LENGTH = 8192;

interface Payload {
  v: 1;
  /** Issued at, ms since the epoch. */
  iat: number;
  rid: string;
  addr: string;
  ua?: string;
  caller: Caller | null;
}

export class IdentityHeaderError extends Error {
  constructor(readonly reason: 'missing' | 'malformed' | 'bad-signature' | 'expired') {
    super(
      {
        missing: 'Missing gateway identity headers: subgraphs accept requests from the gateway only',
        malformed: 'Malformed gateway identity headers',
        'bad-signature': 'Invalid gateway identity signature',
        expired: 'Gateway identity headers have expired',
      }[reason],
    );
    this.name = 'IdentityHeaderError';
  }
}

function digestOf(query: string | undefined): string {
  return createHash('sha256').update(query ?? '').digest('hex');
}

function mac(secret: string, payload: string, query: string | undefined): Buffer {
  return createHmac('sha256', secret).update(`${VERSION}\n${payload}\n${digestOf(query)}`).digest();
}

export interface SignOptions {
  /** The GraphQL document sent to the subgraph. */
  query: string | undefined;
  now?: number;
}

/** Headers for one subgraph request. */
export function signIdentity(identity: RequestIdentity, secret: string, options: SignOptions): Record<string, string> {
  const payload: Payload = {
    v: 1,
    iat: options.now ?? Date.now(),
    rid: identity.requestId,
    addr: identity.clientAddress,
    ...(identity.userAgent !== undefined ? { ua: identity.userAgent } : {}),
    caller: identity.caller,
  };
  const encoded = Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
  return {
    [IDENTITY_HEADER]: encoded,
    [IDENTITY_SIGNATURE_HEADER]: `${VERSION}=${mac(secret, encoded, options.query).toString('base64url')}`,
    [REQUEST_ID_HEADER]: identity.requestId,
  };
}

export interface VerifyOptions {
  query: string | undefined;
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

/** Verifies the headers of a request to a subgraph. Throws IdentityHeaderError. */
export function verifyIdentity(headers: Record<string, HeaderValue>, options: VerifyOptions): RequestIdentity {
  const encoded = single(headers[IDENTITY_HEADER]);
  const signature = single(headers[IDENTITY_SIGNATURE_HEADER]);
  if (!encoded || !signature) throw new IdentityHeaderError('missing');
  if (encoded.length > MAX_HEADER_LENGTH || signature.length > 200) throw new IdentityHeaderError('malformed');
  const prefix = `${VERSION}=`;
  if (!signature.startsWith(prefix)) throw new IdentityHeaderError('malformed');
  const given = Buffer.from(signature.slice(prefix.length), 'base64url');
  const valid = options.secrets.some((secret) => {
    const expected = mac(secret, encoded, options.query);
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
    payload.v !== 1 ||
    typeof payload.iat !== 'number' ||
    typeof payload.rid !== 'string' ||
    typeof payload.addr !== 'string' ||
    (payload.ua !== undefined && typeof payload.ua !== 'string')
  ) {
    throw new IdentityHeaderError('malformed');
  }
  const caller = payload.caller === null ? null : parseCaller(payload.caller);
  if (payload.caller !== null && caller === null) throw new IdentityHeaderError('malformed');
  const now = options.now ?? Date.now();
  if (Math.abs(now - payload.iat) > (options.maxAgeMs ?? DEFAULT_MAX_AGE_MS)) throw new IdentityHeaderError('expired');
  return {
    caller,
    requestId: payload.rid,
    clientAddress: payload.addr,
    ...(payload.ua !== undefined ? { userAgent: payload.ua } : {}),
  };
}
