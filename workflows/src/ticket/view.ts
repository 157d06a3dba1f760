/** The read side of a ticket: what queries, the read model and the search attributes show. Pure. */
import {
  SlaState,
  TicketStatus,
  type ClockView,
  type Instant,
  type TicketView,
  type TicketWorkflowInput,
  type TicketWorkflowState,
} from '@sla-desk/workflow-api';
import { isRunning, ledgerView } from '../shared/clock-ledger';

/** A running clock follows a release that is not known yet (no due date until it is linked). */
const awaitsRelease = (c: ClockView): boolean => isRunning(c) && c.dueAt === null && c.rule !== 'NONE';

export function slaState(s: TicketWorkflowState): SlaState {
  if (s.facts.providerFreedAt) return SlaState.PROVIDER_FREED;
  if (s.clocks.some((c) => c.breachedAt)) return SlaState.BREACHED;
  const running = s.clocks.filter(isRunning);
  if (running.some((c) => c.warnedAt || c.expiredAt)) return SlaState.AT_RISK;
  if (running.some(awaitsRelease)) return SlaState.AWAITING_RELEASE;
  return running.length > 0 ? SlaState.ON_TRACK : SlaState.NONE;
}

/**
 * What Temporal's index holds about the clocks: only what an action (or the customer's missed deadline) changes, so
 * a clock warning or breaching writes nothing to it. `state`: AWAITING_RELEASE before PROVIDER_FREED (the re-planner
 * finds the tickets a scheduled release is for by it, breached or freed or not), else null. `dueAt`: the earliest due
 * instant of the provider's running, binding clocks (passed: breached and still open).
 */
export function slaIndex(s: TicketWorkflowState): { state: SlaState | null; dueAt: Instant | null } {
  const state = s.clocks.some(awaitsRelease) ? SlaState.AWAITING_RELEASE : s.facts.providerFreedAt ? SlaState.PROVIDER_FREED : null;
  const dueAt = s.clocks
    .filter((c) => isRunning(c) && c.party === 'PROVIDER' && c.binding)
    .reduce<Instant | null>(
      (min, c) => (c.dueAt !== null && (min === null || Date.parse(c.dueAt) < Date.parse(min)) ? c.dueAt : min),
      null,
    );
  return { state, dueAt };
}

export function ticketView(s: TicketWorkflowState, now: Instant): TicketView {
  const { input, facts } = s;
  const v: TicketView = {
    ticketId: input.ticketId,
    customerId: input.customerId,
    contractId: input.contractId,
    title: input.title,
    channel: input.channel,
    warranty: facts.warranty === true,
    status: facts.status,
    registeredAt: facts.registeredAt,
    slaState: slaState(s),
    closeWithoutProcessingAllowed: s.closeWithoutProcessingAllowed,
    policy: { id: s.policy.id, version: s.policy.version },
    calendar: { id: s.calendar.id, version: s.calendar.version },
    clocks: ledgerView(s.clocks, now),
    seq: s.seq,
    updatedAt: now,
  };
  if (facts.category) v.category = facts.category;
  if (facts.priority) v.priority = facts.priority;
  if (s.assignee) v.assignee = s.assignee;
  if (facts.plannedDate) v.plannedDate = facts.plannedDate;
  if (facts.providerFreedAt) v.providerFreedAt = facts.providerFreedAt;
  if (facts.release) v.release = { ...facts.release };
  return v;
}

/** What a query answers in the moment between the start and the contract's terms being loaded. */
export function loadingView(input: TicketWorkflowInput, now: Instant): TicketView {
  return {
    ticketId: input.ticketId,
    customerId: input.customerId,
    contractId: input.contractId,
    title: input.title,
    channel: input.channel,
    warranty: input.warranty === true,
    status: TicketStatus.REGISTERED,
    registeredAt: new Date(input.registeredAt).toISOString(),
    slaState: SlaState.NONE,
    closeWithoutProcessingAllowed: false,
    policy: { id: '', version: '' },
    calendar: { id: '', version: '' },
    clocks: [],
    seq: 0,
    updatedAt: now,
  };
}
