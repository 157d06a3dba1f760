// Issue #10, item 7, through the gateway: weak passwords (too short, guessable, containing the user's name or email
// address) are refused with the reason, at password setup and at a password change, and change nothing.
import {
  ADMIN_EMAIL,
  ADMIN_PASSWORD,
  COMPLETE_SETUP,
  CREATE_USER,
  createUserWithPassword,
  login,
  startStack,
  type Session,
  type Stack,
} from '../gateway/stack';

const CHANGE = 'mutation($c: String!, $n: String!) { changePassword(input: { currentPassword: $c, newPassword: $n }) }';
const weak: Array<[string, RegExp]> = [
  [' '.repeat(12), /too easy to guess/],
  ['aaaaaaaaaaaa', /too easy to guess.*Repeated/],
  ['password1234', /too easy to guess/],
  ['qwertyuiopasdf', /too easy to guess/],
  ['Jane Doe 2024!', /must not contain your name/],
  ['my jane.doe@provider.test pw', /must not contain your email address/],
  ['janedoe-janedoe', /must not contain your name/],
  ['jane.doe.2024', /too easy to guess/],
  ['short', /at least 12 characters/],
];
const refusal = (reason: RegExp) => ({
  message: expect.stringMatching(reason),
  extensions: { code: 'BAD_USER_INPUT', field: 'newPassword' },
});

let stack: Stack;
let admin: Session;
beforeAll(async () => {
  stack = await startStack('sec_passwords');
  admin = await login(stack, ADMIN_EMAIL, ADMIN_PASSWORD);
});
afterAll(async () => {
  await stack?.close();
});

it('at password setup: each weak one is refused and changes nothing; a strong one is accepted', async () => {
  const created = await stack.gql<{ createUser: { setupTicket: { token: string } } }>(
    CREATE_USER,
    {
      input: {
        organizationId: stack.providerOrganizationId,
        email: 'jane.doe@provider.test',
        displayName: 'Jane Doe',
        roles: ['SPECIALIST'],
      },
    },
    { token: admin.accessToken },
  );
  const token = created.data!.createUser.setupTicket.token;
  for (const [password, reason] of weak) {
    const res = await stack.gql(COMPLETE_SETUP, { token, password });
    expect({ password, data: res.data, error: res.errors?.[0] }).toMatchObject({ password, data: null, error: refusal(reason) });
  }
  // The ticket is still unused: the strong password sets it up, and logs in.
  expect((await stack.gql(COMPLETE_SETUP, { token, password: 'plum-orbit-canvas-47' })).errors).toBeUndefined();
  expect((await login(stack, 'jane.doe@provider.test', 'plum-orbit-canvas-47')).user.email).toBe('jane.doe@provider.test');
});

it('at a password change: refused with the reason; the current password still works', async () => {
  const email = 'staff1@provider.test';
  const input = { organizationId: stack.providerOrganizationId, email, displayName: 'Staff 1', roles: ['SPECIALIST'] };
  await createUserWithPassword(stack, admin, input, 'lantern-quartz-meadow-9');
  const session = await login(stack, email, 'lantern-quartz-meadow-9');
  const res = await stack.gql(CHANGE, { c: 'lantern-quartz-meadow-9', n: 'aaaaaaaaaaaa' }, { token: session.accessToken });
  expect(res.errors?.[0]).toMatchObject(refusal(/too easy to guess/));
  expect((await login(stack, email, 'lantern-quartz-meadow-9')).user.email).toBe(email);
});
