import { GraphQLError } from 'graphql';
import { callerOf, isoDateOf, requireEmailAddress, requireIsoDate, requireText, requireUuid } from './validation';

function extensionsOf(run: () => unknown): Record<string, unknown> | undefined {
  try {
    run();
  } catch (error) {
    return (error as GraphQLError).extensions;
  }
  return undefined;
}

describe('input checks', () => {
  it('accepts UUIDs (lower-cased) and names the field of anything else', () => {
    expect(requireUuid('0E8D3C1A-5B7A-4F43-9A55-2F3C1E7D9B61', 'id')).toBe('0e8d3c1a-5b7a-4f43-9a55-2f3c1e7d9b61');
    expect(extensionsOf(() => requireUuid('42', 'customerId'))).toEqual({ code: 'BAD_USER_INPUT', field: 'customerId' });
  });

  it('normalises e-mail addresses and refuses implausible ones', () => {
    expect(requireEmailAddress('  IT@Example.COM ', 'contactEmail')).toBe('it@example.com');
    for (const bad of ['it at example.com', 'a@b', '<a@b.c>', `${'x'.repeat(250)}@b.cc`]) {
      expect(extensionsOf(() => requireEmailAddress(bad, 'contactEmail'))).toEqual({ code: 'BAD_USER_INPUT', field: 'contactEmail' });
    }
  });

  it('trims text, keeps line breaks only when asked, and bounds its length', () => {
    expect(requireText('  Clinic \n IS ', 'name', 20)).toBe('Clinic IS');
    expect(requireText(' line 1\nline 2 ', 'body', 20, { multiline: true })).toBe('line 1\nline 2');
    expect(extensionsOf(() => requireText('   ', 'name', 20))).toEqual({ code: 'BAD_USER_INPUT', field: 'name' });
    expect(extensionsOf(() => requireText('x'.repeat(21), 'name', 20))).toEqual({ code: 'BAD_USER_INPUT', field: 'name' });
    expect(extensionsOf(() => requireText('bell\u0007', 'name', 20))).toEqual({ code: 'BAD_USER_INPUT', field: 'name' });
  });

  it('accepts dates that exist and round-trips them', () => {
    expect(isoDateOf(requireIsoDate('2028-02-29', 'validFrom'))).toBe('2028-02-29');
    for (const bad of ['2026-02-29', '2026-13-01', '26-01-01', '2026-1-1']) {
      expect(extensionsOf(() => requireIsoDate(bad, 'validFrom'))).toEqual({ code: 'BAD_USER_INPUT', field: 'validFrom' });
    }
  });

  it('gives the caller of a reference resolver, or UNAUTHENTICATED', () => {
    const caller = { userId: 'u', organizationId: 'o', organizationKind: 'CUSTOMER' as const, roles: [], sessionId: 's' };
    expect(callerOf({ identity: { caller, requestId: 'r', clientAddress: '::1' } })).toBe(caller);
    expect(extensionsOf(() => callerOf({ identity: { caller: null, requestId: 'r', clientAddress: '::1' } }))?.['code']).toBe(
      'UNAUTHENTICATED',
    );
  });
});
