// Every rejection of ./validation.ts: a code, and nothing changed.
import { ActorRole, rejectionOf, type ReleaseLink, type TicketWorkflowState } from '@sla-desk/workflow-api';
import type { TicketMachine } from './machine';
import { clarify, customer, manager, msk, plan, planForRelease, registered, specialist } from '../../test/support/machine-fixtures';
import * as v from './validation';

function rejected(m: TicketMachine, check: (s: TicketWorkflowState) => void): string | undefined {
  const before = JSON.stringify(m.s);
  let code: string | undefined;
  try {
    check(m.s);
  } catch (e) {
    code = rejectionOf(e)?.code;
  }
  expect(JSON.stringify(m.s)).toBe(before);
  return code;
}

const inProgress = (): TicketMachine => {
  const m = registered();
  m.analyse(plan(msk('2026-05-12T12:00')), msk('2026-05-06T11:00'));
  return m;
};
const t = msk('2026-05-06T11:00');

describe('ticket update validation', () => {
  it('actor: missing or unknown → INVALID_INPUT; a role not allowed → FORBIDDEN_ROLE (ADMIN does not work tickets)', () => {
    const m = registered();
    expect(rejected(m, (s) => v.validateAnalyse(s, { ...plan(msk('2026-05-12T12:00')), actor: undefined as never }, t))).toBe(
      'INVALID_INPUT',
    );
    expect(
      rejected(m, (s) => v.validateAnalyse(s, plan(msk('2026-05-12T12:00'), { actor: { id: 'x', role: 'HACKER' as never } }), t)),
    ).toBe('INVALID_INPUT');
    expect(rejected(m, (s) => v.validateAnalyse(s, plan(msk('2026-05-12T12:00'), { actor: customer }), t))).toBe('FORBIDDEN_ROLE');
    expect(rejected(m, (s) => v.validateAnalyse(s, plan(msk('2026-05-12T12:00'), { actor: { id: 'a', role: ActorRole.ADMIN } }), t))).toBe(
      'FORBIDDEN_ROLE',
    );
    expect(rejected(m, (s) => v.validateCancel(s, { actor: specialist }))).toBe('FORBIDDEN_ROLE');
    expect(rejected(m, (s) => v.validateReassign(s, { actor: specialist, assignee: 'x' }))).toBe('FORBIDDEN_ROLE');
  });

  it('status: every update outside its statuses → ILLEGAL_TRANSITION', () => {
    const m = registered();
    expect(rejected(m, (s) => v.validateDeliverSolution(s, { actor: specialist, summary: 'x' }))).toBe('ILLEGAL_TRANSITION');
    expect(rejected(m, (s) => v.validateAccept(s, { actor: customer }))).toBe('ILLEGAL_TRANSITION');
    expect(rejected(m, (s) => v.validateSendRemarks(s, { actor: customer, remarks: ['r'] }))).toBe('ILLEGAL_TRANSITION');
    expect(rejected(m, (s) => v.validateClose(s, { actor: specialist }))).toBe('ILLEGAL_TRANSITION');
    expect(rejected(m, (s) => v.validateAnswerClarification(s, { actor: customer, comment: 'c' }))).toBe('ILLEGAL_TRANSITION');
    expect(rejected(m, (s) => v.validateCloseWithoutProcessing(s, { actor: specialist }, t))).toBe('ILLEGAL_TRANSITION');
    const p = inProgress();
    expect(rejected(p, (s) => v.validateAnalyse(s, plan(msk('2026-05-12T12:00')), t))).toBe('ILLEGAL_TRANSITION');
  });

  it('a specialist other than the assignee → NOT_ASSIGNEE', () => {
    const m = inProgress();
    expect(rejected(m, (s) => v.validateDeliverSolution(s, { actor: { id: 'other', role: ActorRole.SPECIALIST }, summary: 'x' }))).toBe(
      'NOT_ASSIGNEE',
    );
  });

  it('analyse: unknown category / priority, blank assignee, bad outcome → INVALID_INPUT; classification rules', () => {
    const m = registered();
    const d = msk('2026-05-12T12:00');
    expect(rejected(m, (s) => v.validateAnalyse(s, plan(d, { category: 'BUG' as never }), t))).toBe('INVALID_INPUT');
    expect(rejected(m, (s) => v.validateAnalyse(s, plan(d, { priority: 'MEDIUM' as never }), t))).toBe('INVALID_INPUT');
    expect(rejected(m, (s) => v.validateAnalyse(s, plan(d, { assignee: ' ' }), t))).toBe('INVALID_INPUT');
    expect(rejected(m, (s) => v.validateAnalyse(s, plan(d, { outcome: { kind: 'MAYBE' } as never }), t))).toBe('INVALID_INPUT');
    expect(rejected(m, (s) => v.validateAnalyse(s, plan('tomorrow'), t))).toBe('INVALID_INPUT');
    expect(rejected(m, (s) => v.validateAnalyse(s, plan(d, { category: 'IMPROVEMENT', priority: 'URGENT' }), t))).toBe(
      'PRIORITY_NOT_ALLOWED',
    );
    expect(rejected(m, (s) => v.validateAnalyse(s, plan(msk('2026-05-06T10:30')), t))).toBe('PLANNED_DATE_IN_PAST');
    expect(rejected(m, (s) => v.validateAnalyse(s, plan(msk('2026-06-30T12:00'), { category: 'ERROR', priority: 'URGENT' }), t))).toBe(
      'PLANNED_DATE_BEYOND_DEADLINE',
    );
    expect(
      rejected(m, (s) =>
        v.validateAnalyse(
          s,
          {
            ...plan(msk('2026-06-30T12:00'), { category: 'ERROR', priority: 'URGENT' }),
            outcome: { kind: 'PLAN', plannedDate: msk('2026-06-30T12:00'), delayNoticeReason: 'vendor' },
          },
          t,
        ),
      ),
    ).toBeUndefined();
  });

  it('analyse: a warranty case must be URGENT', () => {
    const m = registered();
    m.s.facts.warranty = true;
    expect(rejected(m, (s) => v.validateAnalyse(s, plan(msk('2026-05-12T12:00')), t))).toBe('WARRANTY_PRIORITY');
  });

  it('analyse: a release of the wrong kind, or for a deadline that follows none → RELEASE_KIND_MISMATCH', () => {
    const m = registered();
    const release = (kind: ReleaseLink['kind']): ReleaseLink => ({ releaseId: 'r', kind, scheduledFor: msk('2026-05-20T12:00') });
    const withRelease = (category: 'ERROR' | 'SUPPORT', priority: 'HIGH' | 'NORMAL', r: ReleaseLink) =>
      planForRelease(r, category, priority);
    expect(rejected(m, (s) => v.validateAnalyse(s, withRelease('ERROR', 'HIGH', release('PLANNED')), t))).toBe('RELEASE_KIND_MISMATCH');
    expect(rejected(m, (s) => v.validateAnalyse(s, withRelease('ERROR', 'NORMAL', release('UNPLANNED')), t))).toBe('RELEASE_KIND_MISMATCH');
    expect(rejected(m, (s) => v.validateAnalyse(s, withRelease('SUPPORT', 'NORMAL', release('PLANNED')), t))).toBe('RELEASE_KIND_MISMATCH');
    expect(rejected(m, (s) => v.validateAnalyse(s, withRelease('ERROR', 'HIGH', release('UNPLANNED')), t))).toBeUndefined();
  });

  it('analyse: ERROR/HIGH and ERROR/NORMAL must name their release, so the deadline has a due date', () => {
    const m = registered();
    expect(rejected(m, (s) => v.validateAnalyse(s, plan(msk('2026-05-20T12:00'), { category: 'ERROR', priority: 'HIGH' }), t))).toBe(
      'INVALID_INPUT',
    );
    expect(rejected(m, (s) => v.validateAnalyse(s, plan(msk('2026-05-20T12:00'), { category: 'ERROR', priority: 'NORMAL' }), t))).toBe(
      'INVALID_INPUT',
    );
    expect(
      rejected(m, (s) => v.validateAnalyse(s, plan(msk('2026-05-20T12:00'), { category: 'ERROR', priority: 'LOW' }), t)),
    ).toBeUndefined();
  });

  it('analyse (CLARIFY): the phone attempt must be NO_ANSWER / NOT_RESOLVED and lie between registration and now', () => {
    const m = registered();
    const c = clarify(msk('2026-05-06T10:30'));
    expect(rejected(m, (s) => v.validateAnalyse(s, c, t))).toBeUndefined();
    expect(
      rejected(m, (s) =>
        v.validateAnalyse(
          s,
          { ...c, outcome: { ...c.outcome, phoneAttempt: { at: msk('2026-05-06T10:30'), outcome: 'RESOLVED' as never } } as never },
          t,
        ),
      ),
    ).toBe('INVALID_INPUT');
    expect(rejected(m, (s) => v.validateAnalyse(s, clarify(msk('2026-05-06T12:00')), t))).toBe('INVALID_INPUT');
    expect(rejected(m, (s) => v.validateAnalyse(s, { ...c, outcome: { ...c.outcome, question: '' } as never }, t))).toBe('INVALID_INPUT');
  });

  it('blank texts → INVALID_INPUT (comment, summary, remarks, reason, assignee); the same assignee again', () => {
    const m = inProgress();
    expect(rejected(m, (s) => v.validateDeliverSolution(s, { actor: specialist, summary: '' }))).toBe('INVALID_INPUT');
    expect(rejected(m, (s) => v.validateFileDelayNotice(s, { actor: specialist, reason: ' ' }, t))).toBe('INVALID_INPUT');
    expect(rejected(m, (s) => v.validateReassign(s, { actor: manager, assignee: 's' }))).toBe('INVALID_INPUT');
    m.deliverSolution({ actor: specialist, summary: 'done' }, msk('2026-05-07T10:00'));
    expect(rejected(m, (s) => v.validateSendRemarks(s, { actor: customer, remarks: [] }))).toBe('INVALID_INPUT');
    expect(rejected(m, (s) => v.validateSendRemarks(s, { actor: customer, remarks: ['ok', ''] }))).toBe('INVALID_INPUT');
    const c = registered();
    c.analyse(clarify(msk('2026-05-06T10:30')), t);
    expect(rejected(c, (s) => v.validateAnswerClarification(s, { actor: customer, comment: '' }))).toBe('INVALID_INPUT');
  });

  it("delay notice: no running clock of the side, another side's clock, an expired clock → NO_SUCH_CLOCK", () => {
    const m = inProgress();
    expect(rejected(m, (s) => v.validateFileDelayNotice(s, { actor: customer, reason: 'r' }, t))).toBe('NO_SUCH_CLOCK');
    expect(rejected(m, (s) => v.validateFileDelayNotice(s, { actor: specialist, clockId: 'ANALYSIS#1', reason: 'r' }, t))).toBe(
      'NO_SUCH_CLOCK',
    );
    m.deliverSolution({ actor: specialist, summary: 'done' }, msk('2026-05-07T10:00'));
    expect(rejected(m, (s) => v.validateFileDelayNotice(s, { actor: specialist, clockId: 'ACCEPTANCE#1', reason: 'r' }, t))).toBe(
      'NO_SUCH_CLOCK',
    );
    expect(rejected(m, (s) => v.validateFileDelayNotice(s, { actor: customer, reason: 'r' }, msk('2026-06-30T10:00')))).toBe(
      'NO_SUCH_CLOCK',
    );
  });

  it('delay notice: a new planned date only on the solution clock, never in the past', () => {
    const m = inProgress();
    expect(
      rejected(m, (s) => v.validateFileDelayNotice(s, { actor: specialist, reason: 'r', newPlannedDate: msk('2026-05-06T10:00') }, t)),
    ).toBe('PLANNED_DATE_IN_PAST');
    m.deliverSolution({ actor: specialist, summary: 'done' }, msk('2026-05-07T10:00'));
    expect(
      rejected(m, (s) =>
        v.validateFileDelayNotice(s, { actor: customer, reason: 'r', newPlannedDate: msk('2026-05-20T10:00') }, msk('2026-05-07T11:00')),
      ),
    ).toBe('INVALID_INPUT');
  });

  it('closeWithoutProcessing before the clarification clock expired → CLARIFICATION_NOT_EXPIRED', () => {
    const m = registered();
    m.analyse(clarify(msk('2026-05-06T10:30')), t);
    expect(rejected(m, (s) => v.validateCloseWithoutProcessing(s, { actor: specialist }, msk('2026-05-07T10:00')))).toBe(
      'CLARIFICATION_NOT_EXPIRED',
    );
  });

  it('cancel after acceptance → ILLEGAL_TRANSITION', () => {
    const m = inProgress();
    m.deliverSolution({ actor: specialist, summary: 'done' }, msk('2026-05-07T10:00'));
    m.accept({ actor: customer }, msk('2026-05-07T11:00'));
    expect(rejected(m, (s) => v.validateCancel(s, { actor: customer }))).toBe('ILLEGAL_TRANSITION');
  });
});
