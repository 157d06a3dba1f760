// GraphQL types of the notifications subgraph: the in-app feed, preferences, and the email channel's state for
// provider staff.
import { Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { LOCALES, NOTICE_KINDS } from '../notices/kinds';

const enumOf = <T extends string>(values: readonly T[]): Record<T, T> => Object.fromEntries(values.map((v) => [v, v])) as Record<T, T>;
export const NoticeKindEnum = enumOf(NOTICE_KINDS);
export const LocaleEnum = enumOf(LOCALES);
export const EmailStatusEnum = enumOf(['PENDING', 'SENT', 'FAILED'] as const);
export const InboundOutcomeEnum = enumOf(['RECEIVED', 'TICKET', 'COMMENT', 'FORWARDED', 'REJECTED'] as const);

registerEnumType(NoticeKindEnum, { name: 'NoticeKind' });
registerEnumType(LocaleEnum, { name: 'NoticeLocale', description: 'ru (default) or en.' });
registerEnumType(EmailStatusEnum, { name: 'OutgoingEmailStatus', description: 'PENDING (queued or retrying), SENT, FAILED (gave up).' });
registerEnumType(InboundOutcomeEnum, { name: 'InboundEmailOutcome', description: 'RECEIVED only while being processed.' });

@ObjectType('Notification', { description: 'A notice in the recipient’s in-app feed.' })
export class NotificationType {
  @Field(() => ID) id!: string;
  @Field(() => NoticeKindEnum) kind!: string;
  @Field(() => ID, { nullable: true }) ticketId?: string | null;
  @Field() subject!: string;
  @Field() body!: string;
  @Field() createdAt!: Date;
  @Field(() => Date, { nullable: true }) readAt?: Date | null;
}

@ObjectType('NotificationEdge')
export class NotificationEdgeType {
  @Field() cursor!: string;
  @Field(() => NotificationType) node!: NotificationType;
}

@ObjectType('NotificationPageInfo')
export class NotificationPageInfoType {
  @Field(() => String, { nullable: true }) endCursor?: string;
  @Field() hasNextPage!: boolean;
}

@ObjectType('NotificationConnection')
export class NotificationConnectionType {
  @Field(() => [NotificationEdgeType]) edges!: NotificationEdgeType[];
  @Field(() => NotificationPageInfoType) pageInfo!: NotificationPageInfoType;
}

@ObjectType('NotificationPreferences')
export class NotificationPreferencesType {
  @Field(() => LocaleEnum) locale!: string;
  @Field(() => [NoticeKindEnum], { description: 'Kinds you get no email for (they still appear in the feed).' })
  emailOffKinds!: string[];
}

@InputType()
export class NotificationPreferencesInput {
  @Field(() => LocaleEnum, { nullable: true }) locale?: string;
  @Field(() => [NoticeKindEnum], { nullable: true, description: 'Replaces the kinds you get no email for.' })
  emailOffKinds?: string[];
}

@ObjectType('OutgoingEmail', { description: 'An email we send (provider staff): its delivery state.' })
export class OutgoingEmailType {
  @Field(() => ID) id!: string;
  @Field({ description: 'NOTICE or FORWARD' }) purpose!: string;
  @Field() toAddress!: string;
  @Field() subject!: string;
  @Field(() => EmailStatusEnum) status!: string;
  @Field(() => Int) attempts!: number;
  @Field(() => String, { nullable: true }) lastError?: string | null;
  @Field() nextAttemptAt!: Date;
  @Field() createdAt!: Date;
  @Field(() => Date, { nullable: true }) sentAt?: Date | null;
}

@ObjectType('InboundEmail', { description: 'A message the inbound channel received, and its outcome (provider staff).' })
export class InboundEmailType {
  @Field(() => ID) id!: string;
  @Field() messageId!: string;
  @Field({ description: 'The SMTP envelope sender: the address that is trusted.' }) envelopeFrom!: string;
  @Field(() => String, { nullable: true }) headerFrom?: string | null;
  @Field() subject!: string;
  @Field(() => Int) sizeBytes!: number;
  @Field(() => InboundOutcomeEnum) outcome!: string;
  @Field(() => String, { nullable: true }) reason?: string | null;
  @Field(() => ID, { nullable: true }) ticketId?: string | null;
  @Field(() => ID, { nullable: true }) commentId?: string | null;
  @Field(() => String, { nullable: true }) forwardedTo?: string | null;
  @Field() receivedAt!: Date;
  @Field(() => [InboundAttachmentType]) attachments!: InboundAttachmentType[];
}

@ObjectType('InboundAttachment', { description: 'An attachment kept by the email channel.' })
export class InboundAttachmentType {
  @Field(() => ID) id!: string;
  @Field() filename!: string;
  @Field() contentType!: string;
  @Field(() => Int) sizeBytes!: number;
  @Field() sha256!: string;
}

@ObjectType('EmailChannelStatus', { description: 'The email channel at a glance (provider staff).' })
export class EmailChannelStatusType {
  @Field(() => Int) pendingEmails!: number;
  @Field(() => Int) failedEmails!: number;
  @Field(() => Date, { nullable: true, description: 'The oldest email still waiting to go out.' }) oldestPendingAt?: Date | null;
  @Field(() => String, { nullable: true }) lastError?: string | null;
}
