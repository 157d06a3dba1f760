// The customer's access list: the employees allowed into the portal. A customer admin (or the provider on the
// customer's behalf) submits the complete list; people left off lose access and their sessions end at once.
import { Inject, Injectable } from '@nestjs/common';
import { badUserInput, type Caller } from '@sla-desk/auth';
import { IDENTITY_EVENTS, type IdentityEvents } from '../common/events';
import { PrismaService, type Tx } from '../common/prisma.service';
import { requireEmail, requireName, requireUuid } from '../common/validation';
import type { Organization } from '../generated/prisma/client';
import { RevokeReason, Sessions } from '../auth/sessions';
import { MailDomains } from '../organizations/mail-domains';
import { addressInUseElsewhere, assertCanManageFound } from '../users/policy';
import { WITH_ACCESS, type UserWithAccess } from '../users/user-access';
import { isUniqueViolation, UsersService, type PasswordSetupTicket } from '../users/users.service';

export const MAX_ACCESS_LIST_LENGTH = 1000;

export interface EmployeeInput {
  email: string;
  displayName: string;
}

export interface AccessListResult {
  organization: Organization;
  members: UserWithAccess[];
  granted: UserWithAccess[];
  revoked: UserWithAccess[];
  setupTickets: PasswordSetupTicket[];
}

