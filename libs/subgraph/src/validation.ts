// Input checks every subgraph's resolvers share: ids, e-mail addresses, free text, calendar dates and instants.
// Each failure is BAD_USER_INPUT naming the field (extensions.field), thrown before anything is stored.
import { badUserInput, unauthenticated, type Caller, type SubgraphContext } from '@sla-desk/auth';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// Deliberately simple: something@something.tld, no spaces or angle brackets.
const EMAIL = /^[^\s@<>()",;:]+@[^\s@<>()",;:]+\.[^\s@<>()",;:]+$/;
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export const MAX_EMAIL_LENGTH = 254;

export function requireUuid(value: string, field: string): string {
  if (!UUID.test(value)) throw badUserInput(`${field} must be a UUID`, { field });
  return value.toLowerCase();
}

export function requireEmailAddress(value: string, field: string): string {
  const email = value.trim().toLowerCase();
  if (email.length > MAX_EMAIL_LENGTH || CONTROL.test(email) || !EMAIL.test(email)) {
    throw badUserInput(`${field} must be an email address`, { field });
  }
  return email;
}

/** Trimmed text of 1..max characters without control characters (line breaks allowed when `multiline`). */
export function requireText(value: string, field: string, max: number, options: { multiline?: boolean } = {}): string {
  const text = options.multiline ? value.trim() : value.trim().replace(/\s+/g, ' ');
  if (text.length === 0) throw badUserInput(`${field} must not be empty`, { field });
  if (text.length > max) throw badUserInput(`${field} must be at most ${max} characters`, { field });
  if (CONTROL.test(text)) throw badUserInput(`${field} must not contain control characters`, { field });
  return text;
}

/** A calendar date `YYYY-MM-DD` that exists (2026-02-30 does not), as a UTC midnight Date. */
export function requireIsoDate(value: string, field: string): Date {
  const m = ISO_DATE.exec(value);
  const date = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
  if (!date || date.toISOString().slice(0, 10) !== value) throw badUserInput(`${field} must be a date YYYY-MM-DD`, { field });
  return date;
}

/** `YYYY-MM-DD` of a date stored as a PostgreSQL DATE (UTC midnight). */
export function isoDateOf(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** The caller of a resolver the global guards do not cover (reference and field resolvers). */
export function callerOf(context: Pick<SubgraphContext, 'identity'>): Caller {
  const caller = context.identity?.caller;
  if (!caller) throw unauthenticated();
  return caller;
}
