// Issue #10, item 1: one small anonymous query must not freeze the gateway. Documents whose cost explodes only
// when fragments are expanded are refused with 400 before anything executes, and the gateway keeps answering.
import { startStack, type Stack } from '../gateway/stack';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack('sec_query_limits');
});
afterAll(async () => {
  await stack?.close();
});

/** `levels` fragments, each spreading the previous one twice: 2^levels paths once expanded. */
function nestedFragments(levels: number, spread: (previous: string) => string): string {
  const parts = ['fragment F0 on User { id email }'];
  for (let i = 1; i <= levels; i++) parts.push(`fragment F${i} on User { ${spread(`...F${i - 1}`)} }`);
  return `{ me { ...F${levels} } } ${parts.join(' ')}`;
}

const ATTACKS = {
  'nested double spreads, one level deeper each (30 levels)': nestedFragments(30, (f) => `${f} organization { users { ${f} } }`),
  'nested double spreads side by side (40 levels)': nestedFragments(40, (f) => `${f} ${f}`),
};

describe('fragment bombs', () => {
  it.each(Object.entries(ATTACKS))('%s: 400 before execution', async (_name, query) => {
    expect(query.length).toBeLessThan(2500);
    const res = await stack.gql(query);
    expect(res.status).toBe(400);
    expect(res.data).toBeUndefined();
    expect(res.errors?.[0]?.extensions).toMatchObject({
      code: 'GRAPHQL_VALIDATION_FAILED',
      limit: expect.stringMatching(/^(depth|cost)$/),
    });
  });

  it('the gateway keeps answering other requests while attacked', async () => {
    const attacks = Object.values(ATTACKS).flatMap((query) => [query, query].map((q) => stack.gql(q)));
    const ordinary = stack.gql<{ __typename: string }>('{ __typename }');
    const [answer, ...refused] = await Promise.all([ordinary, ...attacks]);
    expect(answer.data).toEqual({ __typename: 'Query' });
    for (const res of refused) expect(res.status).toBe(400);
  });
});

describe('aliases and suggestions', () => {
  it('counts `__typename` aliases', async () => {
    const res = await stack.gql(`{ ${Array.from({ length: 31 }, (_, i) => `t${i}: __typename`).join(' ')} }`);
    expect(res.status).toBe(400);
    expect(res.errors?.[0]?.extensions).toEqual({ code: 'GRAPHQL_VALIDATION_FAILED', limit: 'aliases' });
  });

  it('suggests no field names to a prober', async () => {
    const res = await stack.gql('{ me { emai passwordHas } }');
    expect(res.status).toBe(400);
    expect(res.errors?.length).toBeGreaterThan(0);
    expect(res.text).not.toMatch(/did you mean/i);
    expect(res.text).not.toMatch(/"email"|passwordHash/);
  });
});
