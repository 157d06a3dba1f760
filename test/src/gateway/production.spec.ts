// The gateway in production mode: no introspection, no landing page, helmet's strict CSP.
import { startStack, type Stack } from './stack';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack('gw_production', { gatewayEnv: { NODE_ENV: 'production' } });
});
afterAll(async () => {
  await stack?.close();
});

it('refuses introspection', async () => {
  const res = await stack.gql('{ __schema { types { name } } }');
  expect(res.status).toBe(400);
  expect(res.errors?.[0]).toMatchObject({ extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } });
  expect(res.errors?.[0]?.message).toMatch(/introspection/i);
});

it('serves no landing page, and a CSP that allows no outside script', async () => {
  const page = await fetch(stack.gatewayUrl, { headers: { accept: 'text/html' } });
  expect(await page.text()).not.toMatch(/sandbox/i);
  expect(page.headers.get('content-security-policy')).toMatch(/script-src 'self';/);
  expect(page.headers.get('content-security-policy')).not.toMatch(/apollographql/);
});
