// hotline.call_logged: stated through the outbox once a call is logged (and, when it owes a callback, once its
// callback workflow started, so a call removed after a failed start was never announced). The call id is the event
// id: a retried logging enqueues nothing new (the outbox ignores a known event id). The callback clock's own events
// (hotline.callback_clock_changed) are the workflow's.
import { enqueueEvent, timestampFromDate, type PrismaRawClient } from '@sla-desk/events';
import type { HotlineCall } from '../generated/prisma/client';
import { PRODUCER } from './ticket-events';

export async function callLogged(db: PrismaRawClient, call: HotlineCall): Promise<void> {
  await enqueueEvent(db, {
    type: 'hotline.call_logged',
    eventId: call.id,
    tenantId: call.customerId,
    producer: PRODUCER,
    occurredAt: call.calledAt,
    payload: {
      callId: call.id,
      customerId: call.customerId,
      specialistId: call.specialistId,
      callerName: call.callerName,
      callerPhone: call.callerPhone ?? '',
      summary: call.question,
      resolvedDuringCall: call.resolved,
      ...(call.callbackBy ? { callbackDueAt: timestampFromDate(call.callbackBy) } : {}),
      receivedAt: timestampFromDate(call.calledAt),
    },
  });
}
