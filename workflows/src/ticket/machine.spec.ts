import { defaultSlaPolicy, russianProductionCalendar } from '@sla-desk/sla';
import { ActorRole, rejectionOf, type TicketWorkflowInput } from '@sla-desk/workflow-api';
import { TicketMachine } from './machine';

const msk = (local: string): string => new Date(`${local}+03:00`).toISOString();
const terms = { contractId: 'k', policy: defaultSlaPolicy, calendar: russianProductionCalendar() };
const specialist = { id: 's', role: ActorRole.SPECIALIST };
const input: TicketWorkflowInput = {
  ticketId: 't1',
  customerId: 'c',
  contractId: 'k',
  title: 'T',
  channel: 'PORTAL',
  registeredAt: msk('2026-05-06T10:00:42'),
  registeredBy: { id: 'c1', role: ActorRole.CUSTOMER_EMPLOYEE },
};

describe('TicketMachine (pure)', () => {
  it('floors clock starts to the minute', () => {
    const m = TicketMachine.register(input, terms, msk('2026-05-06T10:00:43'));
    expect(m.clocks(msk('2026-05-06T10:01'))[0]).toMatchObject({ id: 'ANALYSIS#1', startedAt: msk('2026-05-06T10:00'), dueAt: msk('2026-05-07T10:00') });
  });

  it('an action whose task runs after the due instant still records the breach first (then the clock is met late)', () => {
    const m = TicketMachine.register(input, terms, msk('2026-05-06T10:01'));
    m.analyse({ actor: specialist, category: 'ERROR', priority: 'URGENT', assignee: 's', outcome: { kind: 'PLAN', plannedDate: msk('2026-05-07T09:00') } }, msk('2026-05-06T11:00'));
    // No tick between: the workflow's timer task and the delivery arrive together at 11:01 the next day.
    const now = msk('2026-05-07T11:01');
    m.tick(now);
    m.deliverSolution({ actor: specialist, summary: 'x' }, now);
    const solution = m.clocks(now).find((c) => c.id === 'SOLUTION#1');
    expect(solution).toMatchObject({ state: 'MET_LATE', warnedAt: msk('2026-05-06T16:00'), breachedAt: msk('2026-05-07T11:00') });
    expect(m.s.outbox.filter((e) => e.type === 'CLOCK_BREACHED')).toHaveLength(1);
    // Ticking again fires nothing new: what fired stays fired, exactly once.
    m.tick(msk('2026-05-07T12:00'));
    expect(m.s.fired).toEqual(['SOLUTION#1:WARNING', 'SOLUTION#1:BREACH']);
  });

  it('validators reject without changing anything', () => {
    const m = TicketMachine.register(input, terms, msk('2026-05-06T10:01'));
    const before = JSON.stringify(m.s);
    let error: unknown;
    try {
      m.validateAnalyse({ actor: specialist, category: 'IMPROVEMENT', priority: 'URGENT', assignee: 's', outcome: { kind: 'PLAN', plannedDate: msk('2026-05-20T12:00') } }, msk('2026-05-06T11:00'));
    } catch (e) {
      error = e;
    }
    expect(rejectionOf(error)?.code).toBe('PRIORITY_NOT_ALLOWED');
    expect(JSON.stringify(m.s)).toBe(before);
  });
});
