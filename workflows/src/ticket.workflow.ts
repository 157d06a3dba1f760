/**
 * One durable workflow per ticket (`ticket-<ticketId>`), started when the ticket is registered, completed when it
 * is closed, closed without processing, or cancelled.
 *
 * Shape: the workflow keeps the ticket's facts and the set of clock events already fired (TicketMachine). After
 * every change it re-plans the clocks purely (libs/sla planner) and waits — one durable Temporal timer for the
 * earliest warning / breach / expiry not yet fired — then fires whatever is due. Updates (validated in their
 * validators: illegal ones are rejected and nothing is recorded) and signals only change facts and wake the loop.
 * Each wake-up's events and read-model snapshot leave through one local activity, `flushTicket` (idempotent: event
 * ids from ticket id + sequence, snapshots by sequence); runs started before it use `publishTicketEvent` per event
 * and `recordTicketState`.
 */
import { condition, continueAsNew, log, patched, setHandler, upsertMemo, upsertSearchAttributes } from '@temporalio/workflow';
import {
  LEGACY_STATUS_SEARCH_ATTRIBUTE,
  SlaState,
  TICKET_MEMO_TITLE,
  TicketSearchAttributes,
  analyseUpdate,
  calendarChangedSignal,
  ticketLink,
  policyChangedSignal,
  releaseRescheduledSignal,
  releaseScheduledSignal,
  releaseShippedSignal,
  ticketClocksQuery,
  ticketHistoryQuery,
  ticketStatusQuery,
  type TicketView,
  type TicketWorkflowInput,
  type TicketWorkflowState,
} from '@sla-desk/workflow-api';
import {
  flushTicketLocally,
  loadContractTerms,
  loadContractTermsLocally,
  publishTicketEvent,
  recordTicketState,
} from './shared/activities';
import { handlersFinished, nowIso, shouldContinueAsNew, waitForNextEvent } from './shared/loop';
import { TicketMachine } from './ticket/machine';
import { TICKET_UPDATES, checkUpdate, type TicketUpdate } from './ticket/updates';
import { orFailure } from './shared/failures';
import { withCatalogRelease } from './ticket/release-lookup';
import { PATCH_WAKE_RESET_FIRST, ticketRules } from './ticket/rules';
import { loadingView, slaIndex } from './ticket/view';

/** The state the next run starts from: without the history entries already in the read model. */
function slim(s: TicketWorkflowState, flushed: number): TicketWorkflowState {
  return { ...s, history: s.history.slice(flushed), historyOffset: (s.historyOffset ?? 0) + flushed };
}

