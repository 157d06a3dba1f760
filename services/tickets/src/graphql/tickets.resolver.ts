// Reading tickets: one by id, pages of the read model, and per ticket its history and comments.
import { Args, ID, Int, Parent, Query, ResolveField, ResolveReference, Resolver } from '@nestjs/graphql';
import { CurrentUser, resolveOrganizationScope, unauthenticated, type Caller, type SubgraphContext } from '@sla-desk/auth';
import { AttachmentsService } from '../attachments/attachments.service';
import { CommentsService } from '../comments/comments.service';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, TicketReader } from '../read-model/ticket-reader';
import type { TicketRecord } from '../read-model/ticket-record';
import { optionalText, requireUuid } from '../tickets/validation';
import { toAttachment, toTransition } from './mappers';
import { TicketPresenter } from './presenter';
import { AttachmentType, CommentType, TicketConnectionType, TicketFilterInput, TicketType, TransitionType } from './types';

@Resolver(() => TicketType)
export class TicketsResolver {
  constructor(
    private readonly reader: TicketReader,
    private readonly commentsService: CommentsService,
    private readonly presenter: TicketPresenter,
    private readonly attachmentsService: AttachmentsService,
  ) {}

  @Query(() => TicketType, { nullable: true, description: "A ticket: customers see their own organization's, provider staff all." })
  async ticket(@Args('id', { type: () => ID }) id: string, @CurrentUser() caller: Caller): Promise<TicketType | null> {
    const record = await this.reader.find(caller, requireUuid(id, 'id'));
    return record && this.present(record);
  }

  @Query(() => TicketConnectionType, {
    description: `Tickets newest first, ${DEFAULT_PAGE_SIZE} per page by default (at most ${MAX_PAGE_SIZE}); customers see their own organization's.`,
  })
  async tickets(
    @CurrentUser() caller: Caller,
    @Args('filter', { type: () => TicketFilterInput, nullable: true }) filter?: TicketFilterInput,
    @Args('first', { type: () => Int, defaultValue: DEFAULT_PAGE_SIZE }) first = DEFAULT_PAGE_SIZE,
    @Args('after', { nullable: true }) after?: string,
  ): Promise<TicketConnectionType> {
    const f = filter ?? {};
    // The poll mark lies POLL_OVERLAP_SECONDS back, so it may be read alongside the page (one round trip less).
    const [asOf, page] = await Promise.all([
      this.reader.pollMark(),
      this.reader.page(
        {
          status: f.status,
          category: f.category,
          priority: f.priority,
          slaState: f.slaState,
          assignee: f.assignee == null ? undefined : requireUuid(f.assignee, 'assignee'),
          customerId: resolveOrganizationScope(caller, f.customerId == null ? undefined : requireUuid(f.customerId, 'customerId')),
          component: optionalText(f.component, 'component', 100),
          text: optionalText(f.text, 'text', 200),
          updatedSince: f.updatedSince ?? undefined,
        },
        first,
        after ?? undefined,
      ),
    ]);
    const edges = page.edges.map((e) => ({ cursor: e.cursor, node: this.present(e.record) }));
    return { edges, pageInfo: { endCursor: edges.at(-1)?.cursor, hasNextPage: page.hasNextPage }, asOf };
  }

  /** Another subgraph's reference to a ticket: the same visibility as ticket(id) (guards do not run here). */
  @ResolveReference()
  async resolveReference(reference: { __typename: string; id: string }, ctx: SubgraphContext): Promise<TicketType | null> {
    const caller = ctx.identity?.caller;
    if (!caller) throw unauthenticated();
    const record = await this.reader.find(caller, requireUuid(String(reference.id), 'id'));
    return record && this.present(record);
  }

  @ResolveField(() => [TransitionType], { description: 'Every transition so far, oldest first.' })
  async history(@Parent() ticket: TicketType): Promise<TransitionType[]> {
    return (await this.reader.history(ticket.id)).map(toTransition);
  }

  @ResolveField(() => [CommentType], { description: 'Oldest first; customers never see internal comments.' })
  comments(@Parent() ticket: TicketType, @CurrentUser() caller: Caller): Promise<CommentType[]> {
    return this.commentsService.list(caller, ticket.id);
  }

  @ResolveField(() => [AttachmentType], { description: 'Files attached at registration (comments carry their own).' })
  async attachments(@Parent() ticket: TicketType): Promise<AttachmentType[]> {
    return (await this.attachmentsService.ofTicket(ticket.id)).map(toAttachment);
  }

  private present(record: TicketRecord): TicketType {
    return this.presenter.ticket(record);
  }
}
