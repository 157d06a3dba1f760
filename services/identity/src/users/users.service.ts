// Users: lookups (batched), creation, password setup and reset, password change.
import { Inject, Injectable } from '@nestjs/common';
import { badUserInput, rolesAllowedFor, unauthenticated, type Caller, type RequestIdentity } from '@sla-desk/auth';
import { IDENTITY_CONFIG, type IdentityConfig } from '../config';
import { IDENTITY_EVENTS, type IdentityEvents } from '../common/events';
import { Passwords } from '../common/passwords';
import { PrismaService, type Tx } from '../common/prisma.service';
import { hashOpaqueToken, newOpaqueToken } from '../common/tokens';
import { requireEmail, requireName, requireUuid } from '../common/validation';
import { Prisma, type Role } from '../generated/prisma/client';
import { LoginThrottle } from '../auth/login-throttle';
import { RevokeReason, Sessions } from '../auth/sessions';
import { MailDomains } from '../organizations/mail-domains';
import { addressInUseElsewhere, assertCanManageFound } from './policy';
import { WITH_ACCESS, type UserWithAccess } from './user-access';

export interface PasswordSetupTicket {
  userId: string;
  token: string;
  expiresAt: Date;
}

export interface NewUserInput {
  organizationId: string;
  email: string;
  displayName: string;
  roles: Role[];
  portalAccess?: boolean | null;
}

export function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';
}

const INVALID_SETUP_TOKEN = 'Invalid or expired password setup token';

