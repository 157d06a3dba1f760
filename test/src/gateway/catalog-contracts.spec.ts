// Catalog and contracts through the gateway, with identity: real logins, the supergraph of the three subgraphs, each
// on its own throwaway database (catalog and contracts as processes of their own: see ./subgraph-process.ts), and
// the Temporal dev server for contract onboarding (on a task queue of this run, which no worker polls).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { composeSupergraph } from '@sla-desk/gateway';
import { findRepoRoot, requireTemporal, stackConfig, uniqueName } from '@sla-desk/testing';
import { contractOnboardingWorkflowId } from '@sla-desk/workflow-api';
import { Client, Connection } from '@temporalio/client';
import { startCatalogAndContracts, type SubgraphProcess } from './subgraph-process';
import { ADMIN_EMAIL, ADMIN_PASSWORD, createCustomer, login, SECRET, startStack, type Customer, type Session, type Stack } from './stack';

let catalog: SubgraphProcess;
let contracts: SubgraphProcess;
let stack: Stack;
let temporal: Connection;
let provider: Session;
let a: Customer;
let b: Customer;
const signed: string[] = [];

beforeAll(async () => {
  const infra = stackConfig();
  await requireTemporal(infra);
  temporal = await Connection.connect({ address: infra.temporalAddress });
  ({ catalog, contracts } = await startCatalogAndContracts(SECRET, {
    address: infra.temporalAddress,
    namespace: infra.temporalNamespace,
    // No worker polls it: the onboarding workflows wait.
    taskQueue: uniqueName('gw-contracts'),
  }));
  const sdl = (name: string) => readFileSync(join(findRepoRoot(), `services/${name}/schema.graphql`), 'utf8');
  const supergraphSdl = composeSupergraph(
    ['identity', 'catalog', 'contracts'].map((name) => ({ name, url: `http://${name}.invalid/graphql`, sdl: sdl(name) })),
  );
  stack = await startStack('gw_catalog_contracts', {
    supergraphSdl,
    extraSubgraphUrls: { catalog: catalog.url, contracts: contracts.url },
  });
  provider = await login(stack, ADMIN_EMAIL, ADMIN_PASSWORD);
  a = await createCustomer(stack, provider, 'cc-a', 1);
  b = await createCustomer(stack, provider, 'cc-b', 1);
});

afterAll(async () => {
  const client = temporal && new Client({ connection: temporal });
  for (const id of signed)
    await client?.workflow
      .getHandle(contractOnboardingWorkflowId(id))
      .terminate('test cleanup')
      .catch(() => undefined);
  await stack?.close();
  await contracts?.close();
  await catalog?.close();
  await temporal?.close();
});

async function asProvider<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const res = await stack.gql<T>(query, variables, { token: provider.accessToken });
  if (res.errors) throw new Error(res.text);
  return res.data!;
}

function inDays(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString();
}

it('serves the seeded service catalog to a customer', async () => {
  const res = await stack.gql<{ serviceItems: Array<{ code: string; titleRu: string }> }>(
    '{ serviceItems { code titleRu } }',
    {},
    { token: a.employees[0]!.accessToken },
  );
  expect(res.data?.serviceItems.map((i) => i.code)).toEqual([
    '1',
    '2',
    '3',
    '4',
    '4.1',
    '4.2',
    '4.3',
    '5',
    '6',
    '6.1',
    '6.2',
    '6.2.1',
    '6.2.2',
    '6.2.3',
    '6.2.4',
    '6.2.5',
    '6.2.6',
    '6.2.7',
    '6.3',
  ]);
  expect(res.data?.serviceItems[7]).toEqual({ code: '5', titleRu: 'Гарантийные обязательства на ИС' });
});

