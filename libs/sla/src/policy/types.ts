/**
 * The SLA policy as data (docs/sla-rules.md#deadlines-after-analysis), and the ticket facts the clock planner reads.
 * Everything here is plain JSON: a policy travels into workflows through activities and signals, facts are workflow
 * state carried across continue-as-new. Instants are ISO-8601 UTC strings (`2026-05-08T07:30:00.000Z`).
 */
import type { WorkingAmount } from '../calendar/types';

/** An instant as an ISO-8601 UTC string (what `Date.prototype.toISOString()` gives). */
export type Instant = string;

export const CATEGORIES = ['ERROR', 'SUPPORT', 'IMPROVEMENT'] as const;
/** Ошибка / Поддержка / Улучшение. */
export type Category = (typeof CATEGORIES)[number];

export const PRIORITIES = ['URGENT', 'HIGH', 'NORMAL', 'LOW'] as const;
/** Срочный / Высокий / Нормальный / Низкий. */
export type Priority = (typeof PRIORITIES)[number];

/** The ticket's status (the state machine of workflows/src/ticket.workflow.ts). */
export const TicketStatus = {
  /** Registered; primary analysis running (also again after a clarification answer). */
  REGISTERED: 'REGISTERED',
  /** Waiting for the customer's comment («Ожидание разъяснений»). */
  AWAITING_CLARIFICATION: 'AWAITING_CLARIFICATION',
  /** Analysis done, planned date set («В работе»); the solution clock runs. */
  IN_PROGRESS: 'IN_PROGRESS',
  /** A solution (or a fixed solution) was delivered; the customer's acceptance clock runs. */
  SOLUTION_DELIVERED: 'SOLUTION_DELIVERED',
  /** The customer sent remarks; the provider's remark-fix clock runs. */
  REMARKS: 'REMARKS',
  ACCEPTED: 'ACCEPTED',
  CLOSED: 'CLOSED',
  CLOSED_WITHOUT_PROCESSING: 'CLOSED_WITHOUT_PROCESSING',
  CANCELLED: 'CANCELLED',
} as const;
export type TicketStatus = (typeof TicketStatus)[keyof typeof TicketStatus];

export const TERMINAL_STATUSES: readonly TicketStatus[] = [
  TicketStatus.CLOSED,
  TicketStatus.CLOSED_WITHOUT_PROCESSING,
  TicketStatus.CANCELLED,
];

export type Party = 'PROVIDER' | 'CUSTOMER';

export const ReleaseKind = { PLANNED: 'PLANNED', UNPLANNED: 'UNPLANNED' } as const;
/** плановое / внеплановое обновление. */
export type ReleaseKind = (typeof ReleaseKind)[keyof typeof ReleaseKind];

/** How one deadline of the table is computed. */
export type DeadlineRule =
  /** N working days/hours after the clock starts. */
  | { kind: 'WORKING_TIME'; amount: WorkingAmount }
  /** The date of the next unplanned (hotfix) release of the component; breached if it passes without the ticket. */
  | { kind: 'NEXT_UNPLANNED_RELEASE' }
  /** The date of the next planned release of the component; breached if it passes without the ticket. */
  | { kind: 'NEXT_PLANNED_RELEASE' }
  /** "One of the following planned releases": the linked release's date (or the planned date), never a breach. */
  | { kind: 'FOLLOWING_PLANNED_RELEASE' }
  /**
   * IMPROVEMENT: "a following planned release agreed with the customer". No due instant until a release is linked
   * (agreed); once it is, the release's date binds like any other release-linked deadline.
   */
  | { kind: 'AGREED_PLANNED_RELEASE' }
  /** "—": the seed sets no clock. */
  | { kind: 'NONE' };

export type DeadlineRuleKind = DeadlineRule['kind'];

/** One row of the table: the three deadlines of a category × priority and the notice amount. */
export interface PolicyCell {
  /** Provider: deliver the solution, from the end of analysis. */
  solution: DeadlineRule;
  /** Customer: accept or send remarks, from each delivery. */
  acceptance: DeadlineRule;
  /** Provider: fix the remarks and deliver again, from each list of remarks. */
  remarkFix: DeadlineRule;
  /** The side that will miss a deadline of this row must say so at least this long before it expires; null = "—". */
  notice: WorkingAmount | null;
}

export type PolicyMatrix = Record<Category, Record<Priority, PolicyCell>>;

export interface SlaPolicy {
  /** Format version of this JSON shape. */
  schema: 1;
  /** What the policy is, e.g. `default` or `contract-42`. */
  id: string;
  /** Content version (any change gives a new version; a policy change re-plans running clocks). */
  version: string;
  /** The policy this one was derived from by contract overrides. */
  basedOn?: { id: string; version: string };
  /** Primary analysis, from registration (1 wd). */
  analysis: WorkingAmount;
  /**
   * Analysis again after the customer answered a clarification, from the answer. The seed sets no figure (the
   * planned date "is then set"); the default repeats the 1 wd of primary analysis. Null: no clock.
   */
  reanalysis: WorkingAmount | null;
  /** The customer's comment while AWAITING_CLARIFICATION (3 wd). */
  clarification: WorkingAmount;
  /** The contract may switch on closing without processing as soon as the clarification clock expires. */
  autoCloseOnClarificationExpiry: boolean;
  /** Hotline: the callback is due at most this long after the call (3 wd). */
  hotlineCallback: WorkingAmount;
  /** Reminder to the specialist before the callback is due (not in the seed: an internal reminder). */
  hotlineCallbackNotice: WorkingAmount | null;
  /** Contract: the customer's access list is due this long after signing (3 wd). */
  accessList: WorkingAmount;
  /** Reminder to the customer before the access list is due (not in the seed: a courtesy reminder). */
  accessListNotice: WorkingAmount | null;
  /** Priorities allowed per category (IMPROVEMENT: NORMAL and LOW only). */
  allowedPriorities: Record<Category, Priority[]>;
  /** Warranty cases (catalog item 5) must have this priority (URGENT). */
  warrantyPriority: Priority;
  /** The deadline table. */
  matrix: PolicyMatrix;
}

