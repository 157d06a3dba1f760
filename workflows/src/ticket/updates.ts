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
  type Instant,
  type TicketView,
  type TicketWorkflowState,
} from '@sla-desk/workflow-api';
import type { TicketMachine } from './machine';
import * as validate from './validation';

export interface TicketUpdate<I> {
  def: UpdateDefinition<TicketView, [I]>;
  /** Throws a rejection and changes nothing. */
  validate(s: TicketWorkflowState, input: I, now: Instant): void;
  apply(m: TicketMachine, input: I, now: Instant): TicketView;
}

/** A row, type-checked against its own input type, then kept input-agnostic in the table. */
const row = <I>(u: TicketUpdate<I>): TicketUpdate<unknown> => u as unknown as TicketUpdate<unknown>;

export const TICKET_UPDATES: readonly TicketUpdate<unknown>[] = [
  row({ def: analyseUpdate, validate: validate.validateAnalyse, apply: (m, i, now) => m.analyse(i, now) }),
  row({ def: answerClarificationUpdate, validate: validate.validateAnswerClarification, apply: (m, i, now) => m.answerClarification(i, now) }),
  row({ def: deliverSolutionUpdate, validate: validate.validateDeliverSolution, apply: (m, i, now) => m.deliverSolution(i, now) }),
  row({ def: acceptUpdate, validate: validate.validateAccept, apply: (m, i, now) => m.accept(i, now) }),
  row({ def: sendRemarksUpdate, validate: validate.validateSendRemarks, apply: (m, i, now) => m.sendRemarks(i, now) }),
  row({ def: fileDelayNoticeUpdate, validate: validate.validateFileDelayNotice, apply: (m, i, now) => m.fileDelayNotice(i, now) }),
  row({ def: closeUpdate, validate: validate.validateClose, apply: (m, i, now) => m.close(i, now) }),
  row({ def: closeWithoutProcessingUpdate, validate: validate.validateCloseWithoutProcessing, apply: (m, i, now) => m.closeWithoutProcessing(i, now) }),
  row({ def: cancelUpdate, validate: validate.validateCancel, apply: (m, i, now) => m.cancel(i, now) }),
  row({ def: reassignUpdate, validate: validate.validateReassign, apply: (m, i, now) => m.reassign(i, now) }),
];
