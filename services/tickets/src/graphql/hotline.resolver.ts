// Hotline calls as GraphQL: specialists log calls, complete callbacks and turn calls into tickets (channel HOTLINE,
// linked to the call); provider staff list and filter every call, a customer its own organization's (the calls its
// employees made: nothing in them is the provider's internal note).
import { Args, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { badUserInput, CurrentUser, resolveOrganizationScope, Role, Roles, type Caller } from '@sla-desk/auth';
import { formatInZone } from '@sla-desk/sla';
import { Channel } from '@sla-desk/workflow-api';
import { AttachmentsService } from '../attachments/attachments.service';
import type { HotlineCall } from '../generated/prisma/client';
import { HotlineCalls, MAX_CALL_PAGE } from '../hotline/hotline-calls';
import { TicketReader } from '../read-model/ticket-reader';
import { TicketRegistrations } from '../tickets/registrations';
import { LIMITS, optionalText, requireRequestId, requireText, requireUuid } from '../tickets/validation';
import {
  CreateTicketFromCallInput,
  HotlineCallConnectionType,
  HotlineCallFilterInput,
  HotlineCallType,
  LogHotlineCallInput,
} from './hotline-types';
import { TicketPresenter } from './presenter';
import { TicketType } from './types';

const PHONE = /^\+?[0-9][0-9 ()-]{4,29}$/;
const EMAIL = /^[^\s@]{1,64}@[^\s@]+\.[^\s@]{2,}$/;
/** How long after a call it may still be logged with its own time. */
const LATE_LOGGING_MS = 24 * 3600_000;
/** Clock skew tolerated for a calledAt "now" from the client. */
const SKEW_MS = 60_000;

function optionalMatch(value: string | null | undefined, field: string, pattern: RegExp, what: string): string | undefined {
  const text = optionalText(value, field, 254);
  if (text !== undefined && !pattern.test(text)) throw badUserInput(`${field} is not ${what}`, { field });
  return text;
}

@Resolver(() => HotlineCallType)
export class HotlineResolver {
  constructor(
    private readonly calls: HotlineCalls,
    private readonly registrations: TicketRegistrations,
    private readonly attachments: AttachmentsService,
    private readonly reader: TicketReader,
    private readonly presenter: TicketPresenter,
  ) {}

  @Roles(Role.SPECIALIST, Role.SUPPORT_MANAGER)
  @Mutation(() => HotlineCallType, {
    description: 'Logs a hotline call; an unresolved one starts its callback clock. Idempotent by requestId.',
  })
  async logHotlineCall(@Args('input') input: LogHotlineCallInput, @CurrentUser() caller: Caller): Promise<HotlineCallType> {
    const now = Date.now();
    const calledAt = input.calledAt ?? new Date(now);
    if (Number.isNaN(calledAt.getTime()) || calledAt.getTime() > now + SKEW_MS || calledAt.getTime() < now - LATE_LOGGING_MS) {
      throw badUserInput('calledAt must lie within the last 24 hours and not in the future', { field: 'calledAt' });
    }
    const call = await this.calls.log(caller, {
      requestId: requireRequestId(input.requestId),
      customerId: requireUuid(input.customerId, 'customerId'),
      callerName: requireText(input.callerName, 'callerName', 200),
      ...optionalField('callerPhone', optionalMatch(input.callerPhone, 'callerPhone', PHONE, 'a phone number')),
      ...optionalField('callerEmail', optionalMatch(input.callerEmail, 'callerEmail', EMAIL, 'an e-mail address')),
      question: requireText(input.question, 'question', LIMITS.description),
      resolved: input.resolved,
      ...optionalField('answer', optionalText(input.answer, 'answer', LIMITS.description)),
      calledAt,
      ...optionalField('callbackBy', input.callbackBy ?? undefined),
    });
    return this.present(call);
  }

  @Roles(Role.SPECIALIST, Role.SUPPORT_MANAGER)
  @Mutation(() => HotlineCallType, { description: 'The specialist called back: stops the callback clock.' })
  async completeHotlineCallback(
    @Args('callId', { type: () => ID }) callId: string,
    @Args('outcome') outcome: string,
    @CurrentUser() caller: Caller,
  ): Promise<HotlineCallType> {
    return this.present(
      await this.calls.completeCallback(caller, requireUuid(callId, 'callId'), requireText(outcome, 'outcome', LIMITS.reason)),
    );
  }

  @Roles(Role.SPECIALIST, Role.SUPPORT_MANAGER)
  @Mutation(() => TicketType, {
    description: "Registers a ticket (channel HOTLINE) for the call's organization, linked to the call. Idempotent: one ticket per call.",
  })
  async createTicketFromCall(@Args('input') input: CreateTicketFromCallInput, @CurrentUser() caller: Caller): Promise<TicketType> {
    const call = await this.calls.require(caller, requireUuid(input.callId, 'callId'));
    const record = await this.registrations.register(caller, {
      requestId: `hotline-call:${call.id}`,
      customerId: call.customerId,
      title: requireText(input.title, 'title', LIMITS.title),
      description: input.description == null ? call.question : requireText(input.description, 'description', LIMITS.description),
      component: requireText(input.component, 'component', LIMITS.component),
      channel: Channel.HOTLINE,
      warranty: input.warranty,
      attachments: this.attachments.check(input.attachments),
    });
    await this.calls.linkTicket(call.id, record.view.ticketId);
    return this.presenter.ticket(record);
  }

  @Query(() => HotlineCallType, { nullable: true, description: "A call: provider staff any, customers their own organization's." })
  async hotlineCall(@Args('id', { type: () => ID }) id: string, @CurrentUser() caller: Caller): Promise<HotlineCallType | null> {
    const call = await this.calls.find(caller, requireUuid(id, 'id'));
    return call && this.present(call);
  }

  @Query(() => HotlineCallConnectionType, { description: `Calls newest first (at most ${MAX_CALL_PAGE} per page).` })
  async hotlineCalls(
    @CurrentUser() caller: Caller,
    @Args('filter', { type: () => HotlineCallFilterInput, nullable: true }) filter?: HotlineCallFilterInput,
    @Args('first', { type: () => Int, defaultValue: 20 }) first = 20,
    @Args('after', { nullable: true }) after?: string,
  ): Promise<HotlineCallConnectionType> {
    const f = filter ?? {};
    const page = await this.calls.page(
      {
        customerId: resolveOrganizationScope(caller, f.customerId == null ? undefined : requireUuid(f.customerId, 'customerId')),
        ...optionalField('resolved', f.resolved ?? undefined),
        ...optionalField('awaitingCallback', f.awaitingCallback ?? undefined),
        ...optionalField('specialistId', f.specialistId == null ? undefined : requireUuid(f.specialistId, 'specialistId')),
        ...optionalField('calledFrom', f.calledFrom ?? undefined),
        ...optionalField('calledTo', f.calledTo ?? undefined),
        ...optionalField('text', optionalText(f.text, 'text', 200)),
      },
      first,
      after ?? undefined,
    );
    const edges = page.edges.map((e) => ({ cursor: e.cursor, node: this.present(e.call) }));
    return { edges, endCursor: edges.at(-1)?.cursor, hasNextPage: page.hasNextPage };
  }

  @ResolveField(() => TicketType, { nullable: true, description: 'The ticket made from this call.' })
  async ticket(@Parent() call: HotlineCallType, @CurrentUser() caller: Caller): Promise<TicketType | null> {
    if (!call.ticketId) return null;
    const record = await this.reader.find(caller, call.ticketId);
    return record && this.presenter.ticket(record);
  }

  private present(c: HotlineCall): HotlineCallType {
    const zone = c.timeZone;
    return {
      id: c.id,
      customerId: c.customerId,
      customer: { id: c.customerId },
      contractId: c.contractId,
      specialistId: c.specialistId,
      specialist: { id: c.specialistId },
      callerName: c.callerName,
      callerPhone: c.callerPhone ?? undefined,
      callerEmail: c.callerEmail ?? undefined,
      question: c.question,
      resolved: c.resolved,
      answer: c.answer ?? undefined,
      calledAt: c.calledAt,
      callbackBy: c.callbackBy ?? undefined,
      callbackByLocal: c.callbackBy ? formatInZone(c.callbackBy, zone) : undefined,
      calledBackAt: c.calledBackAt ?? undefined,
      callbackOutcome: c.callbackOutcome ?? undefined,
      ticketId: c.ticketId ?? undefined,
    };
  }
}

function optionalField<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return (value === undefined ? {} : { [key]: value }) as Partial<Record<K, V>>;
}
