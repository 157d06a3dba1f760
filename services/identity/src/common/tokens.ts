// Opaque one-time tokens (refresh tokens, password-setup tokens): random, shown once, stored as SHA-256 hashes.
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';

const MAX_TOKEN_LENGTH = 200;

export function newOpaqueToken(prefix: 'rt' | 'ps'): string {
  return `${prefix}_${randomBytes(32).toString('base64url')}`;
}

/** The stored form; null for input that cannot be a token of ours (so it is never looked up). */
export function hashOpaqueToken(token: string, prefix: 'rt' | 'ps'): string | null {
  if (token.length > MAX_TOKEN_LENGTH || !token.startsWith(`${prefix}_`)) return null;
  return createHash('sha256').update(token).digest('hex');
}

// Sealing a secret under a token: AES-256-GCM with a key derived (HKDF-SHA256) from the token. Only the token's
// SHA-256 is stored, which does not give the key, so the database alone cannot open what is sealed.
const SEAL_INFO = 'sla-desk/identity/seal-v1';

function sealKey(token: string): Buffer {
  return Buffer.from(hkdfSync('sha256', token, Buffer.alloc(0), SEAL_INFO, 32));
}

export function sealWithToken(token: string, secret: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', sealKey(token), iv);
  const body = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return [iv, cipher.getAuthTag(), body].map((part) => part.toString('base64url')).join('.');
}

/** The sealed secret, or null when `token` is not the one it was sealed with (or the value is damaged). */
export function openWithToken(token: string, sealed: string): string | null {
  const [iv, tag, body] = sealed.split('.').map((part) => Buffer.from(part, 'base64url'));
  if (!iv || !tag || !body) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', sealKey(token), iv);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
}
