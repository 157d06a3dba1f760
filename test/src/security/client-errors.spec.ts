// Issue #10, item 6: a client's mistake is a 400 with a code saying what is wrong, never a 500
// INTERNAL_SERVER_ERROR; a subgraph that cannot be reached is a retryable SERVICE_UNAVAILABLE.
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { postJson, startStack, type Stack } from '../gateway/stack';

/** An address where nothing listens: a port taken from the OS, then released. */
async function deadUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}/graphql`;
}

let stack: Stack;
beforeAll(async () => {
  stack = await startStack('sec_client_errors', { extraSubgraphUrls: { catalog: await deadUrl() } });
});
afterAll(async () => {
  await stack?.close();
});

async function expectClientError(body: unknown, code: string, message: RegExp) {
  const res = await postJson(stack.gatewayUrl, body);
  expect(res.status).toBe(400);
  expect(res.errors?.length).toBeGreaterThan(0);
  for (const error of res.errors ?? []) {
    expect(error.extensions).toEqual({ code });
    expect(error.message).toMatch(message);
  }
}

it('an unknown operationName is OPERATION_RESOLUTION_FAILURE', async () => {
  await expectClientError(
    { query: 'query A { __typename }', operationName: 'B' },
    'OPERATION_RESOLUTION_FAILURE',
    /Unknown operation named "B"/,
  );
});

it('two named operations and no operationName are OPERATION_RESOLUTION_FAILURE', async () => {
  await expectClientError({ query: 'query A { __typename } query B { __typename }' }, 'OPERATION_RESOLUTION_FAILURE', /operation name/);
});

it('two unnamed operations are GRAPHQL_VALIDATION_FAILED', async () => {
  await expectClientError({ query: '{ __typename } { __typename }' }, 'GRAPHQL_VALIDATION_FAILED', /anonymous operation/);
});

it('an APQ hash that does not match the query is BAD_REQUEST', async () => {
  const body = { query: '{ __typename }', extensions: { persistedQuery: { version: 1, sha256Hash: '0'.repeat(64) } } };
  await expectClientError(body, 'BAD_REQUEST', /does not match/);
});

it('a subgraph that is down is SERVICE_UNAVAILABLE, and the others still answer', async () => {
  const res = await stack.gql('{ catalogStatus { service } }');
  expect(res.errors).toEqual([
    { message: 'The catalog service is unavailable; try again later', extensions: { code: 'SERVICE_UNAVAILABLE' } },
  ]);
  expect((await stack.gql('{ __typename organizations { id } }')).errors?.[0]?.extensions?.['code']).toBe('UNAUTHENTICATED');
});
