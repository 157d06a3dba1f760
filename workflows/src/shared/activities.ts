/** The activities as the workflows call them: one set of options for all three workflows. */
import { proxyActivities, proxyLocalActivities, type ActivityOptions } from '@temporalio/workflow';
import type { SlaDeskActivities } from '@sla-desk/workflow-api';

/** Loading the contract's terms gives up after 10 attempts (an unknown contract fails at once, non-retryable). */
const TERMS: ActivityOptions = {
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 10 },
};
export const { loadContractTerms } = proxyActivities<SlaDeskActivities>(TERMS);

/** The same as a local activity: run inside the workflow task that needs it, no round trip through the server. */
export const { loadContractTerms: loadContractTermsLocally } = proxyLocalActivities<SlaDeskActivities>(TERMS);

/** Asking the catalog for a release answers an update: a few quick attempts, then the update fails (retry it). */
export const { findNextRelease } = proxyActivities<SlaDeskActivities>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '500 milliseconds', backoffCoefficient: 2, maximumInterval: '5 seconds', maximumAttempts: 4 },
});

/**
 * A wake-up's outbox and snapshot as one local activity: run inside the workflow task that produced them, no round
 * trip through the server per event. Retried without limit like the activities it replaces (beyond a minute of
 * retries the SDK waits on durable timers between attempts).
 */
export const { flushTicket: flushTicketLocally } = proxyLocalActivities<SlaDeskActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/** Publishing and the read model must eventually succeed: retried without limit (both sides are idempotent). */
export const { publishTicketEvent, publishSlaEvent, recordTicketState } = proxyActivities<SlaDeskActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});