describe('products, releases and contracts across the subgraphs', () => {
  let componentId: string;

  beforeAll(async () => {
    const { createProduct } = await asProvider<{ createProduct: { id: string } }>(
      'mutation { createProduct(input: { name: "Clinic IS" }) { id } }',
    );
    const { addComponent } = await asProvider<{ addComponent: { id: string } }>(
      'mutation($p: ID!) { addComponent(input: { productId: $p, name: "Registry" }) { id } }',
      { p: createProduct.id },
    );
    componentId = addComponent.id;
  });

  it('answers the next release across a rescheduling', async () => {
    const schedule = 'mutation($input: ScheduleReleaseInput!) { scheduleRelease(input: $input) { id } }';
    const first = await asProvider<{ scheduleRelease: { id: string } }>(schedule, {
      input: { componentId, kind: 'PLANNED', version: '1.1', scheduledFor: inDays(10) },
    });
    await asProvider(schedule, { input: { componentId, kind: 'PLANNED', version: '1.2', scheduledFor: inDays(20) } });
    const next = `query($c: ID!, $after: DateTime!) { component(id: $c) { name nextRelease(kind: PLANNED, after: $after) { version } } }`;
    const ask = () =>
      stack.gql<{ component: { nextRelease: { version: string } } }>(
        next,
        { c: componentId, after: new Date().toISOString() },
        { token: a.employees[0]!.accessToken },
      );
    expect((await ask()).data?.component.nextRelease.version).toBe('1.1');
    await asProvider('mutation($input: RescheduleReleaseInput!) { rescheduleRelease(input: $input) { id } }', {
      input: { releaseId: first.scheduleRelease.id, scheduledFor: inDays(30), reason: 'moved' },
    });
    expect((await ask()).data?.component.nextRelease.version).toBe('1.2');
  });

  it('rejects a 13-month warranty, and governs tickets by the warranty while it overlaps the subscription', async () => {
    const create = 'mutation($input: CreateContractInput!) { createContract(input: $input) { id } }';
    const base = { customerId: a.organizationId, componentIds: [componentId], contactEmail: 'it@cc-a.test' };
    const tooLong = await stack.gql(
      create,
      { input: { ...base, number: 'W-13', kind: 'WARRANTY', catalogItemCodes: ['5'], validFrom: '2026-01-01', validTo: '2027-01-31' } },
      { token: provider.accessToken },
    );
    expect(tooLong.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'validTo' });
    // The catalog does not know this component.
    const unknownComponent = { ...base, componentIds: [componentId, '00000000-0000-4000-8000-0000000000ff'] };
    const unknown = await stack.gql(
      create,
      {
        input: {
          ...unknownComponent,
          number: 'S-X',
          kind: 'SUBSCRIPTION',
          catalogItemCodes: ['6.3'],
          validFrom: '2026-01-01',
          validTo: '2026-12-31',
        },
      },
      { token: provider.accessToken },
    );
    expect(unknown.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'componentIds' });

    const sign = 'mutation($id: ID!) { signContract(id: $id) { id status } }';
    for (const input of [
      { ...base, number: 'S-2026', kind: 'SUBSCRIPTION', catalogItemCodes: ['6.3'], validFrom: '2026-01-01', validTo: '2026-12-31' },
      { ...base, number: 'W-2026', kind: 'WARRANTY', catalogItemCodes: ['5'], validFrom: '2026-04-01', validTo: '2027-03-31' },
      {
        ...base,
        customerId: b.organizationId,
        number: 'B-2026',
        kind: 'SUBSCRIPTION',
        catalogItemCodes: ['6.3'],
        validFrom: '2026-01-01',
        validTo: '2026-12-31',
      },
    ]) {
      const { createContract } = await asProvider<{ createContract: { id: string } }>(create, { input });
      await asProvider(sign, { id: createContract.id });
      signed.push(createContract.id);
    }
    const entitlement = `query($c: ID!, $x: ID!, $at: DateTime!) { entitlement(customerId: $c, componentId: $x, at: $at) { contract { number } } }`;
    const at = (instant: string) =>
      stack.gql<{ entitlement: { contract: { number: string } } }>(
        entitlement,
        { c: a.organizationId, x: componentId, at: instant },
        { token: a.employees[0]!.accessToken },
      );
    expect((await at('2026-02-10T09:00:00Z')).data?.entitlement.contract.number).toBe('S-2026');
    expect((await at('2026-06-10T09:00:00Z')).data?.entitlement.contract.number).toBe('W-2026');
    expect((await at('2027-02-10T09:00:00Z')).data?.entitlement.contract.number).toBe('W-2026');
    expect((await at('2027-06-10T09:00:00Z')).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'componentId' });
  });

  it("shows a customer its own contracts, resolved across identity and the catalog, and nobody else's", async () => {
    const query = `{ contracts { number customer { name } components { name product { name } } catalogItems { code titleEn } } }`;
    const mine = await stack.gql<{
      contracts: Array<{ number: string; customer: { name: string }; components: unknown[]; catalogItems: unknown[] }>;
    }>(query, {}, { token: a.employees[0]!.accessToken });
    expect(mine.errors).toBeUndefined();
    expect(mine.data?.contracts.map((c) => c.number).sort()).toEqual(['S-2026', 'W-2026']);
    expect(mine.data?.contracts.find((c) => c.number === 'W-2026')).toEqual({
      number: 'W-2026',
      customer: { name: 'Customer cc-a' },
      components: [{ name: 'Registry', product: { name: 'Clinic IS' } }],
      catalogItems: [{ code: '5', titleEn: 'Warranty on the IS' }],
    });
    const theirs = await stack.gql<{ contracts: Array<{ number: string }> }>(
      '{ contracts { number } }',
      {},
      { token: b.employees[0]!.accessToken },
    );
    expect(theirs.data?.contracts.map((c) => c.number)).toEqual(['B-2026']);
    const peek = await stack.gql(
      'query($id: ID!) { contract(id: $id) { number } }',
      { id: signed[0] },
      { token: b.employees[0]!.accessToken },
    );
    expect(peek.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
    expect(peek.text).not.toContain('S-2026');
  });

  it('shows a customer the technical library of the products its contracts cover, and only those', async () => {
    const product = async (name: string) => {
      const { createProduct } = await asProvider<{ createProduct: { id: string } }>(
        'mutation($n: String!) { createProduct(input: { name: $n }) { id } }',
        { n: name },
      );
      const { addComponent } = await asProvider<{ addComponent: { id: string } }>(
        'mutation($p: ID!) { addComponent(input: { productId: $p, name: "Core" }) { id } }',
        { p: createProduct.id },
      );
      return { productId: createProduct.id, componentId: addComponent.id };
    };
    const covered = await product('Docs IS');
    const other = await product('Lab IS');
    // A one-off contract in force now (from yesterday for a month, whatever the zone) covers the first product only.
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    const { createContract } = await asProvider<{ createContract: { id: string } }>(
      'mutation($input: CreateContractInput!) { createContract(input: $input) { id } }',
      {
        input: {
          customerId: a.organizationId,
          number: 'ONE-DOCS',
          kind: 'ONE_OFF',
          catalogItemCodes: ['6.2.4'],
          componentIds: [covered.componentId],
          contactEmail: 'it@cc-a.test',
          validFrom: day(-1),
          validTo: day(30),
        },
      },
    );
    await asProvider('mutation($id: ID!) { signContract(id: $id) { id } }', { id: createContract.id });
    signed.push(createContract.id);

    const upload = 'mutation($input: UploadLibraryDocumentInput!) { uploadLibraryDocument(input: $input) { id } }';
    const content = Buffer.from('Admin guide').toString('base64');
    for (const { productId } of [covered, other]) {
      await asProvider(upload, {
        input: { productId, title: 'Admin guide', fileName: 'guide.txt', contentType: 'text/plain', contentBase64: content },
      });
    }
    const list = 'query($p: ID!) { libraryDocuments(productId: $p) { title } }';
    const token = a.employees[0]!.accessToken;
    expect((await stack.gql(list, { p: covered.productId }, { token })).data).toEqual({ libraryDocuments: [{ title: 'Admin guide' }] });
    expect((await stack.gql(list, { p: other.productId }, { token })).errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
    const b0 = b.employees[0]!.accessToken;
    expect((await stack.gql(list, { p: covered.productId }, { token: b0 })).errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
  });
});
