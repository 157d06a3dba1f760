// The roles of SLA Desk users, defined once. Customer roles belong to users of a customer organization, provider
// roles to the provider's staff — ADMIN included. Provider staff see every customer's data; customer users only their
// own organization's. Pure: identity, the gateway, subgraphs and the workflows all import it.

export const Role = {
  /** An employee of a customer on the customer's access list: uses the portal. */
  CUSTOMER_EMPLOYEE: 'CUSTOMER_EMPLOYEE',
  /** The customer's administrator: maintains the customer's access list. */
  CUSTOMER_ADMIN: 'CUSTOMER_ADMIN',
  /** A provider specialist: works on tickets. */
  SPECIALIST: 'SPECIALIST',
  /** A provider support manager: assigns work, manages customers and their access lists. */
  SUPPORT_MANAGER: 'SUPPORT_MANAGER',
  /** A provider administrator (provider staff): everything, including provider staff accounts. */
  ADMIN: 'ADMIN',
} as const;
export type Role = (typeof Role)[keyof typeof Role];

export const ALL_ROLES: readonly Role[] = Object.values(Role);
export const CUSTOMER_ROLES: readonly Role[] = [Role.CUSTOMER_EMPLOYEE, Role.CUSTOMER_ADMIN];
export const PROVIDER_ROLES: readonly Role[] = [Role.SPECIALIST, Role.SUPPORT_MANAGER, Role.ADMIN];

export const OrganizationKind = {
  PROVIDER: 'PROVIDER',
  CUSTOMER: 'CUSTOMER',
} as const;
export type OrganizationKind = (typeof OrganizationKind)[keyof typeof OrganizationKind];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ALL_ROLES as readonly string[]).includes(value);
}

export function isOrganizationKind(value: unknown): value is OrganizationKind {
  return value === OrganizationKind.PROVIDER || value === OrganizationKind.CUSTOMER;
}

/** Whether the role belongs to the provider's staff (ADMIN is provider staff). */
export function isProviderRole(role: string): boolean {
  return (PROVIDER_ROLES as readonly string[]).includes(role);
}

/** Roles a user of an organization of this kind may hold. */
export function rolesAllowedFor(kind: OrganizationKind): readonly Role[] {
  return kind === OrganizationKind.PROVIDER ? PROVIDER_ROLES : CUSTOMER_ROLES;
}
