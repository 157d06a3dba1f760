// The ticket's life as mutations: registration starts its workflow, every later step is a workflow update that
// returns the ticket as the update left it (or the validator's reason: BAD_USER_INPUT / FORBIDDEN with `reason`).
import { Args, ID, Mutation, Resolver } from '@nestjs/graphql';
import { badUserInput, CurrentUser, resolveOrganizationScope, Role, Roles, type Caller } from '@sla-desk/auth';
import {
  acceptUpdate,
  analyseUpdate,
  answerClarificationUpdate,
  cancelUpdate,
  closeUpdate,
  closeWithoutProcessingUpdate,
  deliverSolutionUpdate,
  fileDelayNoticeUpdate,
  reassignUpdate,
  sendRemarksUpdate,
  type Actor,
  type TicketView,
} from '@sla-desk/workflow-api';
import type { UpdateDefinition } from '@temporalio/common';
import { AttachmentsService } from '../attachments/attachments.service';
import { CommentsService } from '../comments/comments.service';
import type { TicketCommandAction } from '../tickets/actors';
import { TicketCommands } from '../tickets/ticket-commands';
import { TicketRegistrations } from '../tickets/registrations';
import { LIMITS, optionalEntry, requireInstant, requireRequestId, requireText, requireUuid } from '../tickets/validation';
import { TicketPresenter } from './presenter';
import {
  AddCommentInput,
  AnalyseTicketInput,
  CommentType,
  FileDelayNoticeInput,
  RegisterTicketInput,
  RequestClarificationInput,
  TicketType,
} from './types';

const TICKET_ID = { name: 'ticketId', type: () => ID } as const;

@Resolver()
export class TicketCommandsResolver {
  constructor(
    private readonly registrations: TicketRegistrations,
    private readonly commands: TicketCommands,
    private readonly comments: CommentsService,
    private readonly presenter: TicketPresenter,
    private readonly attachments: AttachmentsService,
  ) {}

  @Roles(Role.CUSTOMER_EMPLOYEE, Role.CUSTOMER_ADMIN, Role.SPECIALIST, Role.SUPPORT_MANAGER)
  @Mutation(() => TicketType, {
    description: 'Registers a ticket and starts its SLA clocks. Idempotent by requestId: a retry returns the same ticket.',
  })
  async registerTicket(@Args('input') input: RegisterTicketInput, @CurrentUser() caller: Caller): Promise<TicketType> {
    const requestId = requireRequestId(input.requestId);
    const customerId = resolveOrganizationScope(caller, input.customerId == null ? undefined : requireUuid(input.customerId, 'customerId'));
    if (!customerId) throw badUserInput('customerId is required when provider staff register a ticket', { field: 'customerId' });
    const record = await this.registrations.register(caller, {
      requestId,
      customerId,
      title: requireText(input.title, 'title', LIMITS.title),
      description: requireText(input.description, 'description', LIMITS.description),
      component: requireText(input.component, 'component', LIMITS.component),
      channel: input.channel,
      warranty: input.warranty,
      attachments: this.attachments.check(input.attachments),
    });
    return this.presenter.ticket(record);
  }

  @Mutation(() => TicketType, { description: 'Primary analysis with a planned solution date: IN_PROGRESS.' })
  async analyseTicket(@Args('input') input: AnalyseTicketInput, @CurrentUser() caller: Caller): Promise<TicketType> {
    return this.run(caller, input.ticketId, 'ANALYSE', analyseUpdate, {
      category: input.category,
      priority: input.priority,
      assignee: requireUuid(input.assignee, 'assignee'),
      outcome: {
        kind: 'PLAN',
        plannedDate: requireInstant(input.plannedDate, 'plannedDate'),
        ...optionalEntry('delayNoticeReason', input.delayNoticeReason, LIMITS.reason),
      },
    });
  }

  @Mutation(() => TicketType, { description: 'Primary analysis ending in a question to the customer: AWAITING_CLARIFICATION.' })
  async requestClarification(@Args('input') input: RequestClarificationInput, @CurrentUser() caller: Caller): Promise<TicketType> {
    return this.run(caller, input.ticketId, 'ANALYSE', analyseUpdate, {
      category: input.category,
      priority: input.priority,
      assignee: requireUuid(input.assignee, 'assignee'),
      outcome: {
        kind: 'CLARIFY',
        question: requireText(input.question, 'question', LIMITS.comment),
        phoneAttempt: {
          at: requireInstant(input.phoneAttempt.at, 'phoneAttempt.at'),
          outcome: input.phoneAttempt.outcome,
          ...optionalEntry('note', input.phoneAttempt.note, LIMITS.reason),
        },
      },
    });
  }

  @Mutation(() => TicketType, { description: "The customer's answer: the ticket returns to analysis." })
  answerClarification(
    @Args(TICKET_ID) ticketId: string,
    @Args('comment') comment: string,
    @CurrentUser() caller: Caller,
  ): Promise<TicketType> {
    return this.run(caller, ticketId, 'ANSWER_CLARIFICATION', answerClarificationUpdate, {
      comment: requireText(comment, 'comment', LIMITS.comment),
    });
  }

