/** Checks of update input shared by the workflows: each failure is a rejection (nothing changes), never a crash. */
import { ActorRole, RejectionCode, rejection, type Actor, type Instant } from '@sla-desk/workflow-api';

export const ms = (t: Instant): number => Date.parse(t);

/**
 * Clock starts are recorded to the minute (floored), like the calendar's minute-exact arithmetic: an action at
 * 10:00:37 starts a clock at 10:00. Comparisons (in time or late) use the exact instant.
 */
export const toMinute = (t: Instant): Instant => new Date(Math.floor(ms(t) / 60_000) * 60_000).toISOString();

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

export function reject(code: RejectionCode, message: string): never {
  throw rejection(code, message);
}

export function text(v: unknown, what: string): string {
  if (typeof v !== 'string' || v.trim() === '') reject(RejectionCode.INVALID_INPUT, `${what} is required`);
  return v;
}

/** An ISO-8601 instant with an offset, as UTC. */
export function instant(v: unknown, what: string): Instant {
  if (typeof v !== 'string' || !ISO_INSTANT.test(v) || Number.isNaN(Date.parse(v))) {
    reject(RejectionCode.INVALID_INPUT, `${what} must be an ISO-8601 instant, got ${JSON.stringify(v)}`);
  }
  return new Date(v).toISOString();
}

export function actorOf(input: unknown): Actor {
  const a = (input as { actor?: Actor } | null)?.actor;
  if (!a || typeof a.id !== 'string' || a.id === '' || !Object.values(ActorRole).includes(a.role)) {
    reject(RejectionCode.INVALID_INPUT, 'actor { id, role } is required');
  }
  return a;
}

/** The actor, checked against the roles allowed to take the action. */
export function permittedActor(input: unknown, roles: readonly ActorRole[], action: string): Actor {
  const actor = actorOf(input);
  if (!roles.includes(actor.role)) reject(RejectionCode.FORBIDDEN_ROLE, `${actor.role} may not ${action}; allowed: ${roles.join(', ')}`);
  return actor;
}