@Injectable()
export class UsersService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly passwords: Passwords,
    private readonly sessions: Sessions,
    private readonly throttle: LoginThrottle,
    private readonly mailDomains: MailDomains,
    @Inject(IDENTITY_CONFIG) private readonly config: IdentityConfig,
    @Inject(IDENTITY_EVENTS) private readonly events: IdentityEvents,
  ) {}

  async findManyByIds(ids: readonly string[]): Promise<UserWithAccess[]> {
    return this.prisma.user.findMany({ where: { id: { in: [...ids] } }, include: WITH_ACCESS });
  }

  async findById(id: string): Promise<UserWithAccess | null> {
    return this.prisma.user.findUnique({ where: { id }, include: WITH_ACCESS });
  }

  async list(organizationId: string | undefined): Promise<UserWithAccess[]> {
    return this.prisma.user.findMany({
      where: organizationId ? { organizationId } : {},
      include: WITH_ACCESS,
      orderBy: [{ displayName: 'asc' }, { id: 'asc' }],
      take: 1000,
    });
  }

  /** Creates a user (and, for customers, by default puts them on the access list). */
  async create(caller: Caller | null, input: NewUserInput): Promise<{ user: UserWithAccess; ticket: PasswordSetupTicket }> {
    const organizationId = requireUuid(input.organizationId, 'organizationId');
    const email = requireEmail(input.email, 'email');
    const displayName = requireName(input.displayName, 'displayName');
    const org = await this.prisma.organization.findUnique({ where: { id: organizationId } });
    if (caller) assertCanManageFound(caller, org, { what: 'organization', field: 'organizationId' });
    else if (!org) throw badUserInput('No such organization', { field: 'organizationId' });
    const roles = [...new Set(input.roles)];
    if (roles.length === 0) throw badUserInput('A user needs at least one role', { field: 'roles' });
    const allowed = rolesAllowedFor(org.kind);
    const wrong = roles.filter((role) => !allowed.includes(role));
    if (wrong.length > 0) {
      throw badUserInput(`Roles ${wrong.join(', ')} are not allowed for a ${org.kind.toLowerCase()} organization`, { field: 'roles' });
    }
    await this.mailDomains.assertMayRegister(this.prisma, org, [{ email, field: 'email' }]);
    const portalAccess = org.kind === 'CUSTOMER' && input.portalAccess !== false;
    const now = new Date();
    try {
      return await this.prisma.$transaction(async (tx) => {
        const user = await tx.user.create({ data: { organizationId, email, displayName, roles } });
        await this.events.userRegistered(tx, {
          id: user.id,
          organizationId,
          organizationKind: org.kind,
          email,
          displayName,
          roles,
          registeredAt: user.createdAt,
        });
        if (portalAccess) {
          await tx.accessListEntry.create({ data: { userId: user.id, organizationId, addedById: caller?.userId ?? null } });
          const members = await tx.accessListEntry.findMany({ where: { organizationId }, select: { userId: true } });
          await this.events.accessListChanged(tx, {
            organizationId,
            members: members.map((m) => m.userId),
            granted: [user.id],
            revoked: [],
            changedByUserId: caller?.userId ?? null,
            at: now,
          });
        }
        const ticket = await this.issueSetupToken(tx, user.id, caller?.userId ?? null, now);
        const full = await tx.user.findUniqueOrThrow({ where: { id: user.id }, include: WITH_ACCESS });
        return { user: full, ticket };
      });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      // Taken: "already exists" only within the organization itself, whose users the caller sees anyway.
      const holder = await this.prisma.user.findUnique({ where: { email }, select: { organizationId: true } });
      if (holder?.organizationId === org.id) throw badUserInput('A user with this email address already exists', { field: 'email' });
      throw addressInUseElsewhere(email, 'email');
    }
  }

  /** Admin reset: the old password stops working at once, sessions end, and a one-time setup token is issued. */
  async resetPassword(caller: Caller, userId: string): Promise<PasswordSetupTicket> {
    const id = requireUuid(userId, 'userId');
    const user = await this.findById(id);
    assertCanManageFound(caller, user?.organization, { what: 'user', field: 'userId' });
    if (user.id === caller.userId) throw badUserInput('Use changePassword to change your own password', { field: 'userId' });
    const now = new Date();
    return this.prisma.$transaction(async (tx) => {
      await tx.user.update({ where: { id }, data: { passwordHash: null, passwordChangedAt: now } });
      await this.sessions.revokeAllForUser(id, RevokeReason.PASSWORD_RESET, now, { tx });
      return this.issueSetupToken(tx, id, caller.userId, now);
    });
  }

  /** Sets a password with a one-time setup token (new users, after an admin reset). */
  async completePasswordSetup(token: string, newPassword: string): Promise<void> {
    const hash = hashOpaqueToken(token, 'ps');
    if (hash === null) throw badUserInput(INVALID_SETUP_TOKEN, { field: 'token' });
    const now = new Date();
    const row = await this.prisma.passwordResetToken.findUnique({ where: { tokenHash: hash }, include: { user: true } });
    if (!row || row.usedAt !== null || row.expiresAt <= now || row.user.status !== 'ACTIVE') {
      throw badUserInput(INVALID_SETUP_TOKEN, { field: 'token' });
    }
    this.passwords.assertAcceptable(newPassword, row.user);
    const passwordHash = await this.passwords.hash(newPassword);
    await this.prisma.$transaction(async (tx) => {
      const claimed = await tx.passwordResetToken.updateMany({ where: { id: row.id, usedAt: null }, data: { usedAt: now } });
      if (claimed.count === 0) throw badUserInput(INVALID_SETUP_TOKEN, { field: 'token' });
      await tx.user.update({ where: { id: row.userId }, data: { passwordHash, passwordChangedAt: now } });
      await this.sessions.revokeAllForUser(row.userId, RevokeReason.PASSWORD_RESET, now, { tx });
    });
    await this.throttle.clearAccount(row.user.email);
  }

  /** The caller changes their own password; their other sessions end. */
  async changePassword(caller: Caller, identity: RequestIdentity, currentPassword: string, newPassword: string): Promise<void> {
    const user = await this.findById(caller.userId);
    if (!user) throw unauthenticated();
    const attempt = await this.throttle.reserve(user.email, identity.clientAddress);
    if (!(await this.passwords.verify(user.passwordHash, currentPassword))) {
      throw badUserInput('The current password is incorrect', { field: 'currentPassword' });
    }
    await this.throttle.succeeded(attempt);
    this.passwords.assertAcceptable(newPassword, user);
    if (currentPassword === newPassword) {
      throw badUserInput('The new password must differ from the current one', { field: 'newPassword' });
    }
    const passwordHash = await this.passwords.hash(newPassword);
    const now = new Date();
    await this.prisma.$transaction(async (tx) => {
      await tx.user.update({ where: { id: user.id }, data: { passwordHash, passwordChangedAt: now } });
      await this.sessions.revokeAllForUser(user.id, RevokeReason.PASSWORD_CHANGED, now, {
        tx,
        exceptSessionId: caller.sessionId,
      });
    });
  }

  async issueSetupToken(tx: Tx, userId: string, requestedById: string | null, now: Date): Promise<PasswordSetupTicket> {
    // Earlier unused tokens of the user stop working.
    await tx.passwordResetToken.updateMany({ where: { userId, usedAt: null }, data: { usedAt: now } });
    const token = newOpaqueToken('ps');
    const expiresAt = new Date(now.getTime() + this.config.passwordSetupTtlSeconds * 1000);
    await tx.passwordResetToken.create({ data: { userId, tokenHash: hashOpaqueToken(token, 'ps')!, requestedById, expiresAt } });
    return { userId, token, expiresAt };
  }
}