  @Mutation(() => TicketType, { description: 'SOLUTION_DELIVERED; the customer’s acceptance clock starts.' })
  deliverSolution(@Args(TICKET_ID) ticketId: string, @Args('summary') summary: string, @CurrentUser() caller: Caller): Promise<TicketType> {
    return this.run(caller, ticketId, 'DELIVER_SOLUTION', deliverSolutionUpdate, {
      summary: requireText(summary, 'summary', LIMITS.comment),
    });
  }

  @Mutation(() => TicketType, { description: 'The customer accepts the delivered solution: ACCEPTED.' })
  acceptSolution(
    @Args(TICKET_ID) ticketId: string,
    @CurrentUser() caller: Caller,
    @Args('comment', { nullable: true }) comment?: string,
  ): Promise<TicketType> {
    return this.run(caller, ticketId, 'ACCEPT', acceptUpdate, optionalEntry('comment', comment, LIMITS.comment));
  }

  @Mutation(() => TicketType, { description: 'The customer’s remarks on the delivered solution: REMARKS.' })
  sendRemarks(
    @Args(TICKET_ID) ticketId: string,
    @Args('remarks', { type: () => [String] }) remarks: string[],
    @CurrentUser() caller: Caller,
  ): Promise<TicketType> {
    if (remarks.length === 0 || remarks.length > LIMITS.remarks) {
      throw badUserInput(`remarks must list 1 to ${LIMITS.remarks} remarks`, { field: 'remarks' });
    }
    return this.run(caller, ticketId, 'SEND_REMARKS', sendRemarksUpdate, {
      remarks: remarks.map((r) => requireText(r, 'remarks', LIMITS.comment)),
    });
  }

  @Mutation(() => TicketType, { description: '"We will miss this deadline", recorded with whether it came by the notice instant.' })
  fileDelayNotice(@Args('input') input: FileDelayNoticeInput, @CurrentUser() caller: Caller): Promise<TicketType> {
    return this.run(caller, input.ticketId, 'FILE_DELAY_NOTICE', fileDelayNoticeUpdate, {
      reason: requireText(input.reason, 'reason', LIMITS.reason),
      ...optionalEntry('clockId', input.clockId, 50),
      ...(input.newPlannedDate ? { newPlannedDate: requireInstant(input.newPlannedDate, 'newPlannedDate') } : {}),
    });
  }

  @Mutation(() => TicketType, { description: 'ACCEPTED → CLOSED (provider staff).' })
  closeTicket(
    @Args(TICKET_ID) ticketId: string,
    @CurrentUser() caller: Caller,
    @Args('comment', { nullable: true }) comment?: string,
  ): Promise<TicketType> {
    return this.run(caller, ticketId, 'CLOSE', closeUpdate, optionalEntry('comment', comment, LIMITS.comment));
  }

  @Mutation(() => TicketType, { description: 'AWAITING_CLARIFICATION → CLOSED_WITHOUT_PROCESSING once the clarification clock expired.' })
  closeTicketWithoutProcessing(
    @Args(TICKET_ID) ticketId: string,
    @CurrentUser() caller: Caller,
    @Args('reason', { nullable: true }) reason?: string,
  ): Promise<TicketType> {
    return this.run(
      caller,
      ticketId,
      'CLOSE_WITHOUT_PROCESSING',
      closeWithoutProcessingUpdate,
      optionalEntry('reason', reason, LIMITS.reason),
    );
  }

  @Mutation(() => TicketType, { description: 'The customer withdraws the ticket: CANCELLED.' })
  cancelTicket(
    @Args(TICKET_ID) ticketId: string,
    @CurrentUser() caller: Caller,
    @Args('reason', { nullable: true }) reason?: string,
  ): Promise<TicketType> {
    return this.run(caller, ticketId, 'CANCEL', cancelUpdate, optionalEntry('reason', reason, LIMITS.reason));
  }

  @Mutation(() => TicketType, { description: 'A new responsible specialist (support manager, admin).' })
  reassignTicket(
    @Args(TICKET_ID) ticketId: string,
    @Args('assignee', { type: () => ID }) assignee: string,
    @CurrentUser() caller: Caller,
  ): Promise<TicketType> {
    return this.run(caller, ticketId, 'REASSIGN', reassignUpdate, { assignee: requireUuid(assignee, 'assignee') });
  }

  @Mutation(() => CommentType, { description: 'A comment on an open ticket; internal ones (provider staff) are never shown to customers.' })
  addComment(@Args('input') input: AddCommentInput, @CurrentUser() caller: Caller): Promise<CommentType> {
    return this.comments.add(caller, requireUuid(input.ticketId, 'ticketId'), input.body, input.internal, input.attachments ?? []);
  }

  private async run<I extends { actor: Actor }>(
    caller: Caller,
    ticketId: string,
    action: TicketCommandAction,
    update: UpdateDefinition<TicketView, [I]>,
    input: Omit<I, 'actor'>,
  ): Promise<TicketType> {
    return this.presenter.ticket(await this.commands.run(caller, requireUuid(ticketId, 'ticketId'), action, update, input));
  }
}
