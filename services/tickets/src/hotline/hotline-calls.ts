// Hotline calls: a specialist logs each call (caller, organization, question, resolved at once or not). A call not
// resolved during it owes the caller a callback: its contacts and a callback date within 3 working days are
// required, and the hotline-callback workflow `hotline-callback-<id>` keeps that clock (reminder, breach). Logging is
// idempotent by the specialist's request id, like registering a ticket: the row first, then the workflow (a start
// that already happened counts as done; a failed start removes the row). A call can be turned into a ticket.
import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { assertTenantAccess, badUserInput, type Caller } from '@sla-desk/auth';
import { TemporalClient } from '@sla-desk/subgraph';
import {
  callbackStatusQuery,
  completeCallbackUpdate,
  hotlineCallbackWorkflowId,
  rejectionOf,
  WorkflowType,
  type HotlineCallbackInput,
} from '@sla-desk/workflow-api';
import { ContractDirectory, type GoverningContract } from '../contracts/contract-directory';
import { ContractTerms } from '../contracts/contract-terms';
import { Prisma, type HotlineCall } from '../generated/prisma/client';
import { PrismaService } from '../prisma.service';
import { nameBasedUuid } from '../tickets/registrations';
import { callLogged } from '../events/hotline-events';
import { actorFor } from '../tickets/actors';
import { rejectionError } from '../workflows/ticket-workflows';
import { callbackWindow, checkCallbackDate } from './callback-window';

export interface CallLog {
  requestId: string;
  customerId: string;
  callerName: string;
  callerPhone?: string;
  callerEmail?: string;
  question: string;
  resolved: boolean;
  answer?: string;
  /** When the call was taken: now, or a little earlier when logged after hanging up. */
  calledAt: Date;
  callbackBy?: Date;
}

export interface CallFilter {
  /** Already scoped to what the caller may see. */
  customerId?: string;
  resolved?: boolean;
  /** Unresolved calls not called back yet. */
  awaitingCallback?: boolean;
  specialistId?: string;
  calledFrom?: Date;
  calledTo?: Date;
  /** Case-insensitive, in the caller's name or the question. */
  text?: string;
}

export interface CallPage {
  edges: Array<{ cursor: string; call: HotlineCall }>;
  hasNextPage: boolean;
}

export const MAX_CALL_PAGE = 100;

function digestOf(c: CallLog, specialistId: string): string {
  const content = [c.customerId, specialistId, c.callerName, c.callerPhone, c.callerEmail, c.question, c.resolved, c.answer, c.callbackBy];
  return createHash('sha256').update(JSON.stringify(content)).digest('hex');
}

const callNotFound = (id: string) => badUserInput(`No hotline call ${id}`, { field: 'callId', reason: 'CALL_NOT_FOUND' });

@Injectable()
export class HotlineCalls {
  constructor(
    private readonly prisma: PrismaService,
    private readonly temporal: TemporalClient,
    private readonly contracts: ContractDirectory,
    private readonly terms: ContractTerms,
  ) {}

  async log(caller: Caller, call: CallLog): Promise<HotlineCall> {
    const contract = await this.contracts.forCall(call.customerId, call.calledAt);
    if (call.resolved) {
      if (call.callbackBy) throw badUserInput('A resolved call owes no callback: omit callbackBy', { field: 'callbackBy' });
    } else {
      if (!call.callerPhone && !call.callerEmail) {
        throw badUserInput('An unresolved call needs the caller’s phone or e-mail for the callback', { field: 'callerPhone' });
      }
      if (!call.callbackBy) throw badUserInput('An unresolved call needs a callback date (callbackBy)', { field: 'callbackBy' });
      checkCallbackDate(callbackWindow(await this.terms.termsOf(contract.contractId, call.customerId), call.calledAt), call.callbackBy);
    }
    const digest = digestOf(call, caller.userId);
    const { row, created } = await this.claim(caller, call, contract, digest);
    if (row.requestDigest !== digest) {
      throw badUserInput(`requestId ${call.requestId} was already used for a different call`, {
        field: 'requestId',
        reason: 'REQUEST_ID_REUSED',
      });
    }
    if (!row.resolved) {
      try {
        await this.temporal.startOnce(WorkflowType.HOTLINE_CALLBACK, hotlineCallbackWorkflowId(row.id), [this.workflowInput(row)]);
      } catch (error) {
        if (created) await this.prisma.hotlineCall.delete({ where: { id: row.id } });
        throw error;
      }
    }
    await callLogged(this.prisma, row);
    return row;
  }

  /** The specialist called back: stops the callback clock (a workflow update) and records the outcome. */
  async completeCallback(caller: Caller, callId: string, outcome: string): Promise<HotlineCall> {
    const call = await this.require(caller, callId);
    if (call.resolved)
      throw badUserInput('This call was resolved during the call: no callback is owed', { field: 'callId', reason: 'NO_CALLBACK' });
    if (call.calledBackAt) return call;
    const handle = this.temporal.client.workflow.getHandle(hotlineCallbackWorkflowId(call.id));
    const view = await handle
      .executeUpdate(completeCallbackUpdate, { args: [{ actor: actorFor(caller, null), outcome }] })
      .catch(async (error: unknown) => {
        // Done already (an earlier attempt completed it but did not record it here): record what the workflow says.
        const status = await handle.query(callbackStatusQuery).catch(() => undefined);
        if (status?.done) return status;
        const rejection = rejectionOf(error);
        throw rejection ? rejectionError(rejection.code, rejection.message) : error;
      });
    return this.prisma.hotlineCall.update({
      where: { id: call.id },
      data: { calledBackAt: new Date(view.doneAt ?? Date.now()), callbackOutcome: outcome },
    });
  }

