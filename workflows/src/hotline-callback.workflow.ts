/**
 * Hotline callback (`hotline-callback-<callId>`): when a question cannot be settled during the call, the specialist
 * records the caller's contacts and a callback date no later than 3 working days after the call. One clock: a
 * reminder before the callback is due, a breach at the callback date, stopped when the specialist calls back
 * (docs/sla-rules.md#hotline-callback).
 */
import { continueAsNew } from '@temporalio/workflow';
import {
  ClockKind,
  SIMPLE_CLOCK_PERMISSIONS,
  callbackStatusQuery,
  completeCallbackUpdate,
  type HotlineCallbackInput,
  type SimpleClockView,
} from '@sla-desk/workflow-api';
import type { SimpleClockSpec } from './simple-clock/machine';
import { text } from './shared/input';
import { openSimpleClock, runSimpleClock } from './simple-clock/run';

export async function hotlineCallbackWorkflow(input: HotlineCallbackInput): Promise<SimpleClockView> {
  const spec: SimpleClockSpec = {
    subject: { type: 'HOTLINE_CALL', id: input.callId, customerId: input.customerId },
    kind: ClockKind.HOTLINE_CALLBACK,
    party: 'PROVIDER',
    startedAt: input.calledAt,
    amount: (p) => p.hotlineCallback,
    notice: (p) => p.hotlineCallbackNotice,
  };
  const m = await openSimpleClock(spec, input, callbackStatusQuery, input.callbackBy);
  const result = await runSimpleClock(m, completeCallbackUpdate, SIMPLE_CLOCK_PERMISSIONS.COMPLETE_CALLBACK, (i) => {
    text(i.outcome, 'outcome');
  });
  if ('continueWith' in result) return continueAsNew<typeof hotlineCallbackWorkflow>({ ...input, continued: result.continueWith });
  return result.view;
}
