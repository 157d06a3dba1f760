/**
 * The durable loop of a single-clock workflow: fire what is due, publish, wait on one timer for the next event,
 * until the clock's action is done. Shared by the hotline-callback and contract-onboarding workflows.
 */
import { log, patched, setHandler } from '@temporalio/workflow';
import type { QueryDefinition, UpdateDefinition } from '@temporalio/common';
import {
  RejectionCode,
  calendarChangedSignal,
  policyChangedSignal,
  type Actor,
  type ActorRole,
  type SimpleClockView,
  type SimpleClockWorkflowState,
} from '@sla-desk/workflow-api';
import { loadContractTerms, publishSlaEvent } from '../shared/activities';
import { permittedActor, reject } from '../shared/input';
import { handlersFinished, nowIso, shouldContinueAsNew, waitForNextEvent } from '../shared/loop';
import { SimpleClockMachine, type SimpleClockSpec } from './machine';

/**
 * Opens a single-clock workflow: registers its status query, then takes the machine carried over by continue-as-new
 * or starts it from the contract's terms (loaded through an activity). `agreedDueAt`: a due instant agreed earlier
 * than the policy's maximum; one before the start or beyond the maximum fails the workflow with a rejection.
 */
export async function openSimpleClock(
  spec: SimpleClockSpec,
  input: { contractId: string; customerId: string; continued?: SimpleClockWorkflowState },
  statusQuery: QueryDefinition<SimpleClockView>,
  agreedDueAt?: string,
): Promise<SimpleClockMachine> {
  // Rules decided once per run (README: the patched() discipline); patch ids carry the workflow's prefix.
  const prefix = spec.kind === 'HOTLINE_CALLBACK' ? 'hotline' : 'onboarding';
  const rules = {
    agreedDueChecked: patched(`${prefix}-agreed-due-checked`),
    oneOutcomePerClock: patched(`${prefix}-one-outcome-per-clock`),
  };
  let m: SimpleClockMachine | undefined = input.continued ? new SimpleClockMachine(spec, input.continued, rules) : undefined;
  setHandler(statusQuery, () => {
    if (!m) throw new Error(`the ${spec.kind} clock is starting`);
    return m.view(nowIso());
  });
  if (!m) {
    const terms = await loadContractTerms({ contractId: input.contractId, customerId: input.customerId });
    m = SimpleClockMachine.start(spec, terms, nowIso(), agreedDueAt, rules);
  }
  return m;
}

/**
 * Registers the completing update (validated: role, not yet done, plus `check`) and the calendar/policy signals,
 * then runs the loop. Returns the final view, or the state to continue as new with.
 */
export async function runSimpleClock<I extends { actor: Actor }>(
  m: SimpleClockMachine,
  done: UpdateDefinition<SimpleClockView, [I]>,
  roles: readonly ActorRole[],
  check: (input: I) => void,
): Promise<{ view: SimpleClockView } | { continueWith: SimpleClockWorkflowState }> {
  let woken = false;
  const validate = (i: I): void => {
    permittedActor(i, roles, done.name);
    if (m.done) reject(RejectionCode.ILLEGAL_TRANSITION, `Already done at ${m.s.doneAt}`);
    check(i);
  };
  setHandler(
    done,
    (i: I) => {
      const view = m.complete(i.actor, nowIso());
      woken = true;
      return view;
    },
    { validator: validate },
  );
  const onSignal = (name: string, apply: () => boolean): void => {
    if (apply()) woken = true;
    else log.warn(`ignored signal ${name}`);
  };
  setHandler(calendarChangedSignal, (s) => onSignal('calendarChanged', () => m.calendarChanged(s?.calendar, nowIso())));
  setHandler(policyChangedSignal, (s) => onSignal('policyChanged', () => m.policyChanged(s?.policy, nowIso())));

  for (;;) {
    m.tick(nowIso());
    while (m.s.outbox.length > 0) {
      await publishSlaEvent(m.s.outbox[0]);
      m.s.outbox.shift();
    }
    if (m.done) return { view: m.view(nowIso()) };
    if (shouldContinueAsNew()) {
      await handlersFinished();
      if (m.s.outbox.length === 0 && !m.done) return { continueWith: m.s };
      continue;
    }
    woken = false;
    await waitForNextEvent(m.nextEventAt(), () => woken || m.s.outbox.length > 0);
  }
}
