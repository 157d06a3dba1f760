// Fixtures of the machine's pure unit specs (src/ticket/*.spec.ts): a ticket registered Wed 2026-05-06 10:00 MSK.
import { defaultSlaPolicy, russianProductionCalendar } from '@sla-desk/sla';
import { ActorRole, type AnalyseInput, type ReleaseLink, type TicketWorkflowInput } from '@sla-desk/workflow-api';
import { TicketMachine } from '../../src/ticket/machine';

export const msk = (local: string): string => new Date(`${local}+03:00`).toISOString();
export const terms = { contractId: 'k', policy: defaultSlaPolicy, calendar: russianProductionCalendar() };
export const specialist = { id: 's', role: ActorRole.SPECIALIST };
export const customer = { id: 'c1', role: ActorRole.CUSTOMER_EMPLOYEE };
export const manager = { id: 'm', role: ActorRole.SUPPORT_MANAGER };
export const input: TicketWorkflowInput = {
  ticketId: 't1',
  customerId: 'c',
  contractId: 'k',
  title: 'T',
  channel: 'PORTAL',
  registeredAt: msk('2026-05-06T10:00:42'),
  registeredBy: customer,
};
export const plan = (plannedDate: string, o: Partial<AnalyseInput> = {}): AnalyseInput => ({
  actor: specialist,
  category: 'SUPPORT',
  priority: 'NORMAL',
  assignee: 's',
  outcome: { kind: 'PLAN', plannedDate },
  ...o,
});
/** An analysis that plans the solution for `release`, its scheduled date the planned date. */
export const planForRelease = (
  release: ReleaseLink,
  category: AnalyseInput['category'],
  priority: AnalyseInput['priority'],
): AnalyseInput =>
  plan(release.scheduledFor, { category, priority, outcome: { kind: 'PLAN', plannedDate: release.scheduledFor, release } });
export const clarify = (at: string): AnalyseInput => ({
  ...plan(at),
  outcome: { kind: 'CLARIFY', question: 'Which report?', phoneAttempt: { at, outcome: 'NO_ANSWER' } },
});
export const registered = (): TicketMachine => TicketMachine.register(input, terms, msk('2026-05-06T10:01'));
