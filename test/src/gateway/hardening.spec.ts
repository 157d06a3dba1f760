// Bad input through the gateway and straight to the subgraph: clear GraphQL errors with codes, no stack traces or
// internals leaked, nothing changed.
import { signIdentity } from '@sla-desk/auth';
import {
  ADMIN_EMAIL,
  ADMIN_PASSWORD,
  login,
  LOGIN,
  postJson,
  SECRET,
  startStack,
  type GqlResponse,
  type Session,
  type Stack,
} from './stack';

let stack: Stack;
let admin: Session;
beforeAll(async () => {
  stack = await startStack('gw_hardening', { gatewayEnv: { QUERY_MAX_DEPTH: '6', QUERY_MAX_COST: '500', QUERY_MAX_ALIASES: '5' } });
  admin = await login(stack, ADMIN_EMAIL, ADMIN_PASSWORD);
});
afterAll(async () => {
  await stack?.close();
});

function expectNoLeaks(res: GqlResponse<unknown>): void {
  expect(res.text).not.toMatch(/stacktrace|\bat [\w.<>]+ \(|node_modules|prisma|postgres|\/work\//i);
}

async function countOrganizations(): Promise<number> {
  const res = await stack.gql<{ organizations: unknown[] }>('{ organizations { id } }', {}, { token: admin.accessToken });
  return res.data!.organizations.length;
}

describe('operation limits', () => {
  it('rejects deeply nested queries before executing them', async () => {
    const deep = '{ me { organization { users { organization { users { organization { users { id } } } } } } } }';
    const res = await stack.gql(deep, {}, { token: admin.accessToken });
    expect(res.status).toBe(400);
    expect(res.data).toBeUndefined();
    expect(res.errors).toContainEqual({
      message: 'Query depth limit of 6 exceeded, found 8.',
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED', limit: 'depth' },
    });
  });

  it('rejects queries whose estimated cost is too high', async () => {
    const costly = '{ users { organization { users { organization { users { id } } } } } }';
    const res = await stack.gql(costly, {}, { token: admin.accessToken });
    expect(res.status).toBe(400);
    expect(res.errors?.[0]?.extensions).toEqual({ code: 'GRAPHQL_VALIDATION_FAILED', limit: 'cost' });
  });

  it('rejects alias floods', async () => {
    const aliases = `{ ${Array.from({ length: 6 }, (_, i) => `a${i}: me { id }`).join(' ')} }`;
    const res = await stack.gql(aliases, {}, { token: admin.accessToken });
    expect(res.errors?.[0]?.extensions).toEqual({ code: 'GRAPHQL_VALIDATION_FAILED', limit: 'aliases' });
  });

  it('rejects documents with too many tokens and oversized bodies', async () => {
    const tokens = `{ me { ${'id '.repeat(3000)} } }`;
    const many = await stack.gql(tokens, {}, { token: admin.accessToken });
    expect(many.status).toBe(400);
    expect(many.errors?.[0]).toMatchObject({ extensions: { code: 'GRAPHQL_PARSE_FAILED' } });
    expect(many.errors?.[0]?.message).toMatch(/more th\w+ 2000 tokens/);

    const huge = await stack.gql(LOGIN, { email: 'a@b.c', password: 'x'.repeat(100_000) });
    expect(huge.status).toBe(413);
    expect(huge.errors).toEqual([{ message: 'Request body too large (limit 64kb)', extensions: { code: 'BAD_REQUEST' } }]);
  });

  it('answers malformed requests in GraphQL shape', async () => {
    const notJson = await postJson(stack.gatewayUrl, '{"query": ', {});
    expect(notJson.status).toBe(400);
    expect(notJson.errors).toEqual([{ message: 'Request body is not valid JSON', extensions: { code: 'BAD_REQUEST' } }]);
    const syntax = await stack.gql('{ me { id ', {}, { token: admin.accessToken });
    expect(syntax.errors?.[0]?.extensions).toEqual({ code: 'GRAPHQL_PARSE_FAILED' });
    const unknownField = await stack.gql('{ me { passwordHash } }', {}, { token: admin.accessToken });
    expect(unknownField.errors?.[0]).toMatchObject({ extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } });
    expectNoLeaks(unknownField);
  });
});

describe('hostile strings', () => {
  it('SQL-ish input is data, never SQL: same errors, nothing changed', async () => {
    const before = await countOrganizations();
    const injections = ["' OR '1'='1", "admin@provider.test' --", "x'); DROP TABLE users; --", '%', '\u0000'];
    for (const value of injections) {
      const res = await stack.gql(LOGIN, { email: value, password: value });
      expect(res.errors?.[0]).toMatchObject({ message: 'Invalid email or password', extensions: { code: 'UNAUTHENTICATED' } });
      expectNoLeaks(res);
      const byId = await stack.gql('query($id: ID!) { user(id: $id) { id } }', { id: value }, { token: admin.accessToken });
      expect(byId.errors?.[0]).toMatchObject({ message: 'id must be a UUID', extensions: { code: 'BAD_USER_INPUT', field: 'id' } });
      const org = await stack.gql(
        'mutation($n: String!, $e: String!) { createOrganization(input: { name: $n, contactEmail: $e }) { id } }',
        { n: 'Org', e: value },
        { token: admin.accessToken },
      );
      expect(org.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'contactEmail' } });
    }
    expect(await countOrganizations()).toBe(before);
    await expect(login(stack, ADMIN_EMAIL, ADMIN_PASSWORD)).resolves.toBeDefined();
  });

  it('stores names with quotes verbatim', async () => {
    const res = await stack.gql<{ createOrganization: { name: string } }>(
      'mutation($n: String!) { createOrganization(input: { name: $n, contactEmail: "ops@quotes.test" }) { name } }',
      { n: 'O\'Brien "&" Sons; DROP TABLE organizations' },
      { token: admin.accessToken },
    );
    expect(res.data).toEqual({ createOrganization: { name: 'O\'Brien "&" Sons; DROP TABLE organizations' } });
  });
});

