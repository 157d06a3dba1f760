/**
 * Input/output types of the ticket, hotline-callback and contract-onboarding workflows: plain JSON (instants are
 * ISO-8601 UTC strings), shared by the workflows and the services that start and talk to them.
 */
import type {
  BusinessCalendar,
  Category,
  Instant,
  LinkedRelease,
  Party,
  PlannedClock,
  Priority,
  ReleaseKind,
  SlaPolicy,
  TicketFacts,
  TicketStatus,
} from '@sla-desk/sla';
import { Role } from '@sla-desk/roles';

export {
  CATEGORIES,
  PRIORITIES,
  ClockKind,
  ReleaseKind,
  TicketStatus,
  TERMINAL_STATUSES,
  type Category,
  type Instant,
  type Party,
  type Priority,
} from '@sla-desk/sla';

// ---------------------------------------------------------------------------------------------------------- actors

/** The user roles of @sla-desk/roles, plus SYSTEM. */
export const ActorRole = {
  ...Role,
  /** The workflow itself (automatic transitions) or another service acting on its own. */
  SYSTEM: 'SYSTEM',
} as const;
export type ActorRole = (typeof ActorRole)[keyof typeof ActorRole];

/** Who does something: the caller as the gateway verified it. */
export interface Actor {
  id: string;
  role: ActorRole;
}

export const Channel = { PORTAL: 'PORTAL', EMAIL: 'EMAIL', HOTLINE: 'HOTLINE' } as const;
export type Channel = (typeof Channel)[keyof typeof Channel];

// ------------------------------------------------------------------------------------------------ ticket workflow

/** Started by tickets-service when the ticket is registered (workflow id `ticket-<ticketId>`). */
export interface TicketWorkflowInput {
  ticketId: string;
  customerId: string;
  contractId: string;
  /** The catalog component the ticket is about (indexed as ComponentId; absent in runs started before it was). */
  componentId?: string;
  title: string;
  channel: Channel;
  /** When the ticket was registered (the analysis clock starts here, not when the workflow starts). */
  registeredAt: Instant;
  registeredBy: Actor;
  /** A warranty case (catalog item 5): must be classified URGENT. */
  warranty?: boolean;
  /**
   * Continue-as-new once the run's history has this many events (besides whenever the server suggests it). For
   * tests and operations; default: only when suggested.
   */
  historyLimit?: number;
  /** Set only by continue-as-new: the whole state of the previous run. */
  continued?: TicketWorkflowState;
}

/** A release the ticket is linked to (sent by the catalog through tickets-service, or given at analysis). */
export interface ReleaseLink {
  releaseId: string;
  kind: ReleaseKind;
  /** The release's date as an instant. */
  scheduledFor: Instant;
}

export type AnalysisOutcome =
  /** Analysis complete: planned solution date, status IN_PROGRESS. */
  | {
      kind: 'PLAN';
      plannedDate: Instant;
      /** The release the solution goes into (release-linked deadlines follow it). */
      release?: ReleaseLink;
      /** Files a delay notice on the solution clock at once: allows a planned date beyond the deadline. */
      delayNoticeReason?: string;
    }
  /** A question to the customer after trying the phone: status AWAITING_CLARIFICATION. */
  | {
      kind: 'CLARIFY';
      question: string;
      phoneAttempt: { at: Instant; outcome: 'NO_ANSWER' | 'NOT_RESOLVED'; note?: string };
    };

export interface AnalyseInput {
  actor: Actor;
  category: Category;
  priority: Priority;
  /** The responsible provider specialist. */
  assignee: string;
  outcome: AnalysisOutcome;
}

export interface AnswerClarificationInput {
  actor: Actor;
  comment: string;
}

export interface DeliverSolutionInput {
  actor: Actor;
  summary: string;
}

export interface AcceptInput {
  actor: Actor;
  comment?: string;
}

export interface SendRemarksInput {
  actor: Actor;
  remarks: string[];
}

export interface FileDelayNoticeInput {
  actor: Actor;
  /** The clock (e.g. `SOLUTION#1`); default: the running clock of the actor's side. */
  clockId?: string;
  /** The motivation; required. */
  reason: string;
  /** Provider, solution clock: the new planned date (may lie beyond the deadline once the notice is filed). */
  newPlannedDate?: Instant;
}

