// Who may see and manage whom. Pure functions over the caller and the target's organization.
import type { GraphQLError } from 'graphql';
import { badUserInput, forbidden, hasAnyRole, isProviderStaff, Role, type Caller } from '@sla-desk/auth';
import type { OrganizationKind } from '../generated/prisma/client';

export interface OrgRef {
  id: string;
  kind: OrganizationKind;
}

/** Customers see their own organization's users and the provider's staff (e.g. the specialist on a ticket). */
export function canViewUserOf(caller: Caller, org: OrgRef): boolean {
  return isProviderStaff(caller) || org.id === caller.organizationId || org.kind === 'PROVIDER';
}

/** Customers see their own organization and the provider's; provider staff see all. */
export function canViewOrganization(caller: Caller, org: OrgRef): boolean {
  return canViewUserOf(caller, org);
}

/** Listing an organization's users: provider staff, or members of that organization. */
export function canListUsersOf(caller: Caller, org: OrgRef): boolean {
  return isProviderStaff(caller) || org.id === caller.organizationId;
}

/**
 * Managing users and the access list of `org`: provider admins everywhere, support managers in customer
 * organizations, a customer's admins in their own organization.
 */
export function canManage(caller: Caller, org: OrgRef): boolean {
  if (isProviderStaff(caller)) {
    if (hasAnyRole(caller, [Role.ADMIN])) return true;
    return org.kind === 'CUSTOMER' && hasAnyRole(caller, [Role.SUPPORT_MANAGER]);
  }
  return org.id === caller.organizationId && hasAnyRole(caller, [Role.CUSTOMER_ADMIN]);
}

const FOREIGN = 'You may not access another organization';

export function assertCanManage(caller: Caller, org: OrgRef): void {
  if (!canManage(caller, org)) {
    throw forbidden(
      org.id === caller.organizationId || isProviderStaff(caller) ? 'You may not manage users of this organization' : FOREIGN,
    );
  }
}

/**
 * assertCanManage for a target looked up by id (`org`: its organization, or null when there is none). To a
 * customer, an id that does not exist answers exactly as another organization's does, so ids reveal nothing.
 */
export function assertCanManageFound(
  caller: Caller,
  org: OrgRef | null | undefined,
  missing: { what: string; field: string },
): asserts org is OrgRef {
  if (!org) {
    if (!isProviderStaff(caller)) throw forbidden(FOREIGN);
    throw badUserInput(`No such ${missing.what}`, { field: missing.field });
  }
  assertCanManage(caller, org);
}

/**
 * An address (in the organization's own mail domains) that is registered with another organization. The admin
 * needs to know it cannot be added and who can fix it, not whose it is: the error names no organization.
 */
export function addressInUseElsewhere(email: string, field: string): GraphQLError {
  return badUserInput(`${email} is registered with another organization and cannot be added here; the provider can move it`, { field });
}
