// Helpers of the tickets subgraph's tests: ticket snapshots written into the read model (the columns the worker's
// recordTicketState activity fills), and the callers of two customers.
import type { Caller } from '@sla-desk/auth';
import type { ClockView, TicketView } from '@sla-desk/workflow-api';
import type { PrismaService } from '../src/prisma.service';

export const CUSTOMER_A = '00000000-0000-4000-8000-0000000000a0';
export const CUSTOMER_B = '00000000-0000-4000-8000-0000000000b0';

export function customerOf(organizationId: string, userId = '00000000-0000-4000-8000-00000000e001'): Caller {
  return { userId, organizationId, organizationKind: 'CUSTOMER', roles: ['CUSTOMER_EMPLOYEE'], sessionId: 's' };
}

export function specialist(): Caller {
  return {
    userId: '00000000-0000-4000-8000-00000000005a',
    organizationId: '00000000-0000-4000-8000-000000000001',
    organizationKind: 'PROVIDER',
    roles: ['SPECIALIST'],
    sessionId: 's',
  };
}

export const ANALYSIS_CLOCK: ClockView = {
  id: 'ANALYSIS#1',
  kind: 'ANALYSIS',
  party: 'PROVIDER',
  round: 1,
  startedAt: '2026-12-01T07:00:00.000Z',
  rule: 'WORKING_TIME',
  dueAt: '2026-12-01T15:00:00.000Z',
  noticeAt: null,
  notice: null,
  binding: true,
  breachRecordable: true,
  onDue: 'BREACH',
  provisional: false,
  state: 'RUNNING',
};

/** A snapshot as the workflow records it, numbered `n` (later n: registered later). */
export function snapshot(n: number, over: Partial<TicketView> = {}): TicketView {
  const at = new Date(Date.UTC(2026, 11, 1, 7, 0, n)).toISOString();
  return {
    ticketId: `00000000-0000-4000-9000-${String(n).padStart(12, '0')}`,
    customerId: CUSTOMER_A,
    contractId: 'default',
    title: `Ticket number ${n}`,
    channel: 'PORTAL',
    warranty: false,
    status: 'REGISTERED',
    registeredAt: at,
    slaState: 'ON_TRACK',
    closeWithoutProcessingAllowed: false,
    policy: { id: 'default', version: '1' },
    calendar: { id: 'RU', version: '1' },
    clocks: [ANALYSIS_CLOCK],
    seq: 2,
    updatedAt: at,
    ...over,
  };
}

/** Upserts snapshots as the worker does (one row per ticket), written at `recordedAt`. */
export async function recordSnapshots(prisma: PrismaService, views: TicketView[], recordedAt = new Date()): Promise<void> {
  for (const v of views) {
    const row = {
      customerId: v.customerId,
      contractId: v.contractId,
      title: v.title,
      channel: v.channel,
      warranty: v.warranty,
      status: v.status,
      category: v.category ?? null,
      priority: v.priority ?? null,
      assignee: v.assignee ?? null,
      slaState: v.slaState,
      plannedDate: v.plannedDate ?? null,
      registeredAt: v.registeredAt,
      seq: v.seq,
      view: v as unknown as object,
      updatedAt: v.updatedAt,
      recordedAt,
    };
    await prisma.ticketView.upsert({ where: { ticketId: v.ticketId }, create: { ticketId: v.ticketId, ...row }, update: row });
  }
}