export interface CloseInput {
  actor: Actor;
  comment?: string;
}

export interface CloseWithoutProcessingInput {
  actor: Actor;
  reason?: string;
}

export interface CancelInput {
  actor: Actor;
  reason?: string;
}

export interface ReassignInput {
  actor: Actor;
  assignee: string;
}

// ---------------------------------------------------------------------------------------------------------- signals

export interface ReleaseScheduledSignal {
  releaseId: string;
  kind: ReleaseKind;
  scheduledFor: Instant;
}

export interface ReleaseRescheduledSignal {
  releaseId: string;
  scheduledFor: Instant;
}

export interface ReleaseShippedSignal {
  releaseId: string;
  shippedAt: Instant;
  /** Whether the release contains this ticket's fix (then the solution counts as delivered). */
  includesTicket: boolean;
}

export interface CalendarChangedSignal {
  calendar: BusinessCalendar;
}

export interface PolicyChangedSignal {
  policy: SlaPolicy;
}

// ------------------------------------------------------------------------------------------------------ read side

export const ClockState = {
  /** Running, due instant known, nothing fired yet. */
  RUNNING: 'RUNNING',
  /** Running, a release-linked deadline with no release (or agreed date) yet. */
  AWAITING_RELEASE: 'AWAITING_RELEASE',
  /** Running, the notice instant passed (warning fired). */
  WARNED: 'WARNED',
  /** Running past its due instant; the breach was recorded. */
  BREACHED: 'BREACHED',
  /** Clarification: the customer's 3 wd passed; closing without processing is allowed. */
  EXPIRED: 'EXPIRED',
  /** Running past due with nothing to record (planned date with no breach, or the provider was freed). */
  OVERDUE: 'OVERDUE',
  /** Stopped in time. */
  MET: 'MET',
  /** Stopped after its due instant. */
  MET_LATE: 'MET_LATE',
  /** Stopped because the ticket was cancelled or closed. */
  STOPPED: 'STOPPED',
} as const;
export type ClockState = (typeof ClockState)[keyof typeof ClockState];

/** A clock as the query and the events show it. */
export interface ClockView extends PlannedClock {
  state: ClockState;
  warnedAt?: Instant;
  breachedAt?: Instant;
  expiredAt?: Instant;
  stoppedAt?: Instant;
}

export const SlaState = {
  /** Clocks running, nothing warned or breached. */
  ON_TRACK: 'ON_TRACK',
  /** A running clock passed its notice instant. */
  AT_RISK: 'AT_RISK',
  /** A breach was recorded on the ticket. */
  BREACHED: 'BREACHED',
  /** The customer missed a deadline without a motivated notice: provider clocks no longer bind. */
  PROVIDER_FREED: 'PROVIDER_FREED',
  /** A running clock follows a release that is not known yet: no due date until it is linked. */
  AWAITING_RELEASE: 'AWAITING_RELEASE',
  /** No clock running and nothing breached. */
  NONE: 'NONE',
} as const;
export type SlaState = (typeof SlaState)[keyof typeof SlaState];

export interface TicketView {
  ticketId: string;
  customerId: string;
  contractId: string;
  title: string;
  channel: Channel;
  warranty: boolean;
  status: TicketStatus;
  category?: Category;
  priority?: Priority;
  assignee?: string;
  plannedDate?: Instant;
  registeredAt: Instant;
  slaState: SlaState;
  /** Set once the customer's unmotivated delay freed the provider. */
  providerFreedAt?: Instant;
  /** True once the clarification clock expired (the provider may close without processing). */
  closeWithoutProcessingAllowed: boolean;
  release?: LinkedRelease;
  policy: { id: string; version: string };
  calendar: { id: string; version: string };
  /** Every clock of the ticket so far (running first), with due / notice / state. */
  clocks: ClockView[];
  /** Sequence number of the latest event (the read model keeps the highest it saw). */
  seq: number;
  updatedAt: Instant;
}

export type TicketAction =
  | 'REGISTER'
  | 'ANALYSE'
  | 'REQUEST_CLARIFICATION'
  | 'ANSWER_CLARIFICATION'
  | 'DELIVER_SOLUTION'
  | 'ACCEPT'
  | 'SEND_REMARKS'
  | 'FILE_DELAY_NOTICE'
  | 'CLOSE'
  | 'CLOSE_WITHOUT_PROCESSING'
  | 'CANCEL'
  | 'REASSIGN'
  | 'RELEASE_SHIPPED'
  /** Recorded by the workflow: the customer's unmotivated delay freed the provider. */
  | 'PROVIDER_FREED';

