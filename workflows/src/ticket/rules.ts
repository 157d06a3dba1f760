/**
 * Rules of the ticket machine that changed while runs were open. Each is decided once per run with `patched()` (see
 * README, the patched() discipline): a run recorded before a rule keeps the old behaviour until it continues as new;
 * new runs and the pure specs get every rule.
 */
import { patched } from '@temporalio/workflow';

export interface TicketRules {
  /** An action at a clock's due instant is in time: before an action only events strictly before it fire. */
  actionAtDueInTime: boolean;
  /** One outcome event per clock (breach, expiry or overdue), even after a re-plan. */
  oneOutcomePerClock: boolean;
  /** A delay notice filed after its notice instant does not protect the customer. */
  lateNoticeNotMotivated: boolean;
  /** A release signal of a kind no running clock follows is ignored (it used to replace the linked release). */
  releaseKindChecked: boolean;
  /** Search attributes: `TicketStatus` (was `Status`), and SlaState AWAITING_RELEASE. */
  searchAttributesV2: boolean;
  /** Search attribute TicketLinks: contract, component, release (how contract and release changes find tickets). */
  searchAttributesV3: boolean;
  /** The contract's terms load as a local activity (inside the first workflow task). */
  termsLocally: boolean;
  /** Each wake-up's outbox and snapshot leave as one local activity (flushTicket) instead of one activity each. */
  flushLocally: boolean;
}

export const CURRENT_RULES: Readonly<TicketRules> = {
  actionAtDueInTime: true,
  oneOutcomePerClock: true,
  lateNoticeNotMotivated: true,
  releaseKindChecked: true,
  searchAttributesV2: true,
  searchAttributesV3: true,
  termsLocally: true,
  flushLocally: true,
};

/** The rules of this run (workflow code only: call before the first await). */
export function ticketRules(): TicketRules {
  return {
    actionAtDueInTime: patched('ticket-action-at-due-in-time'),
    oneOutcomePerClock: patched('ticket-one-outcome-per-clock'),
    lateNoticeNotMotivated: patched('ticket-late-notice-not-motivated'),
    releaseKindChecked: patched('ticket-release-kind-checked'),
    searchAttributesV2: patched('ticket-search-attributes-v2'),
    searchAttributesV3: patched('ticket-search-attributes-v3'),
    termsLocally: patched('ticket-terms-local-activity'),
    flushLocally: patched('ticket-flush-local-activity'),
  };
}
