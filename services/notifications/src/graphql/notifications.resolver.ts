// The in-app feed (each user sees only the notices addressed to them), their preferences, and the email channel's
// state for provider staff.
import { Args, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { badUserInput, CurrentUser, Role, Roles, type Caller } from '@sla-desk/auth';
import { DEFAULT_LOCALE, isNoticeKind, LOCALES, type Locale } from '../notices/kinds';
import { PrismaService } from '../prisma.service';
import {
  EmailChannelStatusType,
  EmailStatusEnum,
  InboundEmailType,
  NotificationConnectionType,
  NotificationPreferencesInput,
  NotificationPreferencesType,
  OutgoingEmailType,
} from './types';

const DEFAULT_PAGE_SIZE = 20;
const MAX_PAGE_SIZE = 100;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const STAFF = [Role.SPECIALIST, Role.SUPPORT_MANAGER, Role.ADMIN];

function pageSize(first: number): number {
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
    throw badUserInput(`first must be between 1 and ${MAX_PAGE_SIZE}`, { field: 'first', reason: 'INVALID_PAGE_SIZE' });
  }
  return first;
}

function encodeCursor(createdAt: Date, id: string): string {
  return Buffer.from(`${createdAt.toISOString()}|${id}`, 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): { createdAt: Date; id: string } {
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const createdAt = new Date(at ?? '');
  if (!id || !UUID.test(id) || Number.isNaN(createdAt.getTime())) {
    throw badUserInput('after is not a cursor of this list', { field: 'after', reason: 'INVALID_CURSOR' });
  }
  return { createdAt, id };
}

@Resolver()
export class NotificationsResolver {
  constructor(private readonly prisma: PrismaService) {}

  @Query(() => NotificationConnectionType, {
    description: `Your notifications, newest first (${DEFAULT_PAGE_SIZE} per page, at most ${MAX_PAGE_SIZE}).`,
  })
  async myNotifications(
    @CurrentUser() caller: Caller,
    @Args('first', { type: () => Int, defaultValue: DEFAULT_PAGE_SIZE }) first = DEFAULT_PAGE_SIZE,
    @Args('after', { type: () => String, nullable: true }) after?: string,
    @Args('unreadOnly', { type: () => Boolean, defaultValue: false }) unreadOnly = false,
  ): Promise<NotificationConnectionType> {
    const take = pageSize(first);
    const cursor = after ? decodeCursor(after) : null;
    const rows = await this.prisma.notice.findMany({
      where: {
        recipientId: caller.userId,
        ...(unreadOnly ? { readAt: null } : {}),
        ...(cursor ? { OR: [{ createdAt: { lt: cursor.createdAt } }, { createdAt: cursor.createdAt, id: { lt: cursor.id } }] } : {}),
      },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: take + 1,
    });
    const edges = rows.slice(0, take).map((node) => ({ cursor: encodeCursor(node.createdAt, node.id), node }));
    return { edges, pageInfo: { endCursor: edges.at(-1)?.cursor, hasNextPage: rows.length > take } };
  }

  @Query(() => Int, { description: 'How many of your notifications are unread.' })
  unreadNotificationCount(@CurrentUser() caller: Caller): Promise<number> {
    return this.prisma.notice.count({ where: { recipientId: caller.userId, readAt: null } });
  }

  @Mutation(() => Int, {
    description: 'Marks these notifications of yours read; returns how many changed. Ids of others’ notices change nothing.',
  })
  async markNotificationsRead(@CurrentUser() caller: Caller, @Args('ids', { type: () => [ID] }) ids: string[]): Promise<number> {
    if (ids.length > MAX_PAGE_SIZE) throw badUserInput(`at most ${MAX_PAGE_SIZE} ids`, { field: 'ids', reason: 'TOO_MANY_IDS' });
    const bad = ids.find((id) => !UUID.test(id));
    if (bad !== undefined) throw badUserInput('ids must be notification ids', { field: 'ids', reason: 'INVALID_ID' });
    const { count } = await this.prisma.notice.updateMany({
      where: { id: { in: ids }, recipientId: caller.userId, readAt: null },
      data: { readAt: new Date() },
    });
    return count;
  }

  @Mutation(() => Int, { description: 'Marks all your notifications read; returns how many changed.' })
  async markAllNotificationsRead(@CurrentUser() caller: Caller): Promise<number> {
    const { count } = await this.prisma.notice.updateMany({
      where: { recipientId: caller.userId, readAt: null },
      data: { readAt: new Date() },
    });
    return count;
  }

  @Query(() => NotificationPreferencesType, { description: 'Your language and the kinds you get no email for.' })
  async myNotificationPreferences(@CurrentUser() caller: Caller): Promise<NotificationPreferencesType> {
    const pref = await this.prisma.userPreference.findUnique({ where: { userId: caller.userId } });
    return { locale: pref?.locale ?? DEFAULT_LOCALE, emailOffKinds: pref?.emailOffKinds ?? [] };
  }

  @Mutation(() => NotificationPreferencesType, {
    description: 'Changes your notification language and email choices (omitted fields stay).',
  })
  async updateMyNotificationPreferences(
    @CurrentUser() caller: Caller,
    @Args('input') input: NotificationPreferencesInput,
  ): Promise<NotificationPreferencesType> {
    if (input.locale != null && !(LOCALES as readonly string[]).includes(input.locale)) {
      throw badUserInput('locale must be ru or en', { field: 'locale', reason: 'INVALID_LOCALE' });
    }
    if (input.emailOffKinds?.some((k) => !isNoticeKind(k)))
      throw badUserInput('unknown notice kind', { field: 'emailOffKinds', reason: 'INVALID_KIND' });
    if (!UUID.test(caller.userId)) throw badUserInput('only users have preferences', { reason: 'NOT_A_USER' });
    const data = {
      ...(input.locale != null ? { locale: input.locale as Locale } : {}),
      ...(input.emailOffKinds != null ? { emailOffKinds: [...new Set(input.emailOffKinds)] } : {}),
    };
    const pref = await this.prisma.userPreference.upsert({
      where: { userId: caller.userId },
      create: { userId: caller.userId, ...data },
      update: data,
    });
    return { locale: pref.locale, emailOffKinds: pref.emailOffKinds };
  }

  @Roles(...STAFF)
  @Query(() => [OutgoingEmailType], { description: 'Emails we send, newest first (provider staff); filter by status to see failures.' })
  outgoingEmails(
    @Args('status', { type: () => EmailStatusEnum, nullable: true }) status?: string,
    @Args('first', { type: () => Int, defaultValue: DEFAULT_PAGE_SIZE }) first = DEFAULT_PAGE_SIZE,
  ): Promise<OutgoingEmailType[]> {
    return this.prisma.outgoingEmail.findMany({ where: status ? { status } : {}, orderBy: { createdAt: 'desc' }, take: pageSize(first) });
  }

  @Roles(...STAFF)
  @Query(() => EmailChannelStatusType, { description: 'Outbound email backlog and failures (provider staff).' })
  async emailChannelStatus(): Promise<EmailChannelStatusType> {
    const [pendingEmails, failedEmails, oldest, lastFailed] = await Promise.all([
      this.prisma.outgoingEmail.count({ where: { status: 'PENDING' } }),
      this.prisma.outgoingEmail.count({ where: { status: 'FAILED' } }),
      this.prisma.outgoingEmail.findFirst({ where: { status: 'PENDING' }, orderBy: { createdAt: 'asc' }, select: { createdAt: true } }),
      this.prisma.outgoingEmail.findFirst({
        where: { lastError: { not: null }, status: { not: 'SENT' } },
        orderBy: { createdAt: 'desc' },
        select: { lastError: true },
      }),
    ]);
    return { pendingEmails, failedEmails, oldestPendingAt: oldest?.createdAt ?? null, lastError: lastFailed?.lastError ?? null };
  }

  @Roles(...STAFF)
  @Query(() => [InboundEmailType], { description: 'Inbound messages and their outcomes, newest first (provider staff).' })
  inboundEmails(
    @Args('first', { type: () => Int, defaultValue: DEFAULT_PAGE_SIZE }) first = DEFAULT_PAGE_SIZE,
  ): Promise<InboundEmailType[]> {
    return this.prisma.inboundEmail.findMany({
      orderBy: { receivedAt: 'desc' },
      take: pageSize(first),
      include: { attachments: { select: { id: true, filename: true, contentType: true, sizeBytes: true, sha256: true } } },
    }) as Promise<InboundEmailType[]>;
  }
}
