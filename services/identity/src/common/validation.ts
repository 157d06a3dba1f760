// Input validation shared by resolvers: ids, emails, mail domains, names. Failures are BAD_USER_INPUT naming the
// field.
import { domainToASCII } from 'node:url';
import { badUserInput } from '@sla-desk/auth';
import unhomoglyph from 'unhomoglyph';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// Deliberately simple: something@something.tld, no spaces or angle brackets.
const EMAIL = /^[^\s@<>()",;:]+@[^\s@<>()",;:]+\.[^\s@<>()",;:]+$/;
export const MAX_EMAIL_LENGTH = 254;
export const MAX_NAME_LENGTH = 200;

export function requireUuid(value: string, field: string): string {
  if (!UUID.test(value)) throw badUserInput(`${field} must be a UUID`, { field });
  return value.toLowerCase();
}

const CONTROL = /[\u0000-\u001f\u007f]/;

export function isPlausibleEmail(value: string): boolean {
  return value.length <= MAX_EMAIL_LENGTH && !CONTROL.test(value) && EMAIL.test(value);
}

/**
 * One spelling per address: compatibility forms folded (NFKC: full-width "ｊ" is "j"), lower case, and the domain
 * in ASCII (IDNA: "bücher.de" is "xn--bcher-kva.de").
 */
export function normalizeEmail(value: string): string {
  const email = value.normalize('NFKC').trim().toLowerCase();
  const at = email.lastIndexOf('@');
  const domain = at < 0 ? '' : domainToASCII(email.slice(at + 1));
  return domain ? `${email.slice(0, at)}@${domain}` : email;
}

/** Domain of a normalised address. */
export function domainOf(email: string): string {
  return email.slice(email.lastIndexOf('@') + 1);
}

/**
 * Whether the text has a non-ASCII character that looks like an ASCII one (Unicode's confusables, UTS #39, via
 * unhomoglyph): "jаne" with a Cyrillic "а" passes for "jane".
 */
function hasLookAlike(value: string): boolean {
  for (const char of value) {
    if (char.charCodeAt(0) < 0x80) continue;
    const skeleton = unhomoglyph(char);
    if (skeleton !== char && /^[\x20-\x7e]+$/.test(skeleton)) return true;
  }
  return false;
}

function refuseLookAlikes(value: string, field: string): void {
  if (hasLookAlike(value.normalize('NFKC').toLowerCase())) {
    throw badUserInput(`${field} contains characters that imitate others (such as a Cyrillic "а" for a Latin "a")`, { field });
  }
}

/** An address to register: normalised, and refused when it imitates another. */
export function requireEmail(value: string, field: string): string {
  refuseLookAlikes(value, field);
  const email = normalizeEmail(value);
  if (!isPlausibleEmail(email)) throw badUserInput(`${field} must be an email address`, { field });
  return email;
}

const DOMAIN_LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/** A mail domain: normalised like the domain of an address, at least two labels, no look-alikes. */
export function requireMailDomain(value: string, field: string): string {
  refuseLookAlikes(value, field);
  const domain = domainToASCII(value.normalize('NFKC').trim().toLowerCase());
  const labels = domain.split('.');
  if (domain.length > 253 || labels.length < 2 || !labels.every((label) => DOMAIN_LABEL.test(label))) {
    throw badUserInput(`${field} must be a mail domain such as example.com`, { field });
  }
  return domain;
}

export function requireName(value: string, field: string): string {
  const name = value.trim().replace(/\s+/g, ' ');
  if (name.length === 0) throw badUserInput(`${field} must not be empty`, { field });
  if (name.length > MAX_NAME_LENGTH) throw badUserInput(`${field} must be at most ${MAX_NAME_LENGTH} characters`, { field });
  if (CONTROL.test(name)) throw badUserInput(`${field} must not contain control characters`, { field });
  return name;
}
