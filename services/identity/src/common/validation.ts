// Input validation shared by resolvers: ids, emails, names. Failures are BAD_USER_INPUT naming the field.
import { badUserInput } from '@sla-desk/auth';

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

export function normalizeEmail(value: string): string {
  return value.trim().toLowerCase();
}

export function requireEmail(value: string, field: string): string {
  const email = normalizeEmail(value);
  if (!isPlausibleEmail(email)) throw badUserInput(`${field} must be an email address`, { field });
  return email;
}

export function requireName(value: string, field: string): string {
  const name = value.trim().replace(/\s+/g, ' ');
  if (name.length === 0) throw badUserInput(`${field} must not be empty`, { field });
  if (name.length > MAX_NAME_LENGTH) throw badUserInput(`${field} must be at most ${MAX_NAME_LENGTH} characters`, { field });
  if (CONTROL.test(name)) throw badUserInput(`${field} must not contain control characters`, { field });
  return name;
}
