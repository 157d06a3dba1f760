// Issue #10, item 4, through the gateway: organizations own mail domains; a customer cannot register addresses
// outside its own (no squatting another customer's), errors do not tell whether an address exists in another
// organization (no cross-tenant oracle), and look-alike addresses are refused.
import {
  ADMIN_EMAIL,
  ADMIN_PASSWORD,
  createCustomer,
  CREATE_USER,
  login,
  startStack,
  SUBMIT_ACCESS_LIST,
  type Customer,
  type GqlResponse,
  type Session,
  type Stack,
} from '../gateway/stack';

const UPDATE_ORG = 'mutation($input: UpdateOrganizationInput!) { updateOrganization(input: $input) { id mailDomains } }';
const ORG_DOMAINS = 'query($id: ID!) { organization(id: $id) { mailDomains } }';
const RESET = 'mutation($id: ID!) { resetUserPassword(userId: $id) { userId } }';

let stack: Stack;
let provider: Session;
let acme: Customer;
let globex: Customer;
beforeAll(async () => {
  stack = await startStack('sec_addresses');
  provider = await login(stack, ADMIN_EMAIL, ADMIN_PASSWORD);
  // Each customer's domain is its contact address's; its admin is on its access list.
  acme = await createCustomer(stack, provider, 'acme', 0);
  globex = await createCustomer(stack, provider, 'globex', 0);
});
afterAll(async () => {
  await stack?.close();
});

const as = (session: Session) => ({ token: session.accessToken });
const createUser = (by: Session, organizationId: string, email: string) =>
  stack.gql(CREATE_USER, { input: { organizationId, email, displayName: 'Someone', roles: ['CUSTOMER_EMPLOYEE'] } }, as(by));
const submit = (c: Customer, emails: string[]) =>
  stack.gql(
    SUBMIT_ACCESS_LIST,
    {
      input: {
        organizationId: c.organizationId,
        employees: [c.admin.user.email, ...emails].map((email) => ({ email, displayName: 'Someone' })),
      },
    },
    as(c.admin),
  );
const setDomains = (organizationId: string, mailDomains: string[], by = provider) =>
  stack.gql(UPDATE_ORG, { input: { id: organizationId, mailDomains } }, as(by));
const domains = async (id: string) =>
  (await stack.gql<{ organization: { mailDomains: string[] } }>(ORG_DOMAINS, { id }, as(provider))).data!.organization.mailDomains;
/** The answer with the address itself taken out, to compare the answers for two addresses. */
const answer = (res: GqlResponse, email: string) => JSON.stringify({ data: res.data, errors: res.errors }).replaceAll(email, '<address>');

it('organizations own mail domains: the contact domain by default, or as the provider sets them', async () => {
  expect(await domains(acme.organizationId)).toEqual(['acme.test']);
  expect((await setDomains(globex.organizationId, ['globex.test', 'GLOBEX-Mail.test'])).errors).toBeUndefined();
  expect(await domains(globex.organizationId)).toEqual(['globex-mail.test', 'globex.test']);

  const theirs = await setDomains(acme.organizationId, ['acme.test', 'globex.test']);
  expect(theirs.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'mailDomains' } });
  const byCustomer = await stack.gql(
    UPDATE_ORG,
    { input: { id: acme.organizationId, name: 'Renamed', mailDomains: ['acme.test', 'more.test'] } },
    as(acme.admin),
  );
  expect(byCustomer.errors?.[0]).toMatchObject({ extensions: { code: 'FORBIDDEN' } });
  expect(await domains(acme.organizationId)).toEqual(['acme.test']);
});

it('a customer cannot register addresses outside its domains, so it cannot squat another customer’s', async () => {
  const single = await createUser(acme.admin, acme.organizationId, 'bob@globex.test');
  expect(single.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'email' } });
  const listed = await submit(acme, ['carol@globex.test']);
  expect(listed.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'employees[1].email' } });
  for (const res of [single, listed]) expect(JSON.stringify(res.errors)).not.toMatch(/globex(?!\.test)/i);
  // Globex's own list with those addresses still works.
  const own = await submit(globex, ['bob@globex.test', 'carol@globex.test']);
  expect(own.errors).toBeUndefined();
});

it('errors do not tell whether an address exists in another organization', async () => {
  expect((await submit(globex, ['known@globex.test'])).errors).toBeUndefined();
  const sends: Array<(email: string) => Promise<GqlResponse>> = [
    (email) => createUser(acme.admin, acme.organizationId, email),
    (email) => submit(acme, [email]),
  ];
  for (const send of sends) {
    const known = await send('known@globex.test');
    expect(known.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    expect(answer(known, 'known@globex.test')).toBe(answer(await send('unknown@globex.test'), 'unknown@globex.test'));
  }
});

it('resetUserPassword answers alike for another organization’s user and an unknown id', async () => {
  const foreign = await stack.gql(RESET, { id: globex.admin.user.id }, as(acme.admin));
  const unknown = await stack.gql(RESET, { id: '00000000-0000-4000-8000-000000000000' }, as(acme.admin));
  expect(foreign.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
  expect({ data: unknown.data, errors: unknown.errors }).toEqual({ data: foreign.data, errors: foreign.errors });
});

it('an address in its own domain that another organization holds gets a neutral error naming no one', async () => {
  // Globex registered an address in a domain that later passed to Acme.
  expect((await setDomains(globex.organizationId, ['globex.test', 'globex-mail.test', 'acme-labs.test'])).errors).toBeUndefined();
  expect((await createUser(provider, globex.organizationId, 'legacy@acme-labs.test')).errors).toBeUndefined();
  expect((await setDomains(globex.organizationId, ['globex.test', 'globex-mail.test'])).errors).toBeUndefined();
  expect((await setDomains(acme.organizationId, ['acme.test', 'acme-labs.test'])).errors).toBeUndefined();

  for (const res of [
    await createUser(acme.admin, acme.organizationId, 'legacy@acme-labs.test'),
    await submit(acme, ['legacy@acme-labs.test']),
  ]) {
    expect(res.errors?.[0]).toMatchObject({
      message: expect.stringMatching(/registered with another organization.*the provider can move it/),
      extensions: { code: 'BAD_USER_INPUT', field: expect.stringMatching(/email$/) },
    });
    expect(JSON.stringify(res.errors)).not.toMatch(/Globex|globex/);
  }
  expect((await createUser(acme.admin, acme.organizationId, 'new@acme-labs.test')).errors).toBeUndefined();
});

it('look-alike addresses are refused; compatibility forms are folded to one spelling', async () => {
  for (const email of ['j\u0430ne@acme.test', 'jane@\u0430cme.test', 'j\u0131m@acme.test']) {
    const res = await createUser(acme.admin, acme.organizationId, email);
    expect({ email, error: res.errors?.[0] }).toMatchObject({
      email,
      error: { message: expect.stringMatching(/imitate/), extensions: { code: 'BAD_USER_INPUT', field: 'email' } },
    });
  }
  const wide = await stack.gql<{ createUser: { user: { email: string } } }>(
    'mutation($input: CreateUserInput!) { createUser(input: $input) { user { email } } }',
    {
      input: {
        organizationId: acme.organizationId,
        email: '\uff4a\uff41\uff4e\uff45@ACME.test',
        displayName: 'Jane',
        roles: ['CUSTOMER_EMPLOYEE'],
      },
    },
    as(acme.admin),
  );
  expect(wide.data?.createUser.user.email).toBe('jane@acme.test');
});
