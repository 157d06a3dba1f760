// Issue #10, item 2: a gateway→subgraph request captured on the wire cannot be replayed to the subgraph, neither
// with other variables (the signature binds the whole request) nor unchanged (each signature is single-use).
import { ADMIN_EMAIL, ADMIN_PASSWORD, login, postJson, type Session, type Stack } from '../gateway/stack';
import { startTappedStack, type CapturedRequest, type Wiretap } from './wiretap';

const CREATE = `mutation CreateOrganization($name: String!, $email: String!) {
  createOrganization(input: { name: $name, contactEmail: $email }) { id }
}`;

let wiretap: Wiretap;
let stack: Stack;
let admin: Session;
let captured: CapturedRequest;
beforeAll(async () => {
  ({ stack, wiretap } = await startTappedStack('sec_replay'));
  admin = await login(stack, ADMIN_EMAIL, ADMIN_PASSWORD);
  const created = await stack.gql(CREATE, { name: 'Captured', email: 'ops@captured.test' }, { token: admin.accessToken });
  expect(created.errors).toBeUndefined();
  captured = wiretap.captured.find((request) => request.body.query.includes('createOrganization'))!;
  expect(captured.body.variables).toEqual({ name: 'Captured', email: 'ops@captured.test' });
});
afterAll(async () => {
  await stack?.close();
  await wiretap?.close();
});

async function organizationNames(): Promise<string[]> {
  const res = await stack.gql<{ organizations: Array<{ name: string }> }>('{ organizations { name } }', {}, { token: admin.accessToken });
  return res.data!.organizations.map((o) => o.name);
}

async function replay(body: unknown) {
  const res = await postJson(stack.identityUrl, body, captured.headers);
  expect(res.status).toBe(401);
  expect(res.data).toBeUndefined();
  return res.errors;
}

it('refuses the captured request with other variables, operation name or document', async () => {
  const forged = [
    { ...captured.body, variables: { name: 'Replayed', email: 'ops@replayed.test' } },
    { ...captured.body, operationName: 'Other' },
    { ...captured.body, query: CREATE.replace('{ id }', '{ id name }') },
  ];
  for (const body of forged) {
    expect(await replay(body)).toEqual([{ message: 'Invalid gateway identity signature', extensions: { code: 'UNAUTHENTICATED' } }]);
  }
  expect(await organizationNames()).not.toContain('Replayed');
});

it('refuses the captured request replayed unchanged', async () => {
  expect(await replay(captured.body)).toEqual([
    { message: 'Gateway identity headers were already used', extensions: { code: 'UNAUTHENTICATED' } },
  ]);
  expect((await organizationNames()).filter((name) => name === 'Captured')).toHaveLength(1);
});
