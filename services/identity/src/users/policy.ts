// Who may see and manage whom. Pure functions over the caller and the target's organisation.
import { forbidden, hasAnyRole, isProviderStaff, Role, type Caller } from '@sla-desk/auth';
import type { OrganizationKind } from '../generated/prisma/client';

export interface OrgRef {
  id: string;
  kind: OrganizationKind;
}

/** Customers see their own organisation's users and the provider's staff (e.g. the specialist on a ticket). */
export function canViewUserOf(caller: Caller, org: OrgRef): boolean {
  return isProviderStaff(caller) || org.id === caller.organizationId || org.kind === 'PROVIDER';
}

/** Customers see their own organisation and the provider's; provider staff see all. */
export function canViewOrganization(caller: Caller, org: OrgRef): boolean {
  return canViewUserOf(caller, org);
}

/** Listing an organisation's users: provider staff, or members of that organisation. */
export function canListUsersOf(caller: Caller, org: OrgRef): boolean {
  return isProviderStaff(caller) || org.id === caller.organizationId;
}

/**
 * Managing users and the access list of `org`: provider admins everywhere, support managers in customer
 * organisations, a customer's admins in their own organisation.
 */
export function canManage(caller: Caller, org: OrgRef): boolean {
  if (isProviderStaff(caller)) {
    if (hasAnyRole(caller, [Role.ADMIN])) return true;
    return org.kind === 'CUSTOMER' && hasAnyRole(caller, [Role.SUPPORT_MANAGER]);
  }
  return org.id === caller.organizationId && hasAnyRole(caller, [Role.CUSTOMER_ADMIN]);
}

export function assertCanManage(caller: Caller, org: OrgRef): void {
  if (!canManage(caller, org)) {
    throw forbidden(
      org.id === caller.organizationId || isProviderStaff(caller)
        ? 'You may not manage users of this organisation'
        : 'You may not access another organisation',
    );
  }
}
