// Tenant scoping: customer users see their own organization's data only; provider staff see every organization's.
// Use these in every resolver/service that reads or writes customer data, so the filter is never forgotten:
//   const where = { ...tenantWhere(caller), status: 'OPEN' };          // list queries
//   assertTenantAccess(caller, ticket.organizationId);                  // single rows, after loading
//   const orgId = resolveOrganizationScope(caller, args.organizationId); // an optional organization argument
import { isProviderStaff, type Caller } from './caller';
import { forbidden } from './errors';

/** A filter fragment to spread into a query's `where`: `{}` for provider staff, else the caller's organization. */
export function tenantWhere<K extends string = 'organizationId'>(
  caller: Caller,
  field: K = 'organizationId' as K,
): Partial<Record<K, string>> {
  if (isProviderStaff(caller)) return {};
  return { [field]: caller.organizationId } as Partial<Record<K, string>>;
}

export function canAccessOrganization(caller: Caller, organizationId: string): boolean {
  return isProviderStaff(caller) || caller.organizationId === organizationId;
}

/** Throws FORBIDDEN unless the caller may see data of `organizationId`. */
export function assertTenantAccess(caller: Caller, organizationId: string, what = 'this resource'): void {
  if (!canAccessOrganization(caller, organizationId)) {
    throw forbidden(`You may not access ${what}: it belongs to another organization`);
  }
}

/**
 * The organization an operation with an optional `organizationId` argument works on. Customer users: their own
 * (asking for another is FORBIDDEN). Provider staff: the one asked for, or undefined = all organizations.
 */
export function resolveOrganizationScope(caller: Caller, requested?: string | null): string | undefined {
  if (isProviderStaff(caller)) return requested ?? undefined;
  if (requested != null && requested !== caller.organizationId) {
    throw forbidden('You may not access another organization');
  }
  return caller.organizationId;
}
