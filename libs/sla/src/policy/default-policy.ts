/**
 * The seed's deadline table as versioned data, and contract overrides of any cell.
 */
import type { WorkingAmount } from '../calendar/types';
import {
  CATEGORIES,
  PRIORITIES,
  type Category,
  type DeadlineRule,
  type PolicyCell,
  type PolicyMatrix,
  type Priority,
  type SlaPolicy,
} from './types';

const wd = (days: number): WorkingAmount => ({ days });
const inWd = (days: number): DeadlineRule => ({ kind: 'WORKING_TIME', amount: wd(days) });
const NONE: DeadlineRule = { kind: 'NONE' };

const errorUrgent: PolicyCell = { solution: inWd(1), acceptance: inWd(1), remarkFix: inWd(1), notice: { hours: 4 } };
const support3: PolicyCell = { solution: inWd(3), acceptance: inWd(3), remarkFix: inWd(3), notice: wd(1) };
const support5: PolicyCell = { solution: inWd(5), acceptance: inWd(5), remarkFix: inWd(5), notice: wd(1) };
const improvement: PolicyCell = {
  solution: { kind: 'AGREED_PLANNED_RELEASE' },
  acceptance: inWd(5),
  remarkFix: { kind: 'NEXT_UNPLANNED_RELEASE' },
  notice: wd(1),
};
/** IMPROVEMENT + URGENT/HIGH is not an allowed combination; the cell exists only so the matrix is total. */
const notAllowed: PolicyCell = { solution: NONE, acceptance: NONE, remarkFix: NONE, notice: null };

const matrix: PolicyMatrix = {
  ERROR: {
    URGENT: errorUrgent,
    HIGH: { solution: { kind: 'NEXT_UNPLANNED_RELEASE' }, acceptance: NONE, remarkFix: NONE, notice: null },
    NORMAL: { solution: { kind: 'NEXT_PLANNED_RELEASE' }, acceptance: NONE, remarkFix: NONE, notice: null },
    LOW: { solution: { kind: 'FOLLOWING_PLANNED_RELEASE' }, acceptance: NONE, remarkFix: NONE, notice: null },
  },
  // "Высокий" trails the SUPPORT/URGENT rule and "Низкий" trails SUPPORT/NORMAL in the seed: they share the rules.
  SUPPORT: { URGENT: support3, HIGH: support3, NORMAL: support5, LOW: support5 },
  IMPROVEMENT: { URGENT: notAllowed, HIGH: notAllowed, NORMAL: improvement, LOW: improvement },
};

/**
 * The seed's SLA («Типовое соглашение об уровне предоставления услуги»), version 1: the deadline table of
 * docs/sla-rules.md#deadlines-after-analysis, as data.
 */
export const defaultSlaPolicy: SlaPolicy = deepFreeze({
  schema: 1,
  id: 'default',
  version: '1',
  analysis: wd(1),
  reanalysis: wd(1),
  clarification: wd(3),
  autoCloseOnClarificationExpiry: false,
  hotlineCallback: wd(3),
  hotlineCallbackNotice: { hours: 4 },
  accessList: wd(3),
  accessListNotice: wd(1),
  allowedPriorities: {
    ERROR: ['URGENT', 'HIGH', 'NORMAL', 'LOW'],
    SUPPORT: ['URGENT', 'HIGH', 'NORMAL', 'LOW'],
    IMPROVEMENT: ['NORMAL', 'LOW'],
  },
  warrantyPriority: 'URGENT',
  matrix,
});

/** A contract's changes to a policy: any cell, any clock, the allowed combinations, auto-close. */
export interface PolicyOverrides {
  /** Id and version of the resulting policy (e.g. `contract-42`, `3`): policies are versioned data. */
  id: string;
  version: string;
  analysis?: WorkingAmount;
  reanalysis?: WorkingAmount | null;
  clarification?: WorkingAmount;
  autoCloseOnClarificationExpiry?: boolean;
  hotlineCallback?: WorkingAmount;
  hotlineCallbackNotice?: WorkingAmount | null;
  accessList?: WorkingAmount;
  accessListNotice?: WorkingAmount | null;
  allowedPriorities?: Partial<Record<Category, Priority[]>>;
  warrantyPriority?: Priority;
  matrix?: Partial<Record<Category, Partial<Record<Priority, Partial<PolicyCell>>>>>;
}

