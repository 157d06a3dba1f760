import { buildSchema, parse, specifiedRules, validate } from 'graphql';
import { queryLimitsRule } from './query-limits';

const schema = buildSchema(`
  type Query { user(id: ID!): User, users(first: Int): [User!]! }
  type User { id: ID!, name: String, friends(first: Int): [User!]!, org: Org }
  type Org { id: ID!, users: [User!]! }
`);
const rule = queryLimitsRule({ maxDepth: 4, maxCost: 200, maxAliases: 3, defaultListSize: 10 });
const errors = (source: string) => validate(schema, parse(source), [...specifiedRules, rule]).map((e) => e.message);

describe('query limits', () => {
  it('accepts ordinary operations', () => {
    expect(errors('{ user(id: "1") { id name org { id } } }')).toEqual([]);
  });

  it('rejects operations nested too deeply, also through fragments', () => {
    expect(errors('{ user(id: "1") { org { users { org { id } } } } }')).toEqual([
      'Operation is nested 5 levels deep; the limit is 4',
    ]);
    expect(
      errors('query Q { user(id: "1") { ...F } } fragment F on User { org { users { org { id } } } }'),
    ).toEqual(['Operation "Q" is nested 5 levels deep; the limit is 4']);
  });

  it('multiplies costs by list sizes', () => {
    // 1 (users) + 50 × (1 id + 1 friends + 5 × 1 id) = 351
    expect(errors('{ users(first: 50) { id friends(first: 5) { id } } }')).toEqual([
      'Operation has an estimated cost of 351; the limit is 200',
    ]);
    expect(errors('{ users { id } }')).toEqual([]);
  });

  it('limits aliases', () => {
    expect(errors('{ a: user(id: "1") { id } b: user(id: "2") { id } c: user(id: "3") { id } d: user(id: "4") { id } }')).toEqual([
      'Operation uses 4 aliases; the limit is 3',
    ]);
  });

  it('ignores introspection fields', () => {
    expect(errors('{ __schema { types { fields { type { ofType { ofType { ofType { name } } } } } } } }')).toEqual([]);
  });
});
