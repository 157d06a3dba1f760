/**
 * Every signal, update and query of the SLA Desk workflows, and the typed search attributes: the one module both the
 * workflows (handlers) and the services (callers) import, so names and payload types cannot drift apart.
 *
 * `defineSignal` / `defineUpdate` / `defineQuery` only build `{ type, name }` descriptors: importing them outside a
 * workflow is safe and does not pull the workflow runtime in.
 */
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type {
  AcceptInput,
  AnalyseInput,
  AnswerClarificationInput,
  CalendarChangedSignal,
  CancelInput,
  ClockView,
  CloseInput,
  CloseWithoutProcessingInput,
  CompleteCallbackInput,
  DeliverSolutionInput,
  FileDelayNoticeInput,
  HistoryEntry,
  PolicyChangedSignal,
  ReassignInput,
  ReleaseRescheduledSignal,
  ReleaseScheduledSignal,
  ReleaseShippedSignal,
  SendRemarksInput,
  SimpleClockView,
  SubmitAccessListInput,
  TicketView,
} from './types';

// ------------------------------------------------------------------ ticket: updates (each returns the new view)

/** Category, priority, assignee and then a planned date (→ IN_PROGRESS) or a clarification (→ AWAITING_CLARIFICATION). */
export const analyseUpdate = defineUpdate<TicketView, [AnalyseInput]>('analyse');
/** The customer's comment: the ticket returns to analysis (REGISTERED), a new analysis round starts. */
export const answerClarificationUpdate = defineUpdate<TicketView, [AnswerClarificationInput]>('answerClarification');
/** IN_PROGRESS or REMARKS → SOLUTION_DELIVERED; the customer's acceptance clock (re)starts. */
export const deliverSolutionUpdate = defineUpdate<TicketView, [DeliverSolutionInput]>('deliverSolution');
/** SOLUTION_DELIVERED → ACCEPTED. */
export const acceptUpdate = defineUpdate<TicketView, [AcceptInput]>('accept');
/** SOLUTION_DELIVERED → REMARKS; the provider's remark-fix clock starts. */
export const sendRemarksUpdate = defineUpdate<TicketView, [SendRemarksInput]>('sendRemarks');
/** "We will miss this deadline": recorded with whether it came by the notice instant. */
export const fileDelayNoticeUpdate = defineUpdate<TicketView, [FileDelayNoticeInput]>('fileDelayNotice');
/** ACCEPTED → CLOSED. */
export const closeUpdate = defineUpdate<TicketView, [CloseInput]>('close');
/** AWAITING_CLARIFICATION → CLOSED_WITHOUT_PROCESSING, only after the clarification clock expired. */
export const closeWithoutProcessingUpdate = defineUpdate<TicketView, [CloseWithoutProcessingInput]>('closeWithoutProcessing');
/** Withdrawn by the customer → CANCELLED. */
export const cancelUpdate = defineUpdate<TicketView, [CancelInput]>('cancel');
/** A new assignee. */
export const reassignUpdate = defineUpdate<TicketView, [ReassignInput]>('reassign');

// ------------------------------------------------------------------------------------------------ ticket: queries

/** The ticket's summary: status, classification, assignee, SLA state, every clock. */
export const ticketStatusQuery = defineQuery<TicketView>('status');
/** Every clock so far with due / notice / state. */
export const ticketClocksQuery = defineQuery<ClockView[]>('clocks');
/**
 * The transitions of the current run (since the last continue-as-new). The whole history is in the read model's
 * `ticket_history`, which the tickets service reads.
 */
export const ticketHistoryQuery = defineQuery<HistoryEntry[]>('history');

// -------------------------------------------------------------------------------- signals (outside facts)

/** The ticket goes into this release (release-linked deadlines follow its date). */
export const releaseScheduledSignal = defineSignal<[ReleaseScheduledSignal]>('releaseScheduled');
/** The linked release moved: the deadline moves with it. */
export const releaseRescheduledSignal = defineSignal<[ReleaseRescheduledSignal]>('releaseRescheduled');
/** The linked release shipped (with the ticket: the solution counts as delivered). */
export const releaseShippedSignal = defineSignal<[ReleaseShippedSignal]>('releaseShipped');
/** The contract's calendar changed: running clocks are re-planned; what fired stays fired. (All three workflows.) */
export const calendarChangedSignal = defineSignal<[CalendarChangedSignal]>('calendarChanged');
/** The contract's policy changed: running clocks are re-planned; what fired stays fired. (All three workflows.) */
export const policyChangedSignal = defineSignal<[PolicyChangedSignal]>('policyChanged');

// ---------------------------------------------------------------- hotline callback & contract onboarding

/** The specialist called back. */
export const completeCallbackUpdate = defineUpdate<SimpleClockView, [CompleteCallbackInput]>('completeCallback');
export const callbackStatusQuery = defineQuery<SimpleClockView>('callbackStatus');
/** The customer handed over the access list. */
export const submitAccessListUpdate = defineUpdate<SimpleClockView, [SubmitAccessListInput]>('submitAccessList');
export const onboardingStatusQuery = defineQuery<SimpleClockView>('onboardingStatus');