/** Thrown for a policy that cannot be planned with (bad amounts, a customer clock tied to a release, …). */
export class PolicyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PolicyError';
    Object.setPrototypeOf(this, PolicyError.prototype);
  }
}

/** "A contract may override any cell": the base policy with the contract's changes, under the contract's id/version. */
export function withPolicyOverrides(base: SlaPolicy, overrides: PolicyOverrides): SlaPolicy {
  const { matrix: cellChanges, allowedPriorities, id, version, ...scalars } = overrides;
  const next: SlaPolicy = JSON.parse(JSON.stringify(base)) as SlaPolicy;
  Object.assign(next, JSON.parse(JSON.stringify(scalars)) as Partial<SlaPolicy>);
  next.id = id;
  next.version = version;
  next.basedOn = { id: base.id, version: base.version };
  for (const c of CATEGORIES) {
    if (allowedPriorities?.[c]) next.allowedPriorities[c] = [...allowedPriorities[c]];
    for (const p of PRIORITIES) {
      const change = cellChanges?.[c]?.[p];
      if (change) next.matrix[c][p] = { ...next.matrix[c][p], ...(JSON.parse(JSON.stringify(change)) as Partial<PolicyCell>) };
    }
  }
  validatePolicy(next);
  return next;
}

function checkAmount(a: WorkingAmount | null, where: string, nullable: boolean): void {
  if (a === null) {
    if (!nullable) throw new PolicyError(`${where}: an amount is required`);
    return;
  }
  const keys = a && typeof a === 'object' ? Object.keys(a) : [];
  const n = keys.length === 1 ? (a as Record<string, unknown>)[keys[0]] : undefined;
  if (keys.length !== 1 || !['days', 'hours', 'minutes'].includes(keys[0]) || typeof n !== 'number' || !Number.isInteger(n) || n < 0) {
    throw new PolicyError(`${where}: expected {days|hours|minutes: non-negative integer}, got ${JSON.stringify(a)}`);
  }
}

function checkRule(r: DeadlineRule, where: string, customer: boolean): void {
  const kinds = [
    'WORKING_TIME',
    'NEXT_UNPLANNED_RELEASE',
    'NEXT_PLANNED_RELEASE',
    'FOLLOWING_PLANNED_RELEASE',
    'AGREED_PLANNED_RELEASE',
    'NONE',
  ];
  if (!r || !kinds.includes(r.kind)) throw new PolicyError(`${where}: unknown deadline rule ${JSON.stringify(r)}`);
  if (r.kind === 'WORKING_TIME') checkAmount(r.amount, where, false);
  else if (customer && r.kind !== 'NONE') throw new PolicyError(`${where}: a customer deadline cannot follow a release`);
}

/** Checks a policy's shape; throws PolicyError naming the first problem. */
export function validatePolicy(p: SlaPolicy): void {
  if (p.schema !== 1) throw new PolicyError(`Unknown policy schema ${String(p.schema)}`);
  if (!p.id || !p.version) throw new PolicyError('A policy needs an id and a version');
  checkAmount(p.analysis, 'analysis', false);
  checkAmount(p.reanalysis, 'reanalysis', true);
  checkAmount(p.clarification, 'clarification', false);
  checkAmount(p.hotlineCallback, 'hotlineCallback', false);
  checkAmount(p.hotlineCallbackNotice, 'hotlineCallbackNotice', true);
  checkAmount(p.accessList, 'accessList', false);
  checkAmount(p.accessListNotice, 'accessListNotice', true);
  if (!PRIORITIES.includes(p.warrantyPriority)) throw new PolicyError(`Unknown warranty priority ${p.warrantyPriority}`);
  for (const c of CATEGORIES) {
    for (const pr of p.allowedPriorities[c] ?? []) {
      if (!PRIORITIES.includes(pr)) throw new PolicyError(`allowedPriorities.${c}: unknown priority ${pr}`);
    }
    for (const pr of PRIORITIES) {
      const cell = p.matrix[c]?.[pr];
      const where = `matrix.${c}.${pr}`;
      if (!cell) throw new PolicyError(`${where}: missing`);
      checkRule(cell.solution, `${where}.solution`, false);
      checkRule(cell.acceptance, `${where}.acceptance`, true);
      checkRule(cell.remarkFix, `${where}.remarkFix`, false);
      checkAmount(cell.notice, `${where}.notice`, true);
    }
  }
}

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object') {
    for (const v of Object.values(o)) deepFreeze(v);
    Object.freeze(o);
  }
  return o;
}