/** One transition (or other recorded action) in the ticket's history. */
export interface HistoryEntry {
  at: Instant;
  action: TicketAction;
  from: TicketStatus;
  to: TicketStatus;
  actor: Actor;
  details?: Record<string, unknown>;
}

/** The workflow's whole state, carried across continue-as-new. */
export interface TicketWorkflowState {
  input: Omit<TicketWorkflowInput, 'continued'>;
  policy: SlaPolicy;
  calendar: BusinessCalendar;
  facts: TicketFacts;
  assignee?: string;
  /** Keys of clock events already fired (`<clockId>:<WARNING|BREACH|EXPIRY>`): what fired stays fired. */
  fired: string[];
  /** Every clock so far, by id (running ones are re-planned; stopped ones keep their final view). */
  clocks: ClockView[];
  /**
   * The history of this run: entries from position `historyOffset` on. Earlier ones are in the read model
   * (`ticket_history`, written with each flush) and are not carried across continue-as-new.
   */
  history: HistoryEntry[];
  /** How many history entries earlier runs recorded (absent: none, or a run that carried them all). */
  historyOffset?: number;
  /** Sequence number of the last event created. */
  seq: number;
  /** Events created but not yet published (published in order by the main loop). */
  outbox: TicketEvent[];
  closeWithoutProcessingAllowed: boolean;
}

// ---------------------------------------------------------------------------------------------------------- events

export interface TicketEventPayloads {
  TICKET_REGISTERED: { title: string; channel: Channel; registeredAt: Instant; registeredBy: Actor; warranty: boolean };
  STATUS_CHANGED: { action: TicketAction; from: TicketStatus; to: TicketStatus; actor: Actor; details?: Record<string, unknown> };
  TICKET_REASSIGNED: { from?: string; to: string; actor: Actor };
  DELAY_NOTICE_FILED: { clockId: string; party: Party; inTime: boolean; reason: string; actor: Actor };
  CLOCK_STARTED: { clock: ClockView };
  CLOCK_WARNING: { clock: ClockView };
  CLOCK_BREACHED: { clock: ClockView };
  CLOCK_EXPIRED: { clock: ClockView };
  /** Due passed with nothing to record (a planned date with no breach, or the provider was freed). */
  CLOCK_OVERDUE: { clock: ClockView };
  CLOCK_STOPPED: { clock: ClockView };
  PROVIDER_FREED: { clockId: string };
  CLOCKS_REPLANNED: {
    reason:
      'CALENDAR_CHANGED' | 'POLICY_CHANGED' | 'RELEASE_SCHEDULED' | 'RELEASE_RESCHEDULED' | 'RELEASE_SHIPPED' | 'PLANNED_DATE_CHANGED';
    clocks: ClockView[];
    details?: Record<string, unknown>;
  };
}
export type TicketEventType = keyof TicketEventPayloads;

interface EventEnvelope<T extends string, P> {
  /** `<ticketId>:<seq>`: the idempotency key of publishing. */
  eventId: string;
  ticketId: string;
  customerId: string;
  /** 1, 2, 3 … per ticket, across continue-as-new. */
  seq: number;
  /** When it happened (workflow time; a clock event's is its notice/due instant). */
  at: Instant;
  type: T;
  /** The ticket's status after the event. */
  status: TicketStatus;
  payload: P;
}

export type TicketEvent = { [K in TicketEventType]: EventEnvelope<K, TicketEventPayloads[K]> }[TicketEventType];

// -------------------------------------------------------------------------------- hotline callback & onboarding

export interface HotlineCallbackInput {
  callId: string;
  customerId: string;
  contractId: string;
  calledAt: Instant;
  /** The specialist who took the call and owes the callback. */
  specialistId: string;
  caller: { name: string; phone?: string; email?: string };
  question: string;
  /**
   * The callback date given to the caller: after the call and at most 3 wd after it (default: exactly that). Any other
   * date fails the workflow with INVALID_INPUT / CALLBACK_TOO_LATE (docs/sla-rules.md#hotline-callback).
   */
  callbackBy?: Instant;
  continued?: SimpleClockWorkflowState;
}