// ---------------------------------------------------------------------------------------------- search attributes

export const TicketSearchAttributes = {
  TicketId: defineSearchAttributeKey('TicketId', SearchAttributeType.KEYWORD),
  CustomerId: defineSearchAttributeKey('CustomerId', SearchAttributeType.KEYWORD),
  Category: defineSearchAttributeKey('Category', SearchAttributeType.KEYWORD),
  Priority: defineSearchAttributeKey('Priority', SearchAttributeType.KEYWORD),
  /** The ticket's status (not `Status`, which shadows the built-in execution status in the Temporal UI). */
  TicketStatus: defineSearchAttributeKey('TicketStatus', SearchAttributeType.KEYWORD),
  /**
   * AWAITING_RELEASE (a running clock waits for a release) or PROVIDER_FREED; unset otherwise. Runs started before
   * `SlaDueAt` also indexed ON_TRACK, AT_RISK, BREACHED and NONE, one visibility write per warning and breach.
   */
  SlaState: defineSearchAttributeKey('SlaState', SearchAttributeType.KEYWORD),
  /**
   * The earliest due instant of the provider's running, binding clocks; unset when none runs with a due date. Set
   * when a clock is planned, so time passing writes nothing: breached and still open is `SlaDueAt < "<now>"`.
   */
  SlaDueAt: defineSearchAttributeKey('SlaDueAt', SearchAttributeType.DATETIME),
  Assignee: defineSearchAttributeKey('Assignee', SearchAttributeType.KEYWORD),
  /**
   * What the ticket is tied to, as `contract:<id>`, `component:<id>`, `release:<id>` (see ticketLink): how a terms
   * change, a release move or a newly scheduled release finds its tickets (`TicketLinks = "release:<id>"`). One
   * KeywordList rather than three Keywords: SQL visibility stores at most 10 Keyword attributes.
   */
  TicketLinks: defineSearchAttributeKey('TicketLinks', SearchAttributeType.KEYWORD_LIST),
} as const;

/** The values of TicketLinks, spelled in one place for the workflow that writes them and the queries that read them. */
export const ticketLink = {
  contract: (id: string): string => `contract:${id}`,
  component: (id: string): string => `component:${id}`,
  release: (id: string): string => `release:${id}`,
} as const;

/**
 * `Status`: what `TicketStatus` was called before. Only runs started before the rename upsert it (patch
 * `ticket-search-attributes-v2`); keep it registered until they have closed or continued as new.
 */
export const LEGACY_STATUS_SEARCH_ATTRIBUTE = defineSearchAttributeKey('Status', SearchAttributeType.KEYWORD);

/** Temporal's IndexedValueType numbers of the types used here (operator API, time-skipping test server). */
/** Per type: Temporal's IndexedValueType number and the name `temporal operator search-attribute create` takes. */
const REGISTERED_TYPES = {
  [SearchAttributeType.KEYWORD]: { type: 'KEYWORD', indexedValueType: 2, cliType: 'Keyword' },
  [SearchAttributeType.DATETIME]: { type: 'DATETIME', indexedValueType: 6, cliType: 'Datetime' },
  [SearchAttributeType.KEYWORD_LIST]: { type: 'KEYWORD_LIST', indexedValueType: 7, cliType: 'KeywordList' },
} as const;
type RegisteredType = (typeof REGISTERED_TYPES)[keyof typeof REGISTERED_TYPES];

export interface SearchAttributeRegistration {
  name: string;
  type: RegisteredType['type'];
  /** The same type as Temporal's IndexedValueType number. */
  indexedValueType: number;
  /** The type as the Temporal CLI spells it. */
  cliType: RegisteredType['cliType'];
}

/**
 * Names and types to register on a namespace (`temporal operator search-attribute create`, or the operator API;
 * deploy/local/components/temporal.sh lists the same).
 */
export const SEARCH_ATTRIBUTE_REGISTRATIONS: ReadonlyArray<SearchAttributeRegistration> = [
  ...Object.values(TicketSearchAttributes),
  LEGACY_STATUS_SEARCH_ATTRIBUTE,
].map((k) => {
  const registered: RegisteredType | undefined = (REGISTERED_TYPES as Partial<Record<string, RegisteredType>>)[k.type];
  if (!registered) throw new Error(`search attribute ${k.name}: no registration for type ${k.type}`);
  return { name: k.name, ...registered };
});

/** Memo keys. */
export const TICKET_MEMO_TITLE = 'title';

/**
 * Modules the workflow bundle loads once per worker and shares between all its workflows (the SDK's
 * `preloadModules`), instead of once per cached workflow: libs/sla is pure (no Temporal imports, no per-workflow
 * state) and its compiled-calendar cache is then shared, where each cached ticket used to compile its own. Anything
 * listed here must stay free of `@temporalio/workflow` imports and of mutable per-workflow state.
 */
export const SHARED_WORKFLOW_MODULES: readonly string[] = ['@sla-desk/sla'];
