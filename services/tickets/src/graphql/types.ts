// GraphQL object types, enums and inputs of the tickets subgraph (code-first). Instants are UTC DateTimes; clocks
// also give their due and notice instants in the contract's time zone (ISO-8601 with offset).
import { Directive, Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { CATEGORIES, Channel, ClockState, PRIORITIES, SlaState, TicketStatus, type Category, type Priority } from '@sla-desk/workflow-api';

const enumOf = <T extends string>(values: readonly T[]): Record<T, T> => Object.fromEntries(values.map((v) => [v, v])) as Record<T, T>;
export const CategoryEnum = enumOf(CATEGORIES);
export const PriorityEnum = enumOf(PRIORITIES);
export const PhoneOutcome = { NO_ANSWER: 'NO_ANSWER', NOT_RESOLVED: 'NOT_RESOLVED' } as const;
export type PhoneOutcome = (typeof PhoneOutcome)[keyof typeof PhoneOutcome];
export const Party = { PROVIDER: 'PROVIDER', CUSTOMER: 'CUSTOMER' } as const;

registerEnumType(TicketStatus, { name: 'TicketStatus' });
registerEnumType(CategoryEnum, { name: 'TicketCategory' });
registerEnumType(PriorityEnum, { name: 'TicketPriority' });
registerEnumType(Channel, { name: 'TicketChannel' });
registerEnumType(SlaState, {
  name: 'SlaState',
  description: 'ON_TRACK; AT_RISK (a notice instant passed: warning); BREACHED; PROVIDER_FREED (the customer missed a deadline); NONE.',
});
registerEnumType(ClockState, { name: 'ClockState' });
registerEnumType(Party, { name: 'Party' });
registerEnumType(PhoneOutcome, { name: 'PhoneOutcome' });

@ObjectType('DelayNotice')
export class DelayNoticeType {
  @Field() filedAt!: Date;
  @Field({ description: 'Filed by the notice instant.' }) inTime!: boolean;
  @Field() reason!: string;
}

@ObjectType('TicketClock', { description: "One SLA clock of the ticket, counted in the contract's working time." })
export class ClockType {
  @Field({ description: 'KIND#round, e.g. SOLUTION#1.' }) id!: string;
  @Field() kind!: string;
  @Field(() => Party) party!: string;
  @Field(() => Int) round!: number;
  @Field(() => ClockState) state!: string;
  @Field() startedAt!: Date;
  @Field({ nullable: true, description: 'Null while a release-linked deadline has no release yet.' }) dueAt?: Date;
  @Field({ nullable: true, description: 'When the side that will miss the deadline must have said so.' }) noticeAt?: Date;
  @Field({ description: "The contract's IANA time zone." }) timeZone!: string;
  @Field({ nullable: true, description: "dueAt in the contract's zone, e.g. 2026-12-01T18:00:00+03:00." }) dueAtLocal?: string;
  @Field({ nullable: true }) noticeAtLocal?: string;
  @Field({ description: 'False once the provider was freed by the customer’s unmotivated delay.' }) binding!: boolean;
  @Field({ nullable: true }) warnedAt?: Date;
  @Field({ nullable: true }) breachedAt?: Date;
  @Field({ nullable: true }) expiredAt?: Date;
  @Field({ nullable: true }) stoppedAt?: Date;
  @Field(() => DelayNoticeType, { nullable: true }) delayNotice?: DelayNoticeType;
  @Field({ description: 'The due or notice instant lies in a year with no production-calendar data.' }) provisional!: boolean;
}

@ObjectType('TicketTransition', { description: 'One recorded action in the ticket’s history.' })
export class TransitionType {
  @Field() at!: Date;
  @Field() action!: string;
  @Field(() => TicketStatus) from!: string;
  @Field(() => TicketStatus) to!: string;
  @Field(() => ID) actorId!: string;
  @Field() actorRole!: string;
}

@ObjectType('TicketComment')
export class CommentType {
  @Field(() => ID) id!: string;
  @Field(() => ID) ticketId!: string;
  @Field(() => ID) authorId!: string;
  @Field({ description: 'Provider staff only: never shown to customers.' }) internal!: boolean;
  @Field() body!: string;
  @Field() createdAt!: Date;
}

@InputType()
export class AttachmentInput {
  @Field({ description: 'A plain file name (no path).' }) fileName!: string;
  @Field({ description: 'Its media type: one of the allowed ones (TICKETS_ATTACHMENT_TYPES).' }) contentType!: string;
  @Field({ description: 'The content, base64; at most TICKETS_ATTACHMENT_MAX_BYTES bytes decoded (default 32 KiB).' })
  contentBase64!: string;
}

/** identity's User entity, referenced by id (the gateway resolves it at identity, with identity's visibility rules). */
@ObjectType('User')
@Directive('@key(fields: "id", resolvable: false)')
export class UserReference {
  @Field(() => ID) id!: string;
}

/** catalog's Component entity, referenced by id (resolved at catalog). */
@ObjectType('Component')
@Directive('@key(fields: "id", resolvable: false)')
export class ComponentReference {
  @Field(() => ID) id!: string;
}

/** contracts' Contract entity, referenced by id (resolved at contracts, with its visibility rules). */
@ObjectType('Contract')
@Directive('@key(fields: "id", resolvable: false)')
export class ContractReference {
  @Field(() => ID) id!: string;
}

@ObjectType('Attachment', { description: 'A file attached to a ticket or a comment.' })
export class AttachmentType {
  @Field(() => ID) id!: string;
  @Field(() => ID) ticketId!: string;
  @Field(() => ID, { nullable: true, description: 'Set for a comment’s attachment.' }) commentId?: string | null;
  @Field() fileName!: string;
  @Field() contentType!: string;
  @Field(() => Int, { description: 'Bytes.' }) size!: number;
  @Field({ description: 'SHA-256 of the content, hex.' }) sha256!: string;
  @Field(() => ID) uploadedById!: string;
  @Field() createdAt!: Date;
}

/** identity's Organization entity, referenced by id. */
@ObjectType('Organization')
@Directive('@key(fields: "id", resolvable: false)')
export class OrganizationReference {
  @Field(() => ID) id!: string;
}

@ObjectType('Ticket', { description: 'A customer request and its SLA clocks. A federated entity owned by tickets.' })
@Directive('@key(fields: "id")')
export class TicketType {
  @Field(() => ID) id!: string;
  @Field(() => ID, { description: 'The customer organization.' }) customerId!: string;
  @Field(() => OrganizationReference) customer!: OrganizationReference;
  @Field(() => ID) contractId!: string;
  @Field(() => ContractReference, { nullable: true, description: 'The contract (null while tickets run under the placeholder contract).' })
  contract?: ContractReference;
  @Field(() => ID, { nullable: true, description: 'Who registered it (null for tickets not registered through this API).' })
  authorId?: string;
  @Field(() => UserReference, { nullable: true }) author?: UserReference;
  @Field() title!: string;
  @Field({ nullable: true }) description?: string;
  @Field({ nullable: true, description: 'The product component concerned, as registered.' }) componentId?: string;
  @Field(() => ComponentReference, { nullable: true, description: 'The catalog component (when componentId is a catalog id).' })
  component?: ComponentReference;
  @Field(() => Channel) channel!: string;
  @Field() warranty!: boolean;
  @Field(() => TicketStatus) status!: string;
  @Field(() => CategoryEnum, { nullable: true }) category?: Category;
  @Field(() => PriorityEnum, { nullable: true }) priority?: Priority;
  @Field(() => ID, { nullable: true, description: 'The responsible provider specialist.' }) assigneeId?: string;
  @Field(() => UserReference, { nullable: true }) assignee?: UserReference;
  @Field({ nullable: true }) plannedDate?: Date;
  @Field() registeredAt!: Date;
  @Field(() => SlaState) slaState!: string;
  @Field({ nullable: true }) providerFreedAt?: Date;
  @Field() closeWithoutProcessingAllowed!: boolean;
  @Field(() => [ClockType], { description: 'Every clock so far, running ones first.' }) clocks!: ClockType[];
  @Field({ description: 'Workflow time of the latest change.' }) updatedAt!: Date;
}

@ObjectType('TicketEdge')
export class TicketEdgeType {
  @Field() cursor!: string;
  @Field(() => TicketType) node!: TicketType;
}

@ObjectType('TicketPageInfo')
export class PageInfoType {
  @Field({ nullable: true }) endCursor?: string;
  @Field() hasNextPage!: boolean;
}

@ObjectType('TicketConnection')
export class TicketConnectionType {
  @Field(() => [TicketEdgeType]) edges!: TicketEdgeType[];
  @Field(() => PageInfoType) pageInfo!: PageInfoType;
  @Field({
    description:
      'Pass as filter.updatedSince on the next poll to get what changed since. It lies a little before this answer, so polls overlap: keep the newest of each ticket by updatedAt.',
  })
  asOf!: Date;
}

@InputType()
export class TicketFilterInput {
  @Field(() => [TicketStatus], { nullable: true }) status?: TicketStatus[];
  @Field(() => [CategoryEnum], { nullable: true }) category?: Category[];
  @Field(() => [PriorityEnum], { nullable: true }) priority?: Priority[];
  @Field(() => [SlaState], { nullable: true }) slaState?: SlaState[];
  @Field(() => ID, { nullable: true }) assignee?: string;
  @Field(() => ID, { nullable: true, description: 'Provider staff: one customer. Customers: their own (another is FORBIDDEN).' })
  customerId?: string;
  @Field({ nullable: true }) component?: string;
  @Field({ nullable: true, description: 'Case-insensitive text in the title.' }) text?: string;
  @Field({ nullable: true, description: 'Only tickets changed at or after this instant (see TicketConnection.asOf).' })
  updatedSince?: Date;
}

@InputType()
export class RegisterTicketInput {
  @Field({ description: 'Chosen by the client (a UUID): a retry with the same id returns the same ticket.' }) requestId!: string;
  @Field(() => ID, { nullable: true, description: 'Provider staff registering for a customer (hotline, e-mail); customers: omit.' })
  customerId?: string;
  @Field() title!: string;
  @Field() description!: string;
  @Field() component!: string;
  @Field(() => Channel, { defaultValue: Channel.PORTAL }) channel!: Channel;
  @Field({ defaultValue: false, description: 'A warranty case: must be classified URGENT.' }) warranty!: boolean;
  @Field(() => [AttachmentInput], { nullable: true, description: 'Stored with the ticket; part of what a retry must repeat.' })
  attachments?: AttachmentInput[];
}

/** What every primary analysis decides: the classification and the responsible specialist. */
@InputType({ isAbstract: true })
abstract class TriageInput {
  @Field(() => ID) ticketId!: string;
  @Field(() => CategoryEnum) category!: Category;
  @Field(() => PriorityEnum) priority!: Priority;
  @Field(() => ID) assignee!: string;
}

@InputType()
export class AnalyseTicketInput extends TriageInput {
  @Field() plannedDate!: Date;
  @Field({ nullable: true, description: 'Files a delay notice at once: allows a planned date beyond the deadline.' })
  delayNoticeReason?: string;
}

@InputType()
export class PhoneAttemptInput {
  @Field() at!: Date;
  @Field(() => PhoneOutcome) outcome!: PhoneOutcome;
  @Field({ nullable: true }) note?: string;
}

@InputType()
export class RequestClarificationInput extends TriageInput {
  @Field() question!: string;
  @Field(() => PhoneAttemptInput, { description: 'The phone call tried first.' }) phoneAttempt!: PhoneAttemptInput;
}

@InputType()
export class FileDelayNoticeInput {
  @Field(() => ID) ticketId!: string;
  @Field() reason!: string;
  @Field({ nullable: true, description: 'Default: the running clock of your side.' }) clockId?: string;
  @Field({ nullable: true, description: 'Provider, solution clock: the new planned date.' }) newPlannedDate?: Date;
}

@InputType()
export class AddCommentInput {
  @Field(() => ID) ticketId!: string;
  @Field() body!: string;
  @Field({ defaultValue: false, description: 'Provider staff only: never shown to customers.' }) internal!: boolean;
  @Field(() => [AttachmentInput], { nullable: true, description: 'As visible as the comment.' }) attachments?: AttachmentInput[];
}
