import { GraphQLError } from 'graphql';
import type { Caller } from './caller';
import { assertTenantAccess, resolveOrganizationScope, tenantWhere } from './tenant';

const customer: Caller = { userId: 'u', organizationId: 'A', organizationKind: 'CUSTOMER', roles: ['CUSTOMER_EMPLOYEE'], sessionId: 's' };
const staff: Caller = { userId: 'p', organizationId: 'P', organizationKind: 'PROVIDER', roles: ['SPECIALIST'], sessionId: 's' };

function code(fn: () => unknown): unknown {
  try {
    fn();
    return 'ok';
  } catch (error) {
    return (error as GraphQLError).extensions['code'];
  }
}

describe('tenant scoping', () => {
  it('filters customers by their organization, not provider staff', () => {
    expect(tenantWhere(customer)).toEqual({ organizationId: 'A' });
    expect(tenantWhere(customer, 'customerId')).toEqual({ customerId: 'A' });
    expect(tenantWhere(staff)).toEqual({});
  });

  it('forbids customers other organizations', () => {
    expect(code(() => assertTenantAccess(customer, 'A'))).toBe('ok');
    expect(code(() => assertTenantAccess(customer, 'B'))).toBe('FORBIDDEN');
    expect(code(() => assertTenantAccess(staff, 'B'))).toBe('ok');
  });

  it('resolves an optional organization argument', () => {
    expect(resolveOrganizationScope(customer)).toBe('A');
    expect(resolveOrganizationScope(customer, 'A')).toBe('A');
    expect(code(() => resolveOrganizationScope(customer, 'B'))).toBe('FORBIDDEN');
    expect(resolveOrganizationScope(staff)).toBeUndefined();
    expect(resolveOrganizationScope(staff, 'B')).toBe('B');
  });
});
