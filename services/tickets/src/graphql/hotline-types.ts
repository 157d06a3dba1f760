// GraphQL types of hotline calls (code-first).
import { Field, ID, InputType, ObjectType } from '@nestjs/graphql';
import { AttachmentInput, OrganizationReference, UserReference } from './types';

@ObjectType('HotlineCall', { description: 'A call to the hotline as the specialist logged it.' })
export class HotlineCallType {
  @Field(() => ID) id!: string;
  @Field(() => ID, { description: 'The caller’s organization (a customer).' }) customerId!: string;
  @Field(() => OrganizationReference) customer!: OrganizationReference;
  @Field(() => ID) contractId!: string;
  @Field(() => ID, { description: 'The specialist who took the call.' }) specialistId!: string;
  @Field(() => UserReference) specialist!: UserReference;
  @Field() callerName!: string;
  @Field({ nullable: true }) callerPhone?: string;
  @Field({ nullable: true }) callerEmail?: string;
  @Field() question!: string;
  @Field({ description: 'Settled during the call.' }) resolved!: boolean;
  @Field({ nullable: true }) answer?: string;
  @Field() calledAt!: Date;
  @Field({ nullable: true, description: 'Unresolved calls: the callback promised by then (within 3 working days).' }) callbackBy?: Date;
  @Field({ nullable: true, description: "callbackBy in the contract's zone." }) callbackByLocal?: string;
  @Field({ nullable: true }) calledBackAt?: Date;
  @Field({ nullable: true }) callbackOutcome?: string;
  @Field(() => ID, { nullable: true, description: 'The ticket made from this call.' }) ticketId?: string;
}

@ObjectType('HotlineCallEdge')
export class HotlineCallEdgeType {
  @Field() cursor!: string;
  @Field(() => HotlineCallType) node!: HotlineCallType;
}

@ObjectType('HotlineCallConnection')
export class HotlineCallConnectionType {
  @Field(() => [HotlineCallEdgeType]) edges!: HotlineCallEdgeType[];
  @Field({ nullable: true }) endCursor?: string;
  @Field() hasNextPage!: boolean;
}

@InputType()
export class LogHotlineCallInput {
  @Field({ description: 'Chosen by the client (a UUID): a retry with the same id returns the same call.' }) requestId!: string;
  @Field(() => ID, { description: 'The caller’s organization.' }) customerId!: string;
  @Field() callerName!: string;
  @Field({ nullable: true, description: 'Required (or callerEmail) when the call is not resolved.' }) callerPhone?: string;
  @Field({ nullable: true }) callerEmail?: string;
  @Field() question!: string;
  @Field() resolved!: boolean;
  @Field({ nullable: true, description: 'What was answered.' }) answer?: string;
  @Field({ nullable: true, description: 'Default now; a call logged after hanging up: at most 24 hours ago.' }) calledAt?: Date;
  @Field({
    nullable: true,
    description:
      "Unresolved calls (required): after the call and within 3 working days on the contract's calendar; otherwise BAD_USER_INPUT.",
  })
  callbackBy?: Date;
}

@InputType()
export class HotlineCallFilterInput {
  @Field(() => ID, { nullable: true, description: 'Provider staff: one customer. Customers: their own.' }) customerId?: string;
  @Field({ nullable: true }) resolved?: boolean;
  @Field({ nullable: true, description: 'Unresolved calls not called back yet (true), or the others (false).' }) awaitingCallback?: boolean;
  @Field(() => ID, { nullable: true }) specialistId?: string;
  @Field({ nullable: true }) calledFrom?: Date;
  @Field({ nullable: true }) calledTo?: Date;
  @Field({ nullable: true, description: "Case-insensitive, in the caller's name or the question." }) text?: string;
}

@InputType()
export class CreateTicketFromCallInput {
  @Field(() => ID) callId!: string;
  @Field() title!: string;
  @Field({ nullable: true, description: 'Default: the question asked on the call.' }) description?: string;
  @Field() component!: string;
  @Field({ defaultValue: false }) warranty!: boolean;
  @Field(() => [AttachmentInput], { nullable: true }) attachments?: AttachmentInput[];
}