/** The clocks a ticket (and the two small workflows) can run. */
export const ClockKind = {
  ANALYSIS: 'ANALYSIS',
  CLARIFICATION: 'CLARIFICATION',
  SOLUTION: 'SOLUTION',
  ACCEPTANCE: 'ACCEPTANCE',
  REMARK_FIX: 'REMARK_FIX',
  HOTLINE_CALLBACK: 'HOTLINE_CALLBACK',
  ACCESS_LIST: 'ACCESS_LIST',
} as const;
export type ClockKind = (typeof ClockKind)[keyof typeof ClockKind];

/** The release a ticket's release-linked clock follows. */
export interface LinkedRelease {
  releaseId: string;
  kind: ReleaseKind;
  /** The release's date as an instant (the catalog turns the date into the instant it is due). */
  scheduledFor: Instant;
  /** Set when the release shipped. */
  shippedAt?: Instant;
  /** Whether it shipped with this ticket's fix (then the solution counts as delivered). */
  includesTicket?: boolean;
}

export interface DelayNoticeFact {
  /** The clock the notice is about (e.g. `SOLUTION#1`). */
  clockId: string;
  party: Party;
  filedAt: Instant;
  /** The motivation: a notice always carries one. */
  reason: string;
}

/** Everything the planner needs to know about a ticket (the workflow keeps this; it is plain JSON). */
export interface TicketFacts {
  registeredAt: Instant;
  status: TicketStatus;
  /** Warranty case (catalog item 5): must be URGENT. */
  warranty?: boolean;
  category?: Category;
  priority?: Priority;
  /** 1 for primary analysis, +1 after each clarification answer. */
  analysisRound: number;
  /** When the current analysis round started: registration, or the latest clarification answer. */
  analysisStartedAt: Instant;
  /** When analysis ended with status IN_PROGRESS (the solution clock starts here). */
  analysedAt?: Instant;
  /** The latest clarification request (round = how many were asked so far). */
  clarification?: { round: number; requestedAt: Instant; answeredAt?: Instant };
  /** The planned solution date set at analysis. */
  plannedDate?: Instant;
  /** The latest delivery of a solution (or fixed solution). */
  solutionDeliveredAt?: Instant;
  /** How many lists of remarks the customer sent so far. */
  remarkRound: number;
  /** The latest list of remarks. */
  remarksSentAt?: Instant;
  /** The release the running release-linked clock follows. */
  release?: LinkedRelease;
  delayNotices: DelayNoticeFact[];
  /** Set when the customer missed a deadline without a motivated delay notice: provider clocks stop binding. */
  providerFreedAt?: Instant;
}

/** What happens when a clock's due instant passes with the clock still running. */
export type DueOutcome = 'BREACH' | 'EXPIRY';

/** One running clock, planned. */
export interface PlannedClock {
  /** Stable id of this clock instance: `<KIND>#<round>`, e.g. `ACCEPTANCE#2` (what fired is keyed by it). */
  id: string;
  kind: ClockKind;
  party: Party;
  round: number;
  startedAt: Instant;
  rule: DeadlineRuleKind;
  /** Null while a release-linked clock has no release (or agreed date) yet. */
  dueAt: Instant | null;
  /** `dueAt` minus the notice amount (subtractWorkingTime); null when the table has no notice. */
  noticeAt: Instant | null;
  notice: WorkingAmount | null;
  /** False once the provider has been freed by the customer's unmotivated delay (provider clocks only). */
  binding: boolean;
  /** Whether a breach of this clock would be recorded at `dueAt`. */
  breachRecordable: boolean;
  /** What fires at `dueAt` (null: nothing, e.g. a planned date with no breach, or a freed provider). */
  onDue: DueOutcome | null;
  /** The delay notice filed for this clock, if any, and whether it was filed by `noticeAt`. */
  delayNotice?: { filedAt: Instant; inTime: boolean; reason: string };
  /** The release a release-linked clock follows. */
  releaseId?: string;
  /** True when `dueAt` or `noticeAt` lies in a year with no production-calendar data. */
  provisional: boolean;
}

/**
 * WARNING at the notice instant; at due the clock's outcome (BREACH / EXPIRY), or OVERDUE when nothing is recordable
 * (a planned date with no breach, a freed provider): the moment still changes the clock's state.
 */
export type ClockEventKind = 'WARNING' | DueOutcome | 'OVERDUE';

/** One event a clock can fire (exactly once, keyed by `key`). */
export interface ClockEvent {
  key: string;
  clockId: string;
  kind: ClockEventKind;
  at: Instant;
}
