// Every update is fully checked before it is accepted: whatever its transition would fail on (here: clocks that would
// end in a year outside the calendar's range) is refused in the validator, and nothing changes.
import { defaultSlaPolicy, russianProductionCalendar } from '@sla-desk/sla';
import { rejectionOf, type TicketWorkflowState } from '@sla-desk/workflow-api';
import { clarify, customer, input, msk, plan, specialist } from '../../test/support/machine-fixtures';
import { TicketMachine } from './machine';
import { TICKET_UPDATES, checkUpdate } from './updates';

// The RU data ends with 2026 and this contract allows no provisional year: any clock into 2027 cannot be planned.
const narrow = { contractId: 'k', policy: defaultSlaPolicy, calendar: russianProductionCalendar({ maxYearsBeyondData: 0 }) };
const row = (name: string) => TICKET_UPDATES.find((u) => u.def.name === name)!;

function refused(m: TicketMachine, name: string, i: unknown, now: string): string | undefined {
  const before = JSON.stringify(m.s);
  let error: unknown;
  try {
    checkUpdate(row(name), m.s, i, now);
  } catch (e) {
    error = e;
  }
  expect(JSON.stringify(m.s)).toBe(before);
  const r = rejectionOf(error);
  if (r) expect(r.message).toMatch(/2027/);
  return r?.code;
}

const lateInYear = (): TicketMachine =>
  TicketMachine.register({ ...input, registeredAt: msk('2026-12-29T10:00') }, narrow, msk('2026-12-29T10:00'));
const urgentInProgress = (): TicketMachine => {
  const m = lateInYear();
  m.analyse(plan(msk('2026-12-30T09:00'), { category: 'ERROR', priority: 'URGENT' }), msk('2026-12-29T11:00'));
  return m;
};

describe('updates are refused, not crashed, when their clocks cannot be planned', () => {
  it('analyse with a question: the 3 wd clarification clock would end in 2027', () => {
    expect(refused(lateInYear(), 'analyse', clarify(msk('2026-12-29T10:30')), msk('2026-12-29T11:00'))).toBe('INVALID_INPUT');
  });

  it("deliverSolution: the customer's 1 wd acceptance clock would end in 2027", () => {
    expect(refused(urgentInProgress(), 'deliverSolution', { actor: specialist, summary: 'fixed' }, msk('2026-12-30T12:00'))).toBe(
      'INVALID_INPUT',
    );
  });

  it('sendRemarks: the 1 wd remark-fix clock would end in 2027', () => {
    const m = urgentInProgress();
    m.s.calendar = russianProductionCalendar(); // delivered while the contract still allowed 2027
    m.deliverSolution({ actor: specialist, summary: 'fixed' }, msk('2026-12-29T12:00'));
    m.s.calendar = narrow.calendar;
    expect(refused(m, 'sendRemarks', { actor: customer, remarks: ['not yet'] }, msk('2026-12-30T12:00'))).toBe('INVALID_INPUT');
  });

  it('answerClarification: the next analysis round would end in 2027', () => {
    const m = lateInYear();
    m.s.calendar = russianProductionCalendar();
    m.analyse(clarify(msk('2026-12-29T10:30')), msk('2026-12-29T11:00'));
    m.s.calendar = narrow.calendar;
    expect(refused(m, 'answerClarification', { actor: customer, comment: 'the VAT report' }, msk('2026-12-30T12:00'))).toBe(
      'INVALID_INPUT',
    );
  });

  it('an update that fits is accepted and its dry run leaves the state untouched', () => {
    const m = lateInYear();
    const s: TicketWorkflowState = m.s;
    expect(
      refused(m, 'analyse', plan(msk('2026-12-30T09:00'), { category: 'ERROR', priority: 'URGENT' }), msk('2026-12-29T11:00')),
    ).toBeUndefined();
    expect(s.facts.status).toBe('REGISTERED');
  });
});
