import { ALL_ROLES, CUSTOMER_ROLES, isProviderRole, isRole, OrganizationKind, PROVIDER_ROLES, Role, rolesAllowedFor } from './index';

describe('roles', () => {
  it('ADMIN is provider staff; every role is either a customer or a provider role, never both', () => {
    expect(PROVIDER_ROLES).toContain(Role.ADMIN);
    expect(isProviderRole(Role.ADMIN)).toBe(true);
    expect(isProviderRole(Role.CUSTOMER_ADMIN)).toBe(false);
    expect([...CUSTOMER_ROLES, ...PROVIDER_ROLES].sort()).toEqual([...ALL_ROLES].sort());
    expect(CUSTOMER_ROLES.filter((r) => PROVIDER_ROLES.includes(r))).toEqual([]);
  });

  it('an organization kind allows its own roles only', () => {
    expect(rolesAllowedFor(OrganizationKind.PROVIDER)).toEqual(PROVIDER_ROLES);
    expect(rolesAllowedFor(OrganizationKind.CUSTOMER)).toEqual(CUSTOMER_ROLES);
    expect(isRole('SYSTEM')).toBe(false);
  });
});
