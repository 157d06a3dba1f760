// Federation: another subgraph returns User references; the gateway resolves them at identity in one batched
// _entities call, and identity's tenant rules still apply to references.
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import { parse } from 'graphql';
import { createSubgraphContext, MemoryNonceStore, type SubgraphContext } from '@sla-desk/auth';
import { UsersService } from '@sla-desk/identity';
import { composeSupergraph } from '@sla-desk/gateway';
import { findRepoRoot } from '@sla-desk/testing';
import { ADMIN_EMAIL, ADMIN_PASSWORD, createCustomer, login, SECRET, startStack, type Customer, type Session, type Stack } from './stack';

// A stand-in "tickets" subgraph that references users it does not own.
const TICKETS_SDL = `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])
  type Query { tickets: [Ticket!]! }
  type Ticket { id: ID! title: String! author: User! }
  type User @key(fields: "id", resolvable: false) { id: ID! }
`;

let tickets: Array<{ id: string; title: string; authorId: string }> = [];
let ticketsServer: Server;
let ticketsApollo: ApolloServer<SubgraphContext>;
let stack: Stack;
let provider: Session;
let a: Customer;
let b: Customer;

beforeAll(async () => {
  ticketsApollo = new ApolloServer<SubgraphContext>({
    schema: buildSubgraphSchema({
      typeDefs: parse(TICKETS_SDL),
      resolvers: {
        Query: { tickets: () => tickets },
        Ticket: { author: (t: { authorId: string }) => ({ __typename: 'User', id: t.authorId }) },
      },
    }),
    plugins: [ApolloServerPluginInlineTraceDisabled()],
  });
  await ticketsApollo.start();
  const app = express();
  app.use(express.json());
  const context = createSubgraphContext({ secrets: [SECRET], nonces: new MemoryNonceStore() });
  app.use('/graphql', expressMiddleware(ticketsApollo, { context: async ({ req }) => context({ req: req as never }) }));
  ticketsServer = createServer(app);
  await new Promise<void>((resolve) => ticketsServer.listen(0, '127.0.0.1', resolve));
  const ticketsUrl = `http://127.0.0.1:${(ticketsServer.address() as AddressInfo).port}/graphql`;

  const supergraphSdl = composeSupergraph([
    {
      name: 'identity',
      url: 'http://identity.invalid/graphql',
      sdl: readFileSync(join(findRepoRoot(), 'services/identity/schema.graphql'), 'utf8'),
    },
    { name: 'tickets', url: 'http://tickets.invalid/graphql', sdl: TICKETS_SDL },
  ]);
  stack = await startStack('gw_federation', { supergraphSdl, extraSubgraphUrls: { tickets: ticketsUrl } });
  provider = await login(stack, ADMIN_EMAIL, ADMIN_PASSWORD);
  a = await createCustomer(stack, provider, 'fed-a', 3);
  b = await createCustomer(stack, provider, 'fed-b', 1);
});

afterAll(async () => {
  await stack?.close();
  await ticketsApollo?.stop();
  await new Promise((resolve) => ticketsServer?.close(resolve));
});

const QUERY = '{ tickets { id title author { id displayName organization { name } } } }';

it('resolves references from another subgraph in one batched lookup', async () => {
  tickets = a.employees.map((e, i) => ({ id: `T${i}`, title: `Ticket ${i}`, authorId: e.user.id }));
  tickets.push({ id: 'T9', title: 'By the provider', authorId: provider.user.id });
  const users = stack.identity.get(UsersService);
  const spy = jest.spyOn(users, 'findManyByIds');
  try {
    const res = await stack.gql<{ tickets: Array<{ author: { id: string; displayName: string; organization: { name: string } } }> }>(
      QUERY,
      {},
      { token: a.employees[0]!.accessToken },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.tickets.map((t) => t.author.id)).toEqual([...a.employees.map((e) => e.user.id), provider.user.id]);
    expect(res.data!.tickets[0]!.author.organization.name).toBe('Customer fed-a');
    expect(spy).toHaveBeenCalledTimes(1);
    expect([...spy.mock.calls[0]![0]].sort()).toEqual([...a.employees.map((e) => e.user.id), provider.user.id].sort());
  } finally {
    spy.mockRestore();
  }
});

it("applies tenant rules to references: another customer's user is FORBIDDEN, not leaked", async () => {
  tickets = [
    { id: 'T1', title: 'Mine', authorId: a.employees[0]!.user.id },
    { id: 'T2', title: 'Leaked by a buggy subgraph', authorId: b.employees[0]!.user.id },
  ];
  const res = await stack.gql<{ tickets: unknown }>(QUERY, {}, { token: a.employees[0]!.accessToken });
  expect(res.errors).toHaveLength(1);
  expect(res.errors![0]).toMatchObject({
    message: 'You may not access this user: it belongs to another organization',
    extensions: { code: 'FORBIDDEN' },
  });
  expect(res.text).not.toContain('fed-b');
  // Provider staff may see both.
  const staff = await stack.gql(QUERY, {}, { token: provider.accessToken });
  expect(staff.errors).toBeUndefined();
});

it('refuses references for anonymous callers', async () => {
  tickets = [{ id: 'T1', title: 'Mine', authorId: a.employees[0]!.user.id }];
  const res = await stack.gql(QUERY);
  expect(res.errors?.[0]?.extensions?.['code']).toBe('UNAUTHENTICATED');
});