  /** The call if the caller may see it: provider staff all, customers their own organization's (else FORBIDDEN). */
  async find(caller: Caller, callId: string): Promise<HotlineCall | null> {
    const call = await this.prisma.hotlineCall.findUnique({ where: { id: callId } });
    if (call) assertTenantAccess(caller, call.customerId, 'this call');
    return call;
  }

  async require(caller: Caller, callId: string): Promise<HotlineCall> {
    const call = await this.find(caller, callId);
    if (!call) throw callNotFound(callId);
    return call;
  }

  /** Links the ticket made from the call (once: a call makes one ticket). */
  async linkTicket(callId: string, ticketId: string): Promise<HotlineCall> {
    await this.prisma.hotlineCall.updateMany({ where: { id: callId, ticketId: null }, data: { ticketId } });
    return this.prisma.hotlineCall.findUniqueOrThrow({ where: { id: callId } });
  }

  async page(filter: CallFilter, first: number, after?: string): Promise<CallPage> {
    if (!Number.isInteger(first) || first < 1 || first > MAX_CALL_PAGE) {
      throw badUserInput(`first must be between 1 and ${MAX_CALL_PAGE}`, { field: 'first' });
    }
    const and: Prisma.HotlineCallWhereInput[] = [
      filter.customerId !== undefined ? { customerId: filter.customerId } : {},
      filter.resolved !== undefined ? { resolved: filter.resolved } : {},
      filter.awaitingCallback === true ? { resolved: false, calledBackAt: null } : {},
      filter.awaitingCallback === false ? { OR: [{ resolved: true }, { calledBackAt: { not: null } }] } : {},
      filter.specialistId !== undefined ? { specialistId: filter.specialistId } : {},
      filter.calledFrom ? { calledAt: { gte: filter.calledFrom } } : {},
      filter.calledTo ? { calledAt: { lt: filter.calledTo } } : {},
      filter.text
        ? {
            OR: [
              { callerName: { contains: filter.text, mode: 'insensitive' } },
              { question: { contains: filter.text, mode: 'insensitive' } },
            ],
          }
        : {},
    ];
    if (after) {
      const c = decodeCallCursor(after);
      and.push({ OR: [{ calledAt: { lt: c.calledAt } }, { calledAt: c.calledAt, id: { lt: c.id } }] });
    }
    const rows = await this.prisma.hotlineCall.findMany({
      where: { AND: and },
      orderBy: [{ calledAt: 'desc' }, { id: 'desc' }],
      take: first + 1,
    });
    return {
      edges: rows.slice(0, first).map((call) => ({ cursor: encodeCallCursor(call), call })),
      hasNextPage: rows.length > first,
    };
  }

  private async claim(
    caller: Caller,
    c: CallLog,
    contract: GoverningContract,
    digest: string,
  ): Promise<{ row: HotlineCall; created: boolean }> {
    const key = { customerId_requestId: { customerId: c.customerId, requestId: c.requestId } };
    const existing = await this.prisma.hotlineCall.findUnique({ where: key });
    if (existing) return { row: existing, created: false };
    try {
      const row = await this.prisma.hotlineCall.create({
        data: {
          id: nameBasedUuid('sladesk-hotline-call', c.customerId, c.requestId),
          customerId: c.customerId,
          requestId: c.requestId,
          requestDigest: digest,
          contractId: contract.contractId,
          timeZone: contract.timeZone,
          specialistId: caller.userId,
          callerName: c.callerName,
          callerPhone: c.callerPhone ?? null,
          callerEmail: c.callerEmail ?? null,
          question: c.question,
          resolved: c.resolved,
          answer: c.answer ?? null,
          calledAt: c.calledAt,
          callbackBy: c.callbackBy ?? null,
        },
      });
      return { row, created: true };
    } catch (error) {
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
        return { row: await this.prisma.hotlineCall.findUniqueOrThrow({ where: key }), created: false };
      }
      throw error;
    }
  }

  private workflowInput(row: HotlineCall): HotlineCallbackInput {
    return {
      callId: row.id,
      customerId: row.customerId,
      contractId: row.contractId,
      calledAt: row.calledAt.toISOString(),
      specialistId: row.specialistId,
      caller: {
        name: row.callerName,
        ...(row.callerPhone ? { phone: row.callerPhone } : {}),
        ...(row.callerEmail ? { email: row.callerEmail } : {}),
      },
      question: row.question,
      ...(row.callbackBy ? { callbackBy: row.callbackBy.toISOString() } : {}),
    };
  }
}

function encodeCallCursor(c: HotlineCall): string {
  return Buffer.from(JSON.stringify([c.calledAt.toISOString(), c.id])).toString('base64url');
}

function decodeCallCursor(value: string): { calledAt: Date; id: string } {
  try {
    const [at, id] = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as [string, string];
    const calledAt = new Date(at);
    if (typeof id !== 'string' || Number.isNaN(calledAt.getTime())) throw new Error('malformed');
    return { calledAt, id };
  } catch {
    throw badUserInput('after is not a cursor this API returned', { field: 'after' });
  }
}
