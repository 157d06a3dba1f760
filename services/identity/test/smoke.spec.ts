import { ADMIN_EMAIL, ADMIN_PASSWORD, loginAs, startIdentity, type IdentityHarness } from './support';

let h: IdentityHarness;
beforeAll(async () => {
  h = await startIdentity('identity_smoke');
});
afterAll(async () => {
  await h?.close();
});

it('logs in the bootstrapped admin and answers me', async () => {
  const admin = await loginAs(h, ADMIN_EMAIL, ADMIN_PASSWORD);
  const res = await h.gql('{ me { id email roles organization { kind name } } }', {}, admin.caller);
  expect(res.errors).toBeUndefined();
  expect(res.data).toEqual({ me: { id: admin.user.id, email: ADMIN_EMAIL, roles: ['ADMIN'], organization: { kind: 'PROVIDER', name: 'Provider' } } });
});
