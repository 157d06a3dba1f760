// Opaque one-time tokens (refresh tokens, password-setup tokens): random, shown once, stored as SHA-256 hashes.
import { createHash, randomBytes } from 'node:crypto';

const MAX_TOKEN_LENGTH = 200;

export function newOpaqueToken(prefix: 'rt' | 'ps'): string {
  return `${prefix}_${randomBytes(32).toString('base64url')}`;
}

/** The stored form; null for input that cannot be a token of ours (so it is never looked up). */
export function hashOpaqueToken(token: string, prefix: 'rt' | 'ps'): string | null {
  if (token.length > MAX_TOKEN_LENGTH || !token.startsWith(`${prefix}_`)) return null;
  return createHash('sha256').update(token).digest('hex');
}