export interface CompleteCallbackInput {
  actor: Actor;
  outcome: string;
}

export interface ContractOnboardingInput {
  contractId: string;
  customerId: string;
  signedAt: Instant;
  continued?: SimpleClockWorkflowState;
}

export interface SubmitAccessListInput {
  actor: Actor;
  /** Logins (e-mails) of the customer's employees who get portal access. */
  employees: string[];
}

/** State of the two single-clock workflows (hotline callback, contract onboarding). */
export interface SimpleClockWorkflowState {
  policy: SlaPolicy;
  calendar: BusinessCalendar;
  /** The agreed due instant, if earlier than the maximum. */
  dueAt?: Instant;
  doneAt?: Instant;
  doneBy?: Actor;
  fired: string[];
  /** The clock's view (one clock per workflow; replaced when re-planned, kept when stopped). */
  clocks: ClockView[];
  seq: number;
  outbox: SlaEvent[];
}

export interface SimpleClockView {
  subject: SlaSubject;
  clock: ClockView;
  done: boolean;
  doneAt?: Instant;
  doneBy?: Actor;
}

export interface SlaSubject {
  type: 'HOTLINE_CALL' | 'CONTRACT';
  id: string;
  customerId: string;
}

export type SlaEventType = 'CLOCK_STARTED' | 'CLOCK_WARNING' | 'CLOCK_BREACHED' | 'CLOCK_OVERDUE' | 'CLOCK_STOPPED' | 'CLOCKS_REPLANNED';

/** Events of the hotline-callback and contract-onboarding workflows. */
export interface SlaEvent {
  /** `<subject type>:<subject id>:<seq>`: the idempotency key of publishing. */
  eventId: string;
  subject: SlaSubject;
  seq: number;
  at: Instant;
  type: SlaEventType;
  clock: ClockView;
  actor?: Actor;
}

// ------------------------------------------------------------------------------------------------------ activities

export interface ContractTermsRequest {
  contractId: string;
  customerId: string;
}

/** The contract's SLA policy and business calendar (versioned data). */
export interface ContractTerms {
  contractId: string;
  policy: SlaPolicy;
  calendar: BusinessCalendar;
}

/**
 * Activities the workflows call (implemented in services/worker with injected ports). Workflows import this
 * interface as a type only.
 */
/** The next release of a kind a component has after an instant (the catalog's `nextRelease`). */
export interface NextReleaseRequest {
  componentId: string;
  kind: ReleaseKind;
  after: Instant;
}

/** History entries from a position of the ticket's whole history on (idempotent by position). */
export interface HistorySlice {
  from: number;
  entries: HistoryEntry[];
}

/** What one wake-up of a ticket workflow hands over: its outbox's events, its new history entries, its snapshot. */
export interface TicketFlush {
  events: TicketEvent[];
  /** Absent in flushes recorded before history moved to the read model. */
  history?: HistorySlice;
  view: TicketView;
}

export interface SlaDeskActivities {
  /** The contract's policy + calendar (recorded in history, so replay is deterministic). */
  loadContractTerms(req: ContractTermsRequest): Promise<ContractTerms>;
  /** The component's next release of the kind after the instant; null when none is scheduled (or no catalog). */
  findNextRelease(req: NextReleaseRequest): Promise<ReleaseLink | null>;
  /** Writes the ticket's read model (idempotent: a snapshot with a lower `seq` than stored is ignored). */
  recordTicketState(view: TicketView): Promise<void>;
  /** Publishes one ticket event (idempotent by `eventId` = ticket id + sequence). */
  publishTicketEvent(event: TicketEvent): Promise<void>;
  /**
   * A wake-up's whole outbox in one go: publishes the events in order (one Kafka request), then writes the read
   * model's snapshot. Idempotent like the two it replaces. Answers the instant it finished (the worker's clock):
   * the workflow's next timer counts from there, not from the start of its task (histories recorded before this
   * answer carry none).
   */
  flushTicket(req: TicketFlush): Promise<Instant | undefined>;
  /** Publishes one hotline-callback / onboarding event (idempotent by `eventId`). */
  publishSlaEvent(event: SlaEvent): Promise<void>;
}

export type { LinkedRelease, PlannedClock, TicketFacts };