describe('straight to the subgraph', () => {
  const CREATE = 'mutation { createOrganization(input: { name: "Forged", contactEmail: "forged@x.test" }) { id } }';
  const forgedCaller = {
    userId: '00000000-0000-4000-8000-000000000001',
    organizationId: '00000000-0000-4000-8000-000000000002',
    organizationKind: 'PROVIDER' as const,
    roles: ['ADMIN' as const],
    sessionId: '00000000-0000-4000-8000-000000000003',
  };

  async function expectRejected(headers: Record<string, string>, message: string) {
    const res = await postJson(stack.identityUrl, { query: CREATE }, headers);
    expect(res.status).toBe(401);
    expect(res.data).toBeUndefined();
    expect(res.errors).toEqual([{ message, extensions: { code: 'UNAUTHENTICATED' } }]);
    expectNoLeaks(res);
  }

  it('rejects requests without, or with forged, identity headers; nothing changes', async () => {
    const before = await countOrganizations();
    await expectRejected({}, 'Missing gateway identity headers: subgraphs accept requests from the gateway only');
    // A valid-looking payload signed with the wrong secret.
    await expectRejected(
      signIdentity({ caller: forgedCaller, requestId: 'r', clientAddress: '1.2.3.4' }, 'not-the-secret-not-the-secret-123', {
        request: { query: CREATE },
      }),
      'Invalid gateway identity signature',
    );
    // Real signature of another document, replayed with a mutation.
    const other = signIdentity({ caller: forgedCaller, requestId: 'r', clientAddress: '1.2.3.4' }, SECRET, {
      request: { query: '{ me { id } }' },
    });
    await expectRejected(other, 'Invalid gateway identity signature');
    // Gateway's bearer token sent straight to the subgraph is not enough either.
    await expectRejected(
      { authorization: `Bearer ${admin.accessToken}` },
      'Missing gateway identity headers: subgraphs accept requests from the gateway only',
    );
    // Stale signature.
    await expectRejected(
      signIdentity({ caller: forgedCaller, requestId: 'r', clientAddress: '1.2.3.4' }, SECRET, {
        request: { query: CREATE },
        now: Date.now() - 5 * 60_000,
      }),
      'Gateway identity headers have expired',
    );
    expect(await countOrganizations()).toBe(before);
  });

  it('a correctly signed request with an unknown session is still refused', async () => {
    const headers = signIdentity({ caller: forgedCaller, requestId: 'r', clientAddress: '1.2.3.4' }, SECRET, {
      request: { query: CREATE },
    });
    const res = await postJson(stack.identityUrl, { query: CREATE }, headers);
    expect(res.errors?.[0]).toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
  });
});

describe('health', () => {
  it('answers /health on both services', async () => {
    const gateway = await fetch(stack.gatewayUrl.replace('/graphql', '/health'));
    expect(await gateway.json()).toEqual({ status: 'ok', service: 'gateway' });
    const identity = await fetch(stack.identityUrl.replace('/graphql', '/health'));
    expect(await identity.json()).toEqual({ status: 'ok', service: 'identity', database: 'ok', kafka: 'disabled' });
  });
});

describe('introspection and landing page', () => {
  it('are available outside production', async () => {
    const res = await stack.gql('{ __schema { queryType { name } } }');
    expect(res.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
    const page = await fetch(stack.gatewayUrl, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/Apollo|sandbox/i);
  });
});
