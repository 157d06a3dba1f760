/**
 * One durable workflow per ticket (`ticket-<ticketId>`), started when the ticket is registered, completed when it
 * is closed, closed without processing, or cancelled.
 *
 * Shape: the workflow keeps the ticket's facts and the set of clock events already fired (TicketMachine). After
 * every change it re-plans the clocks purely (libs/sla planner) and waits with `condition(() => woken, msUntilNext)`
 * — one durable Temporal timer for the earliest warning / breach / expiry not yet fired — then fires whatever is
 * due. Updates (validated in their validators: illegal ones are rejected and nothing is recorded) and signals only
 * change facts and wake the loop. Every event leaves through the `publishTicketEvent` activity (idempotent by
 * ticket id + sequence), the read model through `recordTicketState`.
 */
import {
  allHandlersFinished,
  condition,
  continueAsNew,
  log,
  patched,
  proxyActivities,
  setHandler,
  upsertMemo,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { UpdateDefinition } from '@temporalio/common';
import {
  TICKET_MEMO_TITLE,
  TicketSearchAttributes,
  acceptUpdate,
  analyseUpdate,
  answerClarificationUpdate,
  calendarChangedSignal,
  cancelUpdate,
  closeUpdate,
  closeWithoutProcessingUpdate,
  deliverSolutionUpdate,
  fileDelayNoticeUpdate,
  policyChangedSignal,
  reassignUpdate,
  releaseRescheduledSignal,
  releaseScheduledSignal,
  releaseShippedSignal,
  sendRemarksUpdate,
  ticketClocksQuery,
  ticketHistoryQuery,
  ticketStatusQuery,
  type SlaDeskActivities,
  type TicketView,
  type TicketWorkflowInput,
} from '@sla-desk/workflow-api';
import { TicketMachine } from './ticket/machine';

/** Patch: the main loop clears its wake flag before the work, so an update applied during a flush is re-indexed. */
const PATCH_WAKE_RESET_FIRST = 'ticket-wake-reset-before-work';

const { loadContractTerms } = proxyActivities<SlaDeskActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 10 },
});

/** Publishing must eventually succeed: retried without limit (the consumer side is idempotent). */
const { publishTicketEvent, recordTicketState } = proxyActivities<SlaDeskActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

const nowIso = (): string => new Date(Date.now()).toISOString();

