import { ApolloServer } from '@apollo/server';
import { buildSchema } from 'graphql';
import { queryProtection, type QueryLimits } from './query-limits';

const schema = buildSchema(`
  type User { id: ID! name: String friends: [User!]! organization: Organization }
  type Organization { id: ID! users(first: Int): [User!] }
  type Query { me: User users(first: Int): [User!] }
`);

const limits: QueryLimits = { maxDepth: 6, maxCost: 2000, maxAliases: 5, maxDirectives: 5, maxTokens: 500 };

async function run(query: string, variables: Record<string, unknown> = {}, overrides: Partial<QueryLimits> = {}) {
  const server = new ApolloServer({ schema, ...queryProtection({ ...limits, ...overrides }) });
  await server.start();
  try {
    const response = await server.executeOperation({ query, variables });
    if (response.body.kind !== 'single') throw new Error('expected a single result');
    return { status: response.http.status, errors: response.body.singleResult.errors ?? [] };
  } finally {
    await server.stop();
  }
}

/** n fragments, each spreading the previous one twice: 2^n paths for a walker that re-enters fragments. */
function nestedFragments(n: number): string {
  const parts = ['fragment F0 on User { id }'];
  for (let i = 1; i <= n; i++) parts.push(`fragment F${i} on User { ...F${i - 1} friends { ...F${i - 1} } }`);
  return `{ me { ...F${n} } } ${parts.join(' ')}`;
}

describe('query protection', () => {
  it('accepts an ordinary operation', async () => {
    expect((await run('{ me { id organization { users(first: 20) { id name } } } }')).errors).toEqual([]);
  });

  it('rejects depth, aliases and directives with the limit named', async () => {
    const deep = await run('{ me { friends { friends { friends { friends { friends { friends { id } } } } } } } }');
    expect(deep.errors[0]).toMatchObject({
      message: 'Query depth limit of 6 exceeded, found 8.',
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED', limit: 'depth' },
    });
    const aliases = await run(`{ ${Array.from({ length: 6 }, (_, i) => `a${i}: __typename`).join(' ')} }`);
    expect(aliases.errors[0]?.extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED', limit: 'aliases' });
    const directives = await run(`{ me { id ${'@include(if: true) '.repeat(6)} } }`);
    expect(directives.errors[0]?.extensions).toMatchObject({ limit: 'directives' });
  });

  it('prices lists by their real page size, from literals and variables alike', async () => {
    const query = 'query($n: Int) { users(first: $n) { id organization { users(first: $n) { id name } } } }';
    expect((await run(query, { n: 5 })).errors).toEqual([]);
    const big = await run(query, { n: 100 });
    expect(big.status).toBe(400);
    expect(big.errors[0]).toMatchObject({ extensions: { code: 'GRAPHQL_VALIDATION_FAILED', limit: 'cost' } });
    expect(big.errors[0]?.message).toMatch(/^Operation has an estimated cost of \d+; the limit is 2000$/);
    // No page size: the largest page is assumed.
    expect((await run('{ users { id organization { users { id } } } }')).errors[0]?.extensions).toMatchObject({ limit: 'cost' });
  });

  it('measures nested fragment spreads once: a 2 KB document of 40 levels is refused, not expanded', async () => {
    // Expanded, this document has 2^40 paths: a limit that walked every spread would never return (the test's
    // timeout fails it), which is what froze the gateway before.
    const query = nestedFragments(40);
    expect(query.length).toBeLessThan(2100);
    const res = await run(query, {}, { maxTokens: 5000 });
    expect(res.status).toBe(400);
    expect(res.errors.map((e) => e.extensions?.['limit'])).toContain('depth');
  });

  it('bounds the cost estimate of fragments spread side by side (no depth to catch them)', async () => {
    const parts = ['fragment W0 on User { id name }'];
    for (let i = 1; i <= 40; i++) parts.push(`fragment W${i} on User { ...W${i - 1} ...W${i - 1} }`);
    const res = await run(`{ me { ...W40 } } ${parts.join(' ')}`, {}, { maxTokens: 5000 });
    expect(res.status).toBe(400);
    expect(res.errors[0]).toMatchObject({ extensions: { code: 'GRAPHQL_VALIDATION_FAILED', limit: 'cost' } });
  });

  it('refuses too many tokens at parse time', async () => {
    const res = await run(`{ me { ${'id '.repeat(600)} } }`);
    expect(res.errors[0]).toMatchObject({ extensions: { code: 'GRAPHQL_PARSE_FAILED' } });
  });
});
