// Reads tickets: single ones (read model, else the workflow itself for a ticket registered a moment ago), pages of
// the read model `ticket_view` filtered and ordered newest first with opaque keyset cursors, and their histories.
import { Injectable, Logger } from '@nestjs/common';
import { assertTenantAccess, badUserInput, type Caller } from '@sla-desk/auth';
import type { HistoryEntry, TicketView } from '@sla-desk/workflow-api';
import type { Prisma } from '../generated/prisma/client';
import { PrismaService } from '../prisma.service';
import { TicketWorkflows } from '../workflows/ticket-workflows';
import { isTerminal, type TicketRecord } from './ticket-record';

export const MAX_PAGE_SIZE = 100;
/**
 * How far back `asOf` is set: a snapshot written by a statement still running when a poll was answered carries an
 * earlier recordedAt (now() is the statement's start), so the next poll overlaps the previous one by this much.
 */
export const POLL_OVERLAP_SECONDS = 2;
export const DEFAULT_PAGE_SIZE = 20;

export interface TicketFilter {
  status?: string[];
  category?: string[];
  priority?: string[];
  slaState?: string[];
  assignee?: string;
  /** Already scoped to what the caller may see. */
  customerId?: string;
  component?: string;
  /** Case-insensitive, in the title. */
  text?: string;
  /** Rows the workflow wrote at or after this instant (database time): polling for live views. */
  updatedSince?: Date;
}

export interface TicketPage {
  edges: Array<{ cursor: string; record: TicketRecord }>;
  hasNextPage: boolean;
}

interface Cursor {
  registeredAt: Date;
  ticketId: string;
}

export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify([c.registeredAt.toISOString(), c.ticketId])).toString('base64url');
}

export function decodeCursor(value: string): Cursor {
  try {
    const [at, id] = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as [string, string];
    const registeredAt = new Date(at);
    if (typeof id !== 'string' || Number.isNaN(registeredAt.getTime())) throw new Error('malformed');
    return { registeredAt, ticketId: id };
  } catch {
    throw badUserInput('after is not a cursor this API returned', { field: 'after' });
  }
}

@Injectable()
export class TicketReader {
  private readonly logger = new Logger(TicketReader.name);

  constructor(
    private readonly prisma: PrismaService,
    private readonly workflows: TicketWorkflows,
  ) {}

  /**
   * The ticket's whole history from `ticket_history` (the worker writes it with each flush of the workflow). A ticket
   * with no rows yet (registered a moment ago, or started before the table existed) answers from its workflow.
   */
  async history(ticketId: string): Promise<HistoryEntry[]> {
    const rows = await this.prisma.ticketHistoryEntry.findMany({ where: { ticketId }, orderBy: { position: 'asc' } });
    if (rows.length === 0) return this.workflows.history(ticketId);
    return rows.map((r) => r.entry as unknown as HistoryEntry);
  }

  /**
   * The ticket, if it exists and the caller may see it (FORBIDDEN for another customer's); null when unknown. An
   * open ticket is read from its workflow, so a read right after a command shows what the command did; a closed
   * one (or one whose workflow cannot answer now) from the read model.
   */
  async find(caller: Caller, ticketId: string): Promise<TicketRecord | null> {
    const [row, registration] = await Promise.all([
      this.prisma.ticketView.findUnique({ where: { ticketId } }),
      this.prisma.ticket.findUnique({ where: { id: ticketId } }),
    ]);
    const customerId = row?.customerId ?? registration?.customerId;
    if (customerId === undefined) return null;
    assertTenantAccess(caller, customerId, 'this ticket');
    const stored = row ? (row.view as unknown as TicketView) : undefined;
    if (stored && isTerminal(stored)) return { view: stored, registration };
    try {
      return { view: await this.workflows.loadedStatus(ticketId), registration };
    } catch (error) {
      if (!stored) throw error;
      this.logger.warn({ msg: 'Ticket workflow did not answer: showing the read model', ticketId, err: (error as Error).message });
      return { view: stored, registration };
    }
  }

  /** Like find, but an unknown ticket is BAD_USER_INPUT (for commands). */
  async require(caller: Caller, ticketId: string): Promise<TicketRecord> {
    const record = await this.find(caller, ticketId);
    if (!record) throw badUserInput(`No ticket ${ticketId}`, { field: 'ticketId', reason: 'TICKET_NOT_FOUND' });
    return record;
  }

  /** Database time minus the overlap: what a poller passes as updatedSince next time. */
  async pollMark(): Promise<Date> {
    const [row] = await this.prisma.$queryRaw<Array<{ mark: Date }>>`SELECT now() - make_interval(secs => ${POLL_OVERLAP_SECONDS}) AS mark`;
    return row!.mark;
  }

  async page(filter: TicketFilter, first: number, after?: string): Promise<TicketPage> {
    if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
      throw badUserInput(`first must be between 1 and ${MAX_PAGE_SIZE}`, { field: 'first' });
    }
    const where: Prisma.TicketViewWhereInput = { AND: [whereOf(filter), ...(after ? [afterCursor(decodeCursor(after))] : [])] };
    if (filter.component !== undefined) {
      const ids = await this.prisma.ticket.findMany({ where: { component: filter.component }, select: { id: true } });
      (where.AND as Prisma.TicketViewWhereInput[]).push({ ticketId: { in: ids.map((t) => t.id) } });
    }
    const rows = await this.prisma.ticketView.findMany({
      where,
      orderBy: [{ registeredAt: 'desc' }, { ticketId: 'desc' }],
      take: first + 1,
    });
    const pageRows = rows.slice(0, first);
    const registrations = await this.prisma.ticket.findMany({ where: { id: { in: pageRows.map((r) => r.ticketId) } } });
    const byId = new Map(registrations.map((r) => [r.id, r]));
    return {
      edges: pageRows.map((r) => ({
        cursor: encodeCursor(r),
        record: { view: r.view as unknown as TicketView, registration: byId.get(r.ticketId) ?? null },
      })),
      hasNextPage: rows.length > first,
    };
  }
}

function whereOf(f: TicketFilter): Prisma.TicketViewWhereInput {
  return {
    ...(f.status?.length ? { status: { in: f.status } } : {}),
    ...(f.category?.length ? { category: { in: f.category } } : {}),
    ...(f.priority?.length ? { priority: { in: f.priority } } : {}),
    ...(f.slaState?.length ? { slaState: { in: f.slaState } } : {}),
    ...(f.assignee !== undefined ? { assignee: f.assignee } : {}),
    ...(f.customerId !== undefined ? { customerId: f.customerId } : {}),
    ...(f.text ? { title: { contains: f.text, mode: 'insensitive' as const } } : {}),
    ...(f.updatedSince ? { recordedAt: { gte: f.updatedSince } } : {}),
  };
}

function afterCursor(c: Cursor): Prisma.TicketViewWhereInput {
  return { OR: [{ registeredAt: { lt: c.registeredAt } }, { registeredAt: c.registeredAt, ticketId: { lt: c.ticketId } }] };
}