export async function ticketWorkflow(input: TicketWorkflowInput): Promise<TicketView> {
  // Handlers are registered before the first await, so an update or query right after the start is never lost;
  // until the contract's terms are loaded they wait (updates) or answer from the input (queries).
  const rules = ticketRules();
  let machine: TicketMachine | undefined = input.continued ? new TicketMachine(input.continued, rules) : undefined;
  /** Waits for the terms (only then); once loaded, handlers run without yielding, as before. */
  const loaded = async (): Promise<TicketMachine> => {
    await condition(() => machine !== undefined);
    return machine as TicketMachine;
  };
  let woken = false;

  /**
   * An update: validator first (no state change on rejection); the handler fires whatever fell due before the
   * action (so a breach at 10:00 is recorded even when the action's task runs at 10:01 before the timer's), checks
   * again against that state, applies. Before the terms are loaded the ticket is REGISTERED with nothing decided:
   * the handler validates then.
   */
  const componentId = input.componentId;
  const register = (u: TicketUpdate<unknown>): void =>
    setHandler(
      u.def,
      async (raw: unknown): Promise<TicketView> => {
        const m = machine ?? (await loaded());
        // An analysis that leaves its release to the catalog is completed first (an activity), then checked in full.
        const i = componentId && u.def.name === analyseUpdate.name ? await withCatalogRelease(componentId, m.s, raw, nowIso()) : raw;
        const now = nowIso();
        orFailure('Cannot fire the clocks', () => m.tick(now, { beforeAction: true }));
        checkUpdate(u, m.s, i, now);
        const view = orFailure(`Cannot apply ${u.def.name}`, () => u.apply(m, i, now));
        woken = true;
        return view;
      },
      {
        validator: (i: unknown): void =>
          machine ? checkUpdate(u, machine.s, i, nowIso(), { releaseFromCatalog: componentId !== undefined }) : undefined,
      },
    );
  TICKET_UPDATES.forEach(register);

  setHandler(ticketStatusQuery, () => (machine ? machine.view(nowIso()) : loadingView(input, nowIso())));
  setHandler(ticketClocksQuery, () => (machine ? machine.clocks(nowIso()) : []));
  setHandler(ticketHistoryQuery, () => (machine ? machine.history() : []));

  /** A signal changes facts; one the ticket cannot use (not linked, closed, unplannable) is logged and ignored. */
  const signal =
    <S>(name: string, apply: (m: TicketMachine, s: S, now: string) => boolean) =>
    async (s: S): Promise<void> => {
      const m = machine ?? (await loaded());
      const now = nowIso();
      orFailure('Cannot fire the clocks', () => m.tick(now, { beforeAction: true }));
      if (apply(m, s, now)) woken = true;
      else log.warn(`ticket ${input.ticketId}: ignored signal ${name}`, { signal: s as unknown as Record<string, unknown> });
    };
  setHandler(
    releaseScheduledSignal,
    signal('releaseScheduled', (m, s, now) => m.releaseScheduled(s, now)),
  );
  setHandler(
    releaseRescheduledSignal,
    signal('releaseRescheduled', (m, s, now) => m.releaseRescheduled(s, now)),
  );
  setHandler(
    releaseShippedSignal,
    signal('releaseShipped', (m, s, now) => m.releaseShipped(s, now)),
  );
  setHandler(
    calendarChangedSignal,
    signal('calendarChanged', (m, s, now) => m.calendarChanged(s.calendar, now)),
  );
  setHandler(
    policyChangedSignal,
    signal('policyChanged', (m, s, now) => m.policyChanged(s.policy, now)),
  );

  upsertMemo({ [TICKET_MEMO_TITLE]: input.title });
  if (!machine) {
    const load = rules.termsLocally ? loadContractTermsLocally : loadContractTerms;
    const terms = await load({ contractId: input.contractId, customerId: input.customerId });
    machine = orFailure('Cannot register the ticket', () => TicketMachine.register(input, terms, nowIso(), rules));
  }
  const m = machine;
  /** The search attributes' values as last upserted (JSON), in the order of `values` below. */
  let indexed: string[] = [];
  const ticketLinks = (v: TicketView): string[] => [
    ticketLink.contract(v.contractId),
    ...(input.componentId ? [ticketLink.component(input.componentId)] : []),
    ...(v.release ? [ticketLink.release(v.release.releaseId)] : []),
  ];
  const index = (): void => {
    const v = m.view(nowIso());
    const sa = TicketSearchAttributes;
    const v2 = rules.searchAttributesV2;
    // Runs from before SlaDueAt index the SLA state as the view shows it (and, from before AWAITING_RELEASE existed,
    // such a ticket as ON_TRACK).
    const sla = rules.indexDueInstant ? slaIndex(m.s) : undefined;
    const legacySlaState = (): SlaState => (!v2 && v.slaState === SlaState.AWAITING_RELEASE ? SlaState.ON_TRACK : v.slaState);
    const values = [
      { key: sa.TicketId, value: v.ticketId },
      { key: sa.CustomerId, value: v.customerId },
      { key: sa.Category, value: v.category ?? null },
      { key: sa.Priority, value: v.priority ?? null },
      { key: v2 ? sa.TicketStatus : LEGACY_STATUS_SEARCH_ATTRIBUTE, value: v.status },
      { key: sa.SlaState, value: sla ? sla.state : legacySlaState() },
      ...(sla ? [{ key: sa.SlaDueAt, value: sla.dueAt === null ? null : new Date(sla.dueAt) }] : []),
      { key: sa.Assignee, value: v.assignee ?? null },
      ...(rules.searchAttributesV3 ? [{ key: sa.TicketLinks, value: ticketLinks(v) }] : []),
    ];
    const current = values.map((x) => JSON.stringify(x.value));
    const changed = values.filter((_, i) => current[i] !== indexed[i]);
    if (changed.length === 0) return;
    upsertSearchAttributes(rules.indexChangesOnly ? changed : values);
    indexed = current;
  };

  /** When this task's last flush finished (the worker's clock): the next timer counts from there. */
  let settledAt: string | undefined;
  /** History entries of this run already in the read model. */
  let historyFlushed = 0;
  /** Publishes the outbox in order (handlers may add while an activity runs), then writes the read model. */
  const flush = async (): Promise<void> => {
    if (m.s.outbox.length === 0) return;
    if (rules.flushLocally) {
      while (m.s.outbox.length > 0) {
        const events = m.s.outbox.slice();
        const entries = m.s.history.slice(historyFlushed);
        const history = { from: (m.s.historyOffset ?? 0) + historyFlushed, entries };
        settledAt = (await flushTicketLocally({ events, history, view: m.view(nowIso()) })) ?? undefined;
        m.s.outbox.splice(0, events.length);
        historyFlushed += entries.length;
      }
      return;
    }
    while (m.s.outbox.length > 0) {
      await publishTicketEvent(m.s.outbox[0]);
      m.s.outbox.shift();
    }
    await recordTicketState(m.view(nowIso()));
  };

  for (;;) {
    // Reset before the work, not after: an update applied while flush() awaits an activity sets `woken` again, and
    // the loop must go round once more to re-index (search attributes) instead of sleeping until the next timer.
    // Histories recorded before this change reset it after the work (see README: patched() discipline).
    const wakeResetFirst = rules.wakeResetFirst ?? patched(PATCH_WAKE_RESET_FIRST);
    if (wakeResetFirst) woken = false;
    orFailure('Cannot fire the clocks', () => m.tick(nowIso()));
    index();
    await flush();
    if (m.terminal && m.s.outbox.length === 0) break;
    if (shouldContinueAsNew(input.historyLimit)) {
      await handlersFinished();
      orFailure('Cannot fire the clocks', () => m.tick(nowIso()));
      await flush();
      if (!m.terminal) {
        const { continued: _c, ...rest } = input;
        return continueAsNew<typeof ticketWorkflow>({ ...rest, continued: rules.flushLocally ? slim(m.s, historyFlushed) : m.s });
      }
      continue;
    }
    if (!wakeResetFirst) woken = false;
    const next = orFailure('Cannot plan the next clock event', () => m.nextEventAt());
    await waitForNextEvent(next, () => woken || m.s.outbox.length > 0, settledAt);
  }
  return m.view(nowIso());
}
