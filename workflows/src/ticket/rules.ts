/**
 * Rules of the ticket machine that changed while runs were open. Each is decided once per run with `patched()` (see
 * README, the patched() discipline): a run recorded before a rule keeps the old behaviour until it continues as new;
 * new runs and the pure specs get every rule.
 *
 * A run started now records one patch for all of them (`RULES_SLA_DUE_AT`, the newest): every `patched()` call of a
 * new run records a marker and upserts the TemporalChangeVersion search attribute, and eight of each were 16 of a
 * registration's 27 events and eight visibility writes on the server. Runs recorded before it replay their own.
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
  /** The main loop clears its wake flag before the work (else after; undefined: decided each round, see the loop). */
  wakeResetFirst?: boolean;
  /** A search-attribute upsert carries only the attributes that changed (it carried all of them). */
  indexChangesOnly: boolean;
  /**
   * Temporal's index holds the provider's next due instant (`SlaDueAt`) and, of the SLA states, only those that
   * routing needs (AWAITING_RELEASE, PROVIDER_FREED): a clock warning or breaching writes nothing to it (it indexed
   * AT_RISK / BREACHED, one visibility write per clock event).
   */
  indexDueInstant: boolean;
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
  wakeResetFirst: true,
  indexChangesOnly: true,
  indexDueInstant: true,
};

/** The one patch of runs started since the due instant is indexed: every rule above holds. */
export const RULES_SLA_DUE_AT = 'ticket-rules-2026-11-30-sla-due-at';
/** The one patch of runs started before that on 30 Nov 2026: every rule but `indexDueInstant`. */
export const RULES_2026_11_30 = 'ticket-rules-2026-11-30';
/** The loop's own patch (runs recorded before RULES_2026_11_30). */
export const PATCH_WAKE_RESET_FIRST = 'ticket-wake-reset-before-work';

/** The rules of this run (workflow code only: call before the first await). */
export function ticketRules(): TicketRules {
  // A new run records only the first; a recorded run answers false to the patches it never recorded.
  if (patched(RULES_SLA_DUE_AT)) return { ...CURRENT_RULES };
  if (patched(RULES_2026_11_30)) return { ...CURRENT_RULES, indexDueInstant: false };
  // Runs recorded before it: each rule by its own patch, in the order they were recorded.
  const recorded = {
    actionAtDueInTime: patched('ticket-action-at-due-in-time'),
    oneOutcomePerClock: patched('ticket-one-outcome-per-clock'),
    lateNoticeNotMotivated: patched('ticket-late-notice-not-motivated'),
    releaseKindChecked: patched('ticket-release-kind-checked'),
    searchAttributesV2: patched('ticket-search-attributes-v2'),
    searchAttributesV3: patched('ticket-search-attributes-v3'),
    termsLocally: patched('ticket-terms-local-activity'),
    flushLocally: patched('ticket-flush-local-activity'),
  };
  return {
    ...recorded,
    // With the terms loaded by a local activity the loop's patch is decided up front: a patch marker that follows a
    // local activity's marker in the same workflow task does not replay (core meets it before the activity resolves).
    wakeResetFirst: recorded.termsLocally ? patched(PATCH_WAKE_RESET_FIRST) : undefined,
    indexChangesOnly: false,
    indexDueInstant: false,
  };
}