export async function ticketWorkflow(input: TicketWorkflowInput): Promise<TicketView> {
  // Handlers are registered before the first await, so an update or query right after the start is never lost;
  // until the contract's terms are loaded they wait (updates) or answer from the input (queries).
  let machine: TicketMachine | undefined = input.continued ? new TicketMachine(input.continued) : undefined;
  const ready = (): TicketMachine => {
    if (!machine) throw new Error('ticket workflow: terms not loaded yet');
    return machine;
  };
  let woken = false;
  const wake = (): void => {
    woken = true;
  };

  /**
   * An update: validator first (no state change on rejection); the handler fires whatever fell due before the
   * action (so a breach at 10:00 is recorded even when the action's task runs at 10:01 before the timer's), checks
   * again against that state, applies.
   */
  function handle<I>(
    def: UpdateDefinition<TicketView, [I]>,
    validate: (input: I, now: string) => void,
    apply: (input: I, now: string) => TicketView,
  ): void {
    setHandler(
      def,
      async (i: I): Promise<TicketView> => {
        if (!machine) await condition(() => machine !== undefined);
        const now = nowIso();
        ready().tick(now);
        validate(i, now);
        const view = apply(i, now);
        wake();
        return view;
      },
      // Before the terms are loaded the ticket is REGISTERED with nothing decided: the handler validates then.
      { validator: (i: I): void => (machine ? validate(i, nowIso()) : undefined) },
    );
  }
  handle(analyseUpdate, (i, now) => ready().validateAnalyse(i, now), (i, now) => ready().analyse(i, now));
  handle(answerClarificationUpdate, (i) => ready().validateAnswerClarification(i), (i, now) => ready().answerClarification(i, now));
  handle(deliverSolutionUpdate, (i) => ready().validateDeliverSolution(i), (i, now) => ready().deliverSolution(i, now));
  handle(acceptUpdate, (i) => ready().validateAccept(i), (i, now) => ready().accept(i, now));
  handle(sendRemarksUpdate, (i) => ready().validateSendRemarks(i), (i, now) => ready().sendRemarks(i, now));
  handle(fileDelayNoticeUpdate, (i, now) => ready().validateFileDelayNotice(i, now), (i, now) => ready().fileDelayNotice(i, now));
  handle(closeUpdate, (i) => ready().validateClose(i), (i, now) => ready().close(i, now));
  handle(closeWithoutProcessingUpdate, (i, now) => ready().validateCloseWithoutProcessing(i, now), (i, now) => ready().closeWithoutProcessing(i, now));
  handle(cancelUpdate, (i) => ready().validateCancel(i), (i, now) => ready().cancel(i, now));
  handle(reassignUpdate, (i) => ready().validateReassign(i), (i, now) => ready().reassign(i, now));

  setHandler(ticketStatusQuery, () => (machine ? machine.view(nowIso()) : TicketMachine.loadingView(input, nowIso())));
  setHandler(ticketClocksQuery, () => (machine ? machine.clocks(nowIso()) : []));
  setHandler(ticketHistoryQuery, () => (machine ? machine.history() : []));

  /** A signal changes facts; one the ticket cannot use (not linked, closed, unplannable) is logged and ignored. */
  const signal = <S>(name: string, apply: (s: S, now: string) => boolean) => async (s: S): Promise<void> => {
    if (!machine) await condition(() => machine !== undefined);
    const now = nowIso();
    ready().tick(now);
    if (apply(s, now)) wake();
    else log.warn(`ticket ${input.ticketId}: ignored signal ${name}`, { signal: s as unknown as Record<string, unknown> });
  };
  setHandler(releaseScheduledSignal, signal('releaseScheduled', (s, now) => ready().releaseScheduled(s, now)));
  setHandler(releaseRescheduledSignal, signal('releaseRescheduled', (s, now) => ready().releaseRescheduled(s, now)));
  setHandler(releaseShippedSignal, signal('releaseShipped', (s, now) => ready().releaseShipped(s, now)));
  setHandler(calendarChangedSignal, signal('calendarChanged', (s, now) => ready().calendarChanged(s.calendar, now)));
  setHandler(policyChangedSignal, signal('policyChanged', (s, now) => ready().policyChanged(s.policy, now)));

  upsertMemo({ [TICKET_MEMO_TITLE]: input.title });
  if (!machine) {
    const terms = await loadContractTerms({ contractId: input.contractId, customerId: input.customerId });
    machine = TicketMachine.register(input, terms, nowIso());
  }
  const m = machine;
  let indexed = '';
  const index = (): void => {
    const v = m.view(nowIso());
    const values: Record<keyof typeof TicketSearchAttributes, string | null> = {
      TicketId: v.ticketId,
      CustomerId: v.customerId,
      Category: v.category ?? null,
      Priority: v.priority ?? null,
      Status: v.status,
      SlaState: v.slaState,
      Assignee: v.assignee ?? null,
    };
    const key = JSON.stringify(values);
    if (key === indexed) return;
    indexed = key;
    upsertSearchAttributes(
      (Object.keys(values) as (keyof typeof TicketSearchAttributes)[]).map((k) => ({ key: TicketSearchAttributes[k], value: values[k] })),
    );
  };

  /** Publishes the outbox in order (handlers may add while an activity runs), then writes the read model. */
  const flush = async (): Promise<void> => {
    if (m.s.outbox.length === 0) return;
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
    const wakeResetFirst = patched(PATCH_WAKE_RESET_FIRST);
    if (wakeResetFirst) woken = false;
    m.tick(nowIso());
    index();
    await flush();
    if (m.terminal && m.s.outbox.length === 0) break;
    const info = workflowInfo();
    if (info.continueAsNewSuggested || (input.historyLimit !== undefined && info.historyLength >= input.historyLimit)) {
      await condition(allHandlersFinished);
      m.tick(nowIso());
      await flush();
      if (!m.terminal) {
        const { continued: _c, ...rest } = input;
        return continueAsNew<typeof ticketWorkflow>({ ...rest, continued: m.s });
      }
      continue;
    }
    if (!wakeResetFirst) woken = false;
    const next = m.nextEventAt();
    if (next === null) await condition(() => woken || m.s.outbox.length > 0);
    else await condition(() => woken || m.s.outbox.length > 0, Math.max(1, Date.parse(next) - Date.now()));
  }
  return m.view(nowIso());
}
