// The SLA compliance report of a contract over a period, from the read model: the tickets registered in
// [from, to), and per category x priority how their provider clocks (analysis, solution, remark fixes) ended (met in
// time, warned: the notice instant passed, breached) and how long, in the contract's working time (libs/sla), the
// tickets took to analysis and to solution. CSV through csv-stringify.
import { Injectable } from '@nestjs/common';
import { badUserInput } from '@sla-desk/auth';
import { workingTimeBetween, type CalendarLike } from '@sla-desk/sla';
import { ClockState, type ClockView, type TicketView } from '@sla-desk/workflow-api';
import { stringify } from 'csv-stringify/sync';
import { ContractTerms } from '../contracts/contract-terms';
import { PrismaService } from '../prisma.service';

export const MAX_REPORT_DAYS = 366;

/** Clocks the provider owes: the report's subject. */
const PROVIDER_CLOCKS = new Set(['ANALYSIS', 'SOLUTION', 'REMARK_FIX']);
/** Stopped by doing the work (in time or late), not by a cancellation. */
const DONE = new Set<string>([ClockState.MET, ClockState.MET_LATE]);

export interface ReportQuery {
  contractId: string;
  from: Date;
  to: Date;
  /** Customers: only their own organization's tickets. */
  customerId?: string;
}

export interface Durations {
  count: number;
  meanMinutes?: number;
  p90Minutes?: number;
}

export interface ReportRow {
  /** Null: tickets not classified yet. */
  category: string | null;
  priority: string | null;
  tickets: number;
  clocks: number;
  met: number;
  warned: number;
  breached: number;
  toAnalysis: Durations;
  toSolution: Durations;
}

export interface SlaReport {
  contractId: string;
  from: Date;
  to: Date;
  tickets: number;
  rows: ReportRow[];
  total: ReportRow;
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: readonly number[], p: number): number | undefined {
  if (sorted.length === 0) return undefined;
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
}

function durations(values: number[]): Durations {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return { count: 0 };
  const mean = sorted.reduce((s, v) => s + v, 0) / sorted.length;
  return { count: sorted.length, meanMinutes: Math.round(mean * 10) / 10, p90Minutes: percentile(sorted, 90)! };
}

/** A row while it is being counted: the working minutes themselves, summarised at the end. */
interface Acc extends Omit<ReportRow, 'toAnalysis' | 'toSolution'> {
  toAnalysis: number[];
  toSolution: number[];
}

const emptyAcc = (category: string | null, priority: string | null): Acc => ({
  category,
  priority,
  tickets: 0,
  clocks: 0,
  met: 0,
  warned: 0,
  breached: 0,
  toAnalysis: [],
  toSolution: [],
});

function add(acc: Acc, v: TicketView, cal: CalendarLike): void {
  acc.tickets++;
  const registered = new Date(v.registeredAt);
  const clocks = v.clocks.filter((c) => c.party === 'PROVIDER' && PROVIDER_CLOCKS.has(c.kind));
  for (const c of clocks) {
    acc.clocks++;
    if (c.state === ClockState.MET) acc.met++;
    if (c.warnedAt) acc.warned++;
    if (c.breachedAt) acc.breached++;
  }
  const analysed = firstDone(clocks, 'ANALYSIS');
  if (analysed) acc.toAnalysis.push(workingTimeBetween(cal, registered, new Date(analysed.stoppedAt!)));
  const solved = lastDone(clocks, 'SOLUTION');
  if (solved) acc.toSolution.push(workingTimeBetween(cal, registered, new Date(solved.stoppedAt!)));
}

const done = (clocks: ClockView[], kind: string): ClockView[] =>
  clocks.filter((c) => c.kind === kind && DONE.has(c.state) && c.stoppedAt).sort((a, b) => a.round - b.round);
const firstDone = (clocks: ClockView[], kind: string): ClockView | undefined => done(clocks, kind)[0];
const lastDone = (clocks: ClockView[], kind: string): ClockView | undefined => done(clocks, kind).at(-1);

function row(a: Acc): ReportRow {
  return {
    category: a.category,
    priority: a.priority,
    tickets: a.tickets,
    clocks: a.clocks,
    met: a.met,
    warned: a.warned,
    breached: a.breached,
    toAnalysis: durations(a.toAnalysis),
    toSolution: durations(a.toSolution),
  };
}

@Injectable()
export class SlaReports {
  constructor(
    private readonly prisma: PrismaService,
    private readonly terms: ContractTerms,
  ) {}

  async report(q: ReportQuery): Promise<SlaReport> {
    if (!(q.from < q.to)) throw badUserInput('from must lie before to', { field: 'to' });
    if (q.to.getTime() - q.from.getTime() > MAX_REPORT_DAYS * 86_400_000) {
      throw badUserInput(`A report covers at most ${MAX_REPORT_DAYS} days`, { field: 'to' });
    }
    const rows = await this.prisma.ticketView.findMany({
      where: {
        contractId: q.contractId,
        registeredAt: { gte: q.from, lt: q.to },
        ...(q.customerId !== undefined ? { customerId: q.customerId } : {}),
      },
      select: { view: true },
    });
    const groups = new Map<string, Acc>();
    const total = emptyAcc(null, null);
    const first = rows[0]?.view as unknown as TicketView | undefined;
    // A contract's tickets share its calendar (fetched only when there are tickets to measure).
    const cal = first && (await this.terms.termsOf(q.contractId, first.customerId)).calendar;
    for (const { view } of cal ? rows : []) {
      const v = view as unknown as TicketView;
      const key = `${v.category ?? ''}|${v.priority ?? ''}`;
      const acc = groups.get(key) ?? emptyAcc(v.category ?? null, v.priority ?? null);
      groups.set(key, acc);
      add(acc, v, cal!);
      add(total, v, cal!);
    }
    const ordered = [...groups.values()].sort((a, b) => order(a).localeCompare(order(b)));
    return { contractId: q.contractId, from: q.from, to: q.to, tickets: rows.length, rows: ordered.map(row), total: row(total) };
  }
}

const CATEGORY_ORDER = ['ERROR', 'SUPPORT', 'IMPROVEMENT'];
const PRIORITY_ORDER = ['URGENT', 'HIGH', 'NORMAL', 'LOW'];
const rank = (list: string[], v: string | null): number => (v === null ? list.length : list.indexOf(v));
const order = (a: Acc): string => `${rank(CATEGORY_ORDER, a.category)}${rank(PRIORITY_ORDER, a.priority)}`;

export const CSV_COLUMNS = [
  'category',
  'priority',
  'tickets',
  'clocks',
  'met',
  'warned',
  'breached',
  'analysis_count',
  'analysis_mean_working_minutes',
  'analysis_p90_working_minutes',
  'solution_count',
  'solution_mean_working_minutes',
  'solution_p90_working_minutes',
] as const;

/** The report as CSV (RFC 4180, header row, one row per category x priority, then TOTAL). */
export function reportCsv(report: SlaReport): string {
  const line = (r: ReportRow, label?: string) => [
    label ?? r.category ?? 'UNCLASSIFIED',
    label ? '' : (r.priority ?? ''),
    r.tickets,
    r.clocks,
    r.met,
    r.warned,
    r.breached,
    r.toAnalysis.count,
    r.toAnalysis.meanMinutes ?? '',
    r.toAnalysis.p90Minutes ?? '',
    r.toSolution.count,
    r.toSolution.meanMinutes ?? '',
    r.toSolution.p90Minutes ?? '',
  ];
  return stringify([...report.rows.map((r) => line(r)), line(report.total, 'TOTAL')], { header: true, columns: [...CSV_COLUMNS] });
}
