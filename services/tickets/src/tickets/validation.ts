// Input checks shared by the ticket operations: each failure is BAD_USER_INPUT naming the field, before anything is
// stored or sent to a workflow.
import { badUserInput } from '@sla-desk/auth';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
const REQUEST_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/;

export const LIMITS = {
  title: 200,
  description: 20_000,
  component: 100,
  comment: 10_000,
  reason: 2_000,
  remarks: 50,
} as const;

export function requireUuid(value: string, field: string): string {
  if (!UUID.test(value)) throw badUserInput(`${field} must be a UUID`, { field });
  return value.toLowerCase();
}

/** Trimmed, non-empty, at most `max` characters; line breaks and tabs allowed (multi-line text). */
export function requireText(value: string, field: string, max: number): string {
  const text = value.trim();
  if (text.length === 0) throw badUserInput(`${field} must not be empty`, { field });
  if (text.length > max) throw badUserInput(`${field} must be at most ${max} characters`, { field });
  if (CONTROL.test(text)) throw badUserInput(`${field} must not contain control characters`, { field });
  return text;
}

export function optionalText(value: string | null | undefined, field: string, max: number): string | undefined {
  return value == null || value.trim() === '' ? undefined : requireText(value, field, max);
}

/** `{ [key]: text }` for an optional text field that was given, `{}` otherwise (the field is named `key`). */
export function optionalEntry<K extends string>(key: K, value: string | null | undefined, max: number): Partial<Record<K, string>> {
  const text = optionalText(value, key, max);
  return (text === undefined ? {} : { [key]: text }) as Partial<Record<K, string>>;
}

export function requireRequestId(value: string): string {
  if (!REQUEST_ID.test(value)) {
    throw badUserInput('requestId must be 1-100 characters: letters, digits and . _ : - (a UUID is a good choice)', { field: 'requestId' });
  }
  return value;
}

export function requireInstant(value: Date, field: string): string {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) throw badUserInput(`${field} must be a date-time`, { field });
  return value.toISOString();
}
