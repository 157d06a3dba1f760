// The checked-in supergraph must compose without errors and equal a fresh composition of the subgraphs' SDL.
import { readFileSync } from 'node:fs';
import { composeFromFiles, composeSupergraph, CompositionError, SUPERGRAPH_FILE } from '../src/supergraph/compose';

it('composes from the subgraphs and is up to date (run `npm run -w @sla-desk/gateway supergraph:compose`)', () => {
  expect(readFileSync(SUPERGRAPH_FILE, 'utf8')).toBe(composeFromFiles());
});

it('reports composition errors instead of producing a supergraph', () => {
  const a = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])
    type Query { user(id: ID!): User } type User @key(fields: "id") { id: ID! name: String! }`;
  const b = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])
    type Query { other: User } type User @key(fields: "id") { id: ID! name: Int! }`;
  let error: unknown;
  try {
    composeSupergraph([
      { name: 'a', url: 'http://a', sdl: a },
      { name: 'b', url: 'http://b', sdl: b },
    ]);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(CompositionError);
  expect((error as Error).message).toMatch(/FIELD_TYPE_MISMATCH|INVALID_FIELD_SHARING/);
});
