// When a hotline callback may be promised (docs/sla-rules.md, channels: hotline): after the call and no later than
// 3 working days after it, on the contract's calendar. The latest instant is planned exactly as the
// hotline-callback workflow plans its clock (the call's minute, the policy's hotlineCallback amount), so a date this
// service accepts is one the workflow accepts. A date outside the window is refused, never moved.
import { badUserInput } from '@sla-desk/auth';
import { ClockKind, planSimpleClock } from '@sla-desk/sla';
import type { Terms } from '../contracts/contract-terms';

export interface CallbackWindow {
  /** The callback must lie strictly after this instant (the call). */
  after: Date;
  /** ... and at or before this one (3 working days after the call). */
  latest: Date;
}

const toMinute = (t: Date): Date => new Date(Math.floor(t.getTime() / 60_000) * 60_000);

export function callbackWindow(terms: Terms, calledAt: Date): CallbackWindow {
  const clock = planSimpleClock(terms.calendar, {
    kind: ClockKind.HOTLINE_CALLBACK,
    party: 'PROVIDER',
    startedAt: toMinute(calledAt).toISOString(),
    amount: terms.policy.hotlineCallback,
    notice: terms.policy.hotlineCallbackNotice,
  });
  if (!clock.dueAt) throw new Error('the hotline callback clock has no due instant');
  return { after: calledAt, latest: new Date(clock.dueAt) };
}

/** The callback date if it lies in the window; otherwise BAD_USER_INPUT naming the window. */
export function checkCallbackDate(window: CallbackWindow, callbackBy: Date): Date {
  if (callbackBy.getTime() <= window.after.getTime()) {
    throw badUserInput(`callbackBy must lie after the call (${window.after.toISOString()})`, {
      field: 'callbackBy',
      reason: 'CALLBACK_NOT_AFTER_CALL',
    });
  }
  if (callbackBy.getTime() > window.latest.getTime()) {
    throw badUserInput(`callbackBy must lie within 3 working days of the call: at the latest ${window.latest.toISOString()}`, {
      field: 'callbackBy',
      reason: 'CALLBACK_TOO_LATE',
    });
  }
  return callbackBy;
}
