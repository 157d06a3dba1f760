// Who is calling: the authenticated user as the gateway established it from the access token.
import { isOrganizationKind, isRole, OrganizationKind, type Role } from './roles';

export interface Caller {
  userId: string;
  organizationId: string;
  organizationKind: OrganizationKind;
  roles: readonly Role[];
  /** The login session (refresh-token family) the access token was issued for. */
  sessionId: string;
}

/** What a subgraph knows about a request that came through the gateway. */
export interface RequestIdentity {
  /** null: an anonymous request (e.g. `login`). */
  caller: Caller | null;
  requestId: string;
  /** The client's address as the gateway saw it (for throttling and audit). */
  clientAddress: string;
  userAgent?: string;
}

/** Provider staff see every organization's data; everyone else only their own organization's. */
export function isProviderStaff(caller: Caller): boolean {
  return caller.organizationKind === OrganizationKind.PROVIDER;
}

export function hasAnyRole(caller: Caller, roles: readonly Role[]): boolean {
  return roles.some((role) => caller.roles.includes(role));
}

/** Validates an untrusted object's shape (the payload of a verified header or token is still checked). */
export function parseCaller(value: unknown): Caller | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  if (
    typeof v['userId'] !== 'string' ||
    typeof v['organizationId'] !== 'string' ||
    !isOrganizationKind(v['organizationKind']) ||
    typeof v['sessionId'] !== 'string' ||
    !Array.isArray(v['roles']) ||
    !v['roles'].every(isRole)
  ) {
    return null;
  }
  return {
    userId: v['userId'],
    organizationId: v['organizationId'],
    organizationKind: v['organizationKind'],
    roles: v['roles'] as Role[],
    sessionId: v['sessionId'],
  };
}