@Injectable()
export class AccessListService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly users: UsersService,
    private readonly sessions: Sessions,
    private readonly mailDomains: MailDomains,
    @Inject(IDENTITY_EVENTS) private readonly events: IdentityEvents,
  ) {}

  async members(organizationId: string): Promise<UserWithAccess[]> {
    return this.prisma.user.findMany({
      where: { organizationId, accessEntry: { isNot: null } },
      include: WITH_ACCESS,
      orderBy: [{ displayName: 'asc' }, { id: 'asc' }],
    });
  }

  /** Replaces the organization's list with `employees`; unknown employees are registered. */
  async submit(caller: Caller, organizationIdRaw: string, employees: readonly EmployeeInput[]): Promise<AccessListResult> {
    const org = await this.customerOrganization(caller, organizationIdRaw);
    if (employees.length > MAX_ACCESS_LIST_LENGTH) {
      throw badUserInput(`An access list has at most ${MAX_ACCESS_LIST_LENGTH} employees`, { field: 'employees' });
    }
    const wanted = new Map<string, { displayName: string; field: string }>();
    employees.forEach((employee, i) => {
      const field = `employees[${i}].email`;
      const email = requireEmail(employee.email, field);
      const displayName = requireName(employee.displayName, `employees[${i}].displayName`);
      if (wanted.has(email)) throw badUserInput(`${email} is listed twice`, { field });
      wanted.set(email, { displayName, field });
    });
    const now = new Date();
    try {
      return await this.prisma.$transaction(async (tx) => {
        // Serialise submissions for one organization.
        await tx.$executeRaw`SELECT id FROM organizations WHERE id = ${org.id}::uuid FOR UPDATE`;
        const registered = await tx.user.findMany({ where: { email: { in: [...wanted.keys()] } }, include: WITH_ACCESS });
        const existing = registered.filter((user) => user.organizationId === org.id);
        const members = new Set(existing.map((user) => user.email));
        // Addresses outside the organization's domains are refused before anyone learns whether they exist.
        const newcomers = [...wanted].filter(([email]) => !members.has(email)).map(([email, { field }]) => ({ email, field }));
        await this.mailDomains.assertMayRegister(tx, org, newcomers);
        const elsewhere = registered.find((user) => user.organizationId !== org.id);
        if (elsewhere) throw addressInUseElsewhere(elsewhere.email, wanted.get(elsewhere.email)!.field);
        if (caller.organizationId === org.id && !existing.some((u) => u.id === caller.userId)) {
          throw badUserInput('The list must include you, or you would lose your own access', { field: 'employees' });
        }
        const byEmail = new Map(existing.map((u) => [u.email, u]));
        const setupTickets: PasswordSetupTicket[] = [];
        const memberIds: string[] = [];
        for (const [email, { displayName }] of wanted) {
          let user = byEmail.get(email);
          if (!user) {
            const created = await tx.user.create({
              data: { organizationId: org.id, email, displayName, roles: ['CUSTOMER_EMPLOYEE'] },
              include: WITH_ACCESS,
            });
            await this.events.userRegistered(tx, {
              id: created.id,
              organizationId: org.id,
              organizationKind: 'CUSTOMER',
              email,
              displayName,
              roles: created.roles,
              registeredAt: created.createdAt,
            });
            setupTickets.push(await this.users.issueSetupToken(tx, created.id, caller.userId, now));
            user = created;
          }
          memberIds.push(user.id);
        }
        const before = await tx.accessListEntry.findMany({ where: { organizationId: org.id }, select: { userId: true } });
        const beforeIds = new Set(before.map((e) => e.userId));
        const memberSet = new Set(memberIds);
        const grantedIds = memberIds.filter((id) => !beforeIds.has(id));
        const revokedIds = [...beforeIds].filter((id) => !memberSet.has(id));
        await this.apply(tx, caller, org.id, grantedIds, revokedIds, memberIds, now);
        const all = await tx.user.findMany({ where: { id: { in: [...memberIds, ...revokedIds] } }, include: WITH_ACCESS });
        const byId = new Map(all.map((u) => [u.id, u]));
        const pick = (ids: string[]) => ids.map((id) => byId.get(id)!).sort(byName);
        return { organization: org, members: pick(memberIds), granted: pick(grantedIds), revoked: pick(revokedIds), setupTickets };
      });
    } catch (error) {
      if (isUniqueViolation(error))
        throw badUserInput('One of the addresses was registered concurrently; submit again', { field: 'employees' });
      throw error;
    }
  }

  async grant(caller: Caller, userIdRaw: string): Promise<UserWithAccess> {
    const user = await this.customerUser(caller, userIdRaw);
    if (user.accessEntry) return user;
    const now = new Date();
    await this.prisma.$transaction(async (tx) => {
      const members = await tx.accessListEntry.findMany({ where: { organizationId: user.organizationId }, select: { userId: true } });
      await this.apply(tx, caller, user.organizationId, [user.id], [], [...members.map((m) => m.userId), user.id], now);
    });
    return (await this.users.findById(user.id))!;
  }

  async revoke(caller: Caller, userIdRaw: string): Promise<UserWithAccess> {
    const user = await this.customerUser(caller, userIdRaw);
    if (user.id === caller.userId) throw badUserInput('You cannot remove yourself from the access list', { field: 'userId' });
    if (!user.accessEntry) return user;
    const now = new Date();
    await this.prisma.$transaction(async (tx) => {
      const members = await tx.accessListEntry.findMany({ where: { organizationId: user.organizationId }, select: { userId: true } });
      const remaining = members.map((m) => m.userId).filter((id) => id !== user.id);
      await this.apply(tx, caller, user.organizationId, [], [user.id], remaining, now);
    });
    return (await this.users.findById(user.id))!;
  }

  private async apply(
    tx: Tx,
    caller: Caller,
    organizationId: string,
    granted: string[],
    revoked: string[],
    members: string[],
    now: Date,
  ): Promise<void> {
    if (granted.length === 0 && revoked.length === 0) return;
    if (revoked.length > 0) {
      await tx.accessListEntry.deleteMany({ where: { organizationId, userId: { in: revoked } } });
      for (const userId of revoked) await this.sessions.revokeAllForUser(userId, RevokeReason.ACCESS_REMOVED, now, { tx });
    }
    if (granted.length > 0) {
      await tx.accessListEntry.createMany({
        data: granted.map((userId) => ({ userId, organizationId, addedById: caller.userId, addedAt: now })),
        skipDuplicates: true,
      });
    }
    await this.events.accessListChanged(tx, { organizationId, members, granted, revoked, changedByUserId: caller.userId, at: now });
  }

  private async customerOrganization(caller: Caller, organizationIdRaw: string): Promise<Organization> {
    const id = requireUuid(organizationIdRaw, 'organizationId');
    const org = await this.prisma.organization.findUnique({ where: { id } });
    assertCanManageFound(caller, org, { what: 'organization', field: 'organizationId' });
    if (org.kind !== 'CUSTOMER') throw badUserInput('Only customer organizations have access lists', { field: 'organizationId' });
    return org;
  }

  private async customerUser(caller: Caller, userIdRaw: string): Promise<UserWithAccess> {
    const id = requireUuid(userIdRaw, 'userId');
    const user = await this.users.findById(id);
    assertCanManageFound(caller, user?.organization, { what: 'user', field: 'userId' });
    if (user.organization.kind !== 'CUSTOMER') {
      throw badUserInput('Provider staff are not on access lists', { field: 'userId' });
    }
    return user;
  }
}

function byName(a: UserWithAccess, b: UserWithAccess): number {
  return a.displayName.localeCompare(b.displayName) || a.id.localeCompare(b.id);
}
