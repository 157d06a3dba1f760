/**
 * The ten ticket updates as one table: each update's definition (libs/workflow-api), its validator (./validation.ts)
 * and its transition (./machine.ts). The workflow registers every row the same way.
 */
import type { UpdateDefinition } from '@temporalio/common';
import {
  acceptUpdate,
  analyseUpdate,
  answerClarificationUpdate,
  cancelUpdate,
  closeUpdate,
  closeWithoutProcessingUpdate,
  deliverSolutionUpdate,
  fileDelayNoticeUpdate,
  reassignUpdate,
  sendRemarksUpdate,
  RejectionCode,
  type AnalyseInput,
  rejectionOf,
  type Instant,
  type TicketView,
  type TicketWorkflowState,
} from '@sla-desk/workflow-api';
import { reject } from '../shared/input';
import { TicketMachine } from './machine';
import * as validate from './validation';

export interface TicketUpdate<I> {
  def: UpdateDefinition<TicketView, [I]>;
  /** Throws a rejection and changes nothing. */
  validate(s: TicketWorkflowState, input: I, now: Instant, options?: validate.CheckOptions): void;
  apply(m: TicketMachine, input: I, now: Instant): TicketView;
}

/** A row, type-checked against its own input type, then kept input-agnostic in the table. */
const row = <I>(u: TicketUpdate<I>): TicketUpdate<unknown> => u as unknown as TicketUpdate<unknown>;

export const TICKET_UPDATES: readonly TicketUpdate<unknown>[] = [
  row({ def: analyseUpdate, validate: validate.validateAnalyse, apply: (m, i, now) => m.analyse(i, now) }),
  row({
    def: answerClarificationUpdate,
    validate: validate.validateAnswerClarification,
    apply: (m, i, now) => m.answerClarification(i, now),
  }),
  row({ def: deliverSolutionUpdate, validate: validate.validateDeliverSolution, apply: (m, i, now) => m.deliverSolution(i, now) }),
  row({ def: acceptUpdate, validate: validate.validateAccept, apply: (m, i, now) => m.accept(i, now) }),
  row({ def: sendRemarksUpdate, validate: validate.validateSendRemarks, apply: (m, i, now) => m.sendRemarks(i, now) }),
  row({ def: fileDelayNoticeUpdate, validate: validate.validateFileDelayNotice, apply: (m, i, now) => m.fileDelayNotice(i, now) }),
  row({ def: closeUpdate, validate: validate.validateClose, apply: (m, i, now) => m.close(i, now) }),
  row({
    def: closeWithoutProcessingUpdate,
    validate: validate.validateCloseWithoutProcessing,
    apply: (m, i, now) => m.closeWithoutProcessing(i, now),
  }),
  row({ def: cancelUpdate, validate: validate.validateCancel, apply: (m, i, now) => m.cancel(i, now) }),
  row({ def: reassignUpdate, validate: validate.validateReassign, apply: (m, i, now) => m.reassign(i, now) }),
];

/** A copy of the state that a dry run may change (policy and calendar are replaced, never changed in place). */
function scratch(s: TicketWorkflowState): TicketWorkflowState {
  return {
    ...s,
    facts: JSON.parse(JSON.stringify(s.facts)),
    clocks: JSON.parse(JSON.stringify(s.clocks)),
    history: [...s.history],
    fired: [...s.fired],
    outbox: [...s.outbox],
  };
}

/**
 * The whole check of an update: its validator, then a dry run of its transition on a copy, so that nothing can fail
 * after the update was accepted (e.g. a clock that would end past the calendar's range) — it is refused here.
 */
export function checkUpdate<I>(
  u: TicketUpdate<I>,
  s: TicketWorkflowState,
  input: I,
  now: Instant,
  options: validate.CheckOptions = {},
): void {
  u.validate(s, input, now, options);
  // Left incomplete on purpose (the handler completes it and checks again): nothing to dry-run yet.
  if (options.releaseFromCatalog && needsCatalogRelease(s, input)) return;
  try {
    u.apply(new TicketMachine(scratch(s)), input, now);
  } catch (e) {
    if (rejectionOf(e)) throw e;
    reject(RejectionCode.INVALID_INPUT, `Cannot apply ${u.def.name}: ${(e as Error).message}`);
  }
}

/** An analysis (PLAN) without a release although its solution deadline follows the component's next release. */
export function needsCatalogRelease(s: TicketWorkflowState, input: unknown): input is AnalyseInput {
  const i = input as Partial<AnalyseInput> | undefined;
  if (i?.outcome?.kind !== 'PLAN' || i.outcome.release || !i.category || !i.priority) return false;
  const cell = s.policy.matrix[i.category]?.[i.priority];
  return cell !== undefined && validate.followsNextRelease(cell.solution);
}
