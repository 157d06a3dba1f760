// The contracts subgraph on its own, on a throwaway database (requests signed as the gateway signs them), with the
// real Temporal dev server: onboarding workflows start on a task queue of this run that no worker polls, so the
// test sees exactly what signing started without running it.
import { randomUUID } from 'node:crypto';
import { ContractsClient } from '@sla-desk/contracts-client';
import { contractsV1, decodeEvent } from '@sla-desk/events';
import { addWorkingTime, validatePolicy } from '@sla-desk/sla';
import {
  customerEmployee,
  describeSubgraphContract,
  providerAdmin,
  startTestSubgraph,
  TEST_GATEWAY_SECRET,
  type TestSubgraph,
} from '@sla-desk/subgraph/testing';
import { requireTemporal, stackConfig, uniqueName } from '@sla-desk/testing';
import { contractOnboardingWorkflowId, WorkflowType } from '@sla-desk/workflow-api';
import { Client, Connection } from '@temporalio/client';
import type { ContractsConfig } from '../src/config';
import { PrismaService } from '../src/prisma.service';
import { contractsSubgraph } from '../src/subgraph';

const ADMIN = providerAdmin();
const CUSTOMER_A = '00000000-0000-4000-8000-0000000000ca';
const CUSTOMER_B = '00000000-0000-4000-8000-0000000000cb';
const COMPONENT = '00000000-0000-4000-8000-00000000c001';
const OTHER_COMPONENT = '00000000-0000-4000-8000-00000000c002';
const UNKNOWN_COMPONENT = '00000000-0000-4000-8000-00000000c0ff';

const FIELDS = `id customerId number kind status validFrom validTo catalogItemCodes componentIds contactEmail termsRevision
  signedAt accessListDueAt policy { id version document } calendar { id version timeZone productionCountry coveredYears }`;
const CREATE = `mutation($input: CreateContractInput!) { createContract(input: $input) { ${FIELDS} } }`;
const SIGN = `mutation($id: ID!) { signContract(id: $id) { ${FIELDS} } }`;
const ENTITLEMENT = `query($c: ID!, $x: ID!, $at: DateTime) { entitlement(customerId: $c, componentId: $x, at: $at) { at contract { id number kind } } }`;

interface ContractView {
  id: string;
  customerId: string;
  number: string;
  kind: string;
  status: string;
  validFrom: string;
  validTo: string;
  catalogItemCodes: string[];
  termsRevision: number;
  signedAt: string | null;
  accessListDueAt: string | null;
  policy: { id: string; version: string; document: string };
  calendar: { id: string; version: string; timeZone: string; productionCountry: string; coveredYears: number[] };
}

let subgraph: TestSubgraph<ContractsConfig>;
let temporal: Connection;
const taskQueue = uniqueName('contracts-test');

beforeAll(async () => {
  const stack = stackConfig();
  await requireTemporal(stack);
  temporal = await Connection.connect({ address: stack.temporalAddress });
  subgraph = await startTestSubgraph(contractsSubgraph, {
    name: 'contracts_subgraph',
    // The catalog's answer, faked (the gateway suite runs the real one): every component exists but UNKNOWN_COMPONENT.
    moduleOptions: { components: { unknown: async (ids) => ids.filter((id) => id === UNKNOWN_COMPONENT) } },
    env: { TEMPORAL_ADDRESS: stack.temporalAddress, TEMPORAL_NAMESPACE: stack.temporalNamespace, TEMPORAL_TASK_QUEUE: taskQueue },
  });
});
afterAll(async () => {
  await subgraph?.close();
  await temporal?.close();
});

describeSubgraphContract(contractsSubgraph, () => subgraph);

let seq = 0;
function contractInput(overrides: Record<string, unknown> = {}) {
  return {
    customerId: randomUUID(),
    number: `C-${++seq}`,
    kind: 'SUBSCRIPTION',
    validFrom: '2026-01-01',
    validTo: '2026-12-31',
    catalogItemCodes: ['6.3'],
    componentIds: [COMPONENT],
    contactEmail: 'IT@Customer-A.example',
    ...overrides,
  };
}

async function create(overrides: Record<string, unknown> = {}): Promise<ContractView> {
  const res = await subgraph.gql<{ createContract: ContractView }>(CREATE, { input: contractInput(overrides) }, ADMIN);
  expect(res.errors).toBeUndefined();
  return res.data!.createContract;
}

async function rejected(overrides: Record<string, unknown>): Promise<{ code: unknown; field: unknown; message: string }> {
  const before = await countContracts();
  const res = await subgraph.gql(CREATE, { input: contractInput(overrides) }, ADMIN);
  expect(await countContracts()).toBe(before);
  const error = res.errors?.[0];
  return { code: error?.extensions?.['code'], field: error?.extensions?.['field'], message: error?.message ?? '' };
}

async function countContracts(): Promise<number> {
  return subgraph.app.get(PrismaService).contract.count();
}

function outboxEvents(contractId: string, eventType = 'contract.signed') {
  return subgraph.app.get(PrismaService).outboxEvent.findMany({ where: { eventType, messageKey: contractId } });
}

async function sign(id: string): Promise<ContractView> {
  const res = await subgraph.gql<{ signContract: ContractView }>(SIGN, { id }, ADMIN);
  expect(res.errors).toBeUndefined();
  return res.data!.signContract;
}

describe('creating contracts', () => {
  it('stores a draft subscription on the seed policy and the Russian calendar in Europe/Moscow', async () => {
    const contract = await create({ customerId: CUSTOMER_A, catalogItemCodes: ['6.3', '6.1', '6.3'] });
    expect(contract).toMatchObject({
      customerId: CUSTOMER_A,
      kind: 'SUBSCRIPTION',
      status: 'DRAFT',
      validFrom: '2026-01-01',
      validTo: '2026-12-31',
      catalogItemCodes: ['6.1', '6.3'],
      contactEmail: 'it@customer-a.example',
      signedAt: null,
      accessListDueAt: null,
      policy: { id: 'default', version: '1' },
      calendar: { id: `RU+contract-${contract.id}`, timeZone: 'Europe/Moscow', productionCountry: 'RU' },
    });
    expect(contract.calendar.coveredYears).toEqual(expect.arrayContaining([2025, 2026]));
  });

  it('accepts a 12-month warranty and rejects a 13-month one, storing nothing', async () => {
    const warranty = { kind: 'WARRANTY', catalogItemCodes: ['5'], componentIds: [OTHER_COMPONENT] };
    expect((await create({ ...warranty, validFrom: '2025-03-15', validTo: '2026-03-14' })).kind).toBe('WARRANTY');
    const error = await rejected({ ...warranty, validFrom: '2027-03-15', validTo: '2028-04-14' });
    expect(error).toMatchObject({ code: 'BAD_USER_INPUT', field: 'validTo' });
    expect(error.message).toMatch(/at most 12 months/);
  });

  it.each([
    ['an inverted period', { validFrom: '2026-05-01', validTo: '2026-04-30' }, 'validTo'],
    ['a date that does not exist', { validFrom: '2026-02-30' }, 'validFrom'],
    ['an unknown catalog item', { catalogItemCodes: ['7.1'] }, 'catalogItemCodes'],
    ['an item the kind cannot cover', { kind: 'ONE_OFF', catalogItemCodes: ['6.3'] }, 'catalogItemCodes'],
    ['a malformed component id', { componentIds: ['component-x'] }, 'componentIds'],
    ['a component the catalog does not know', { componentIds: [COMPONENT, UNKNOWN_COMPONENT] }, 'componentIds'],
    ['no components', { componentIds: [] }, 'componentIds'],
    ['a malformed contact email', { contactEmail: 'it at customer' }, 'contactEmail'],
    ['a malformed customer id', { customerId: 'acme' }, 'customerId'],
    ['an unknown production calendar', { calendar: { productionCountry: 'XX' } }, 'calendar.productionCountry'],
    ['an unknown time zone', { calendar: { timeZone: 'Mars/Olympus' } }, 'calendar'],
    [
      'overlapping working intervals',
      {
        calendar: {
          week: Array(7).fill({
            intervals: [
              { start: '09:00', end: '13:00' },
              { start: '12:00', end: '18:00' },
            ],
          }),
        },
      },
      'calendar',
    ],
    ['a week of 5 days', { calendar: { week: Array(5).fill({ intervals: [] }) } }, 'calendar.week'],
    [
      'a customer deadline tied to a release',
      { policyOverrides: [{ category: 'ERROR', priority: 'URGENT', acceptance: { kind: 'NEXT_PLANNED_RELEASE' } }] },
      'policyOverrides',
    ],
    [
      'a working amount in two units',
      { policyOverrides: [{ category: 'ERROR', priority: 'URGENT', notice: { hours: 4, days: 1 } }] },
      'policyOverrides',
    ],
  ])('rejects %s with BAD_USER_INPUT naming the field', async (_what, overrides, field) => {
    expect(await rejected(overrides)).toMatchObject({ code: 'BAD_USER_INPUT', field });
  });

  it('rejects a second contract of the same kind for the same component in an overlapping period', async () => {
    const customerId = randomUUID();
    await create({ customerId, validFrom: '2026-01-01', validTo: '2026-12-31' });
    expect(await rejected({ customerId, validFrom: '2026-12-31', validTo: '2027-12-30' })).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'validFrom',
    });
    // The next year, another component, or another kind may overlap.
    await create({ customerId, validFrom: '2027-01-01', validTo: '2027-12-31' });
    await create({ customerId, validFrom: '2026-06-01', validTo: '2026-12-31', componentIds: [OTHER_COMPONENT] });
    await create({ customerId, kind: 'WARRANTY', catalogItemCodes: ['5'], validFrom: '2026-03-01', validTo: '2027-02-28' });
  });

  it('applies per-cell policy overrides as a contract policy version', async () => {
    const contract = await create({
      policyOverrides: [
        { category: 'ERROR', priority: 'URGENT', solution: { kind: 'WORKING_TIME', amount: { hours: 6 } }, noNotice: true },
      ],
    });
    expect(contract.policy).toMatchObject({ id: `contract-${contract.id}`, version: '1' });
    const policy = JSON.parse(contract.policy.document) as { basedOn: unknown; matrix: Record<string, Record<string, unknown>> };
    expect(policy.basedOn).toEqual({ id: 'default', version: '1' });
    expect(policy.matrix['ERROR']!['URGENT']).toMatchObject({ solution: { kind: 'WORKING_TIME', amount: { hours: 6 } }, notice: null });
    expect(policy.matrix['ERROR']!['HIGH']).toMatchObject({ solution: { kind: 'NEXT_UNPLANNED_RELEASE' } });
  });

  it('lets only provider ADMIN and SUPPORT_MANAGER create contracts', async () => {
    const res = await subgraph.gql(CREATE, { input: contractInput() }, customerEmployee(CUSTOMER_A));
    expect(res.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
  });
});

describe('signing a contract', () => {
  it('publishes contract.signed through the outbox and starts onboarding with the access list due 3 working days later', async () => {
    const draft = await create({ customerId: randomUUID() });
    const signed = await sign(draft.id);
    expect(signed.status).toBe('SIGNED');
    expect(signed.signedAt).not.toBeNull();
    // The seed calendar: 3 working days are at least 3 days and, with weekends and holidays, within two weeks.
    const due = new Date(signed.accessListDueAt!).getTime() - new Date(signed.signedAt!).getTime();
    expect(due).toBeGreaterThanOrEqual(2 * 86_400_000);
    expect(due).toBeLessThan(14 * 86_400_000);

    const rows = await outboxEvents(draft.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ topic: 'sladesk.contracts.v1', tenantId: draft.customerId });
    const decoded = decodeEvent(rows[0]!.payload);
    if (!decoded.ok) throw new Error(decoded.detail);
    expect(decoded.event.payload).toMatchObject({
      contractId: draft.id,
      customerId: draft.customerId,
      kind: contractsV1.ContractKind.SUBSCRIPTION,
      validFrom: '2026-01-01',
      validTo: '2026-12-31',
      catalogItemIds: ['6.3'],
      componentIds: [COMPONENT],
      policyVersion: 'default@1',
      calendarId: `RU+contract-${draft.id}`,
      contactEmail: 'it@customer-a.example',
    });

    const handle = new Client({ connection: temporal }).workflow.getHandle(contractOnboardingWorkflowId(draft.id));
    const description = await handle.describe();
    expect(description).toMatchObject({ type: WorkflowType.CONTRACT_ONBOARDING, taskQueue });
    await handle.terminate('test cleanup');
  });

  it('signing again changes nothing and publishes nothing more', async () => {
    const draft = await create({ customerId: randomUUID() });
    const first = await sign(draft.id);
    const again = await sign(draft.id);
    expect(again.signedAt).toBe(first.signedAt);
    expect(await outboxEvents(draft.id)).toHaveLength(1);
    await new Client({ connection: temporal }).workflow.getHandle(contractOnboardingWorkflowId(draft.id)).terminate('test cleanup');
  });

  it('rejects an unknown contract', async () => {
    const res = await subgraph.gql(SIGN, { id: randomUUID() }, ADMIN);
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
  });
});

describe('entitlement', () => {
  const customerId = randomUUID();
  let subscription: ContractView;
  let warranty: ContractView;

  beforeAll(async () => {
    subscription = await sign((await create({ customerId, number: 'SUB-2026' })).id);
    warranty = await sign(
      (
        await create({
          customerId,
          number: 'WAR-1',
          kind: 'WARRANTY',
          catalogItemCodes: ['5'],
          validFrom: '2026-03-01',
          validTo: '2026-08-31',
        })
      ).id,
    );
    // A draft governs nothing, even as a warranty that would take precedence.
    await create({
      customerId,
      number: 'WAR-DRAFT',
      kind: 'WARRANTY',
      catalogItemCodes: ['5'],
      validFrom: '2026-09-01',
      validTo: '2026-12-31',
    });
  });
  afterAll(async () => {
    const client = new Client({ connection: temporal });
    for (const c of [subscription, warranty]) await client.workflow.getHandle(contractOnboardingWorkflowId(c.id)).terminate('test cleanup');
  });

  async function governing(at: string, component = COMPONENT) {
    return subgraph.gql<{ entitlement: { contract: { number: string } } }>(ENTITLEMENT, { c: customerId, x: component, at }, ADMIN);
  }

  it('gives the warranty precedence over the overlapping subscription while it runs', async () => {
    expect((await governing('2026-02-27T12:00:00Z')).data?.entitlement.contract.number).toBe('SUB-2026');
    expect((await governing('2026-05-12T12:00:00Z')).data?.entitlement.contract.number).toBe('WAR-1');
    expect((await governing('2026-10-01T12:00:00Z')).data?.entitlement.contract.number).toBe('SUB-2026');
  });

  it("counts the period's dates in the contract's zone", async () => {
    // 2026-08-31 22:30 UTC is already 1 September in Moscow: the warranty is over.
    expect((await governing('2026-08-31T20:30:00Z')).data?.entitlement.contract.number).toBe('WAR-1');
    expect((await governing('2026-08-31T22:30:00Z')).data?.entitlement.contract.number).toBe('SUB-2026');
  });

  it('refuses clearly when no signed contract covers the component at that instant', async () => {
    for (const res of [await governing('2027-01-01T12:00:00Z'), await governing('2026-05-12T12:00:00Z', randomUUID())]) {
      expect(res.data).toBeNull();
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'componentId' });
      expect(res.errors?.[0]?.message).toMatch(/No signed contract/);
    }
  });

  it("answers a customer about its own contracts and refuses another customer's", async () => {
    const own = await subgraph.gql(ENTITLEMENT, { c: customerId, x: COMPONENT, at: '2026-05-12T12:00:00Z' }, customerEmployee(customerId));
    expect(own.errors).toBeUndefined();
    const other = await subgraph.gql(
      ENTITLEMENT,
      { c: customerId, x: COMPONENT, at: '2026-05-12T12:00:00Z' },
      customerEmployee(CUSTOMER_B),
    );
    expect(other.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
  });
});

describe('tenant isolation', () => {
  it("shows customers their own contracts only, and another customer's as FORBIDDEN", async () => {
    const mine = await create({ customerId: CUSTOMER_B, number: 'B-1' });
    const theirs = await create({ customerId: CUSTOMER_A, number: 'A-ISO', componentIds: [randomUUID()] });
    const list = await subgraph.gql<{ contracts: Array<{ customerId: string }> }>(
      '{ contracts { customerId } }',
      {},
      customerEmployee(CUSTOMER_B),
    );
    expect(list.data?.contracts.length).toBeGreaterThan(0);
    expect(list.data?.contracts.every((c) => c.customerId === CUSTOMER_B)).toBe(true);

    const query = 'query($id: ID!) { contract(id: $id) { id number } }';
    expect((await subgraph.gql(query, { id: mine.id }, customerEmployee(CUSTOMER_B))).data).toEqual({
      contract: { id: mine.id, number: 'B-1' },
    });
    const denied = await subgraph.gql(query, { id: theirs.id }, customerEmployee(CUSTOMER_B));
    expect(denied.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
    const filtered = await subgraph.gql(
      'query($c: ID) { contracts(customerId: $c) { id } }',
      { c: CUSTOMER_A },
      customerEmployee(CUSTOMER_B),
    );
    expect(filtered.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');

    const entities = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Contract { id number } } }`;
    const viaGateway = await subgraph.gql(entities, { r: [{ __typename: 'Contract', id: theirs.id }] }, customerEmployee(CUSTOMER_B));
    expect(viaGateway.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
    const staff = await subgraph.gql<{ _entities: unknown[] }>(entities, { r: [{ __typename: 'Contract', id: theirs.id }] }, ADMIN);
    expect(staff.data?._entities).toEqual([{ id: theirs.id, number: 'A-ISO' }]);
  });
});

describe('ContractsClient (@sla-desk/contracts-client), the adapter behind the worker ContractTermsPort', () => {
  let client: ContractsClient;
  let signed: ContractView;
  let draft: ContractView;

  beforeAll(async () => {
    client = new ContractsClient({ url: subgraph.url, secret: TEST_GATEWAY_SECRET, service: 'worker' });
    signed = await sign(
      (
        await create({
          policyOverrides: [{ category: 'SUPPORT', priority: 'LOW', solution: { kind: 'WORKING_TIME', amount: { days: 10 } } }],
          calendar: { timeZone: 'Asia/Yekaterinburg', overrides: [{ date: '2026-06-15', kind: 'DAY_OFF', title: 'Plant holiday' }] },
        })
      ).id,
    );
    draft = await create();
  });
  afterAll(async () => {
    await new Client({ connection: temporal }).workflow.getHandle(contractOnboardingWorkflowId(signed.id)).terminate('test cleanup');
  });

  it("returns a signed contract's policy and calendar, ready for the workflows", async () => {
    const terms = await client.termsFor({ contractId: signed.id, customerId: signed.customerId });
    expect(terms?.contractId).toBe(signed.id);
    expect(() => validatePolicy(terms!.policy)).not.toThrow();
    expect(terms!.policy).toMatchObject({ id: `contract-${signed.id}`, version: '1' });
    expect(terms!.policy.matrix.SUPPORT.LOW.solution).toEqual({ kind: 'WORKING_TIME', amount: { days: 10 } });
    expect(terms!.calendar).toMatchObject({ id: signed.calendar.id, version: signed.calendar.version, timeZone: 'Asia/Yekaterinburg' });
    // The contract's day off counts: Fri 2026-06-12 is a Russian holiday, Mon 15 June the plant's, so 1 wd after
    // Thu 11 June 10:00 local (05:00 UTC) is Tue 16 June 10:00 local.
    expect(addWorkingTime(terms!.calendar, new Date('2026-06-11T05:00:00Z'), { days: 1 }).toISOString()).toBe('2026-06-16T05:00:00.000Z');
  });

  it('answers null for an unknown, unsigned or another customer’s contract', async () => {
    expect(await client.termsFor({ contractId: randomUUID(), customerId: signed.customerId })).toBeNull();
    expect(await client.termsFor({ contractId: 'not-a-uuid', customerId: signed.customerId })).toBeNull();
    expect(await client.termsFor({ contractId: draft.id, customerId: draft.customerId })).toBeNull();
    expect(await client.termsFor({ contractId: signed.id, customerId: draft.customerId })).toBeNull();
  });

  it('asks for entitlement: the governing contract, or null when none', async () => {
    expect(await client.entitlement(signed.customerId, COMPONENT, new Date('2026-06-11T05:00:00Z'))).toEqual({
      contractId: signed.id,
      number: signed.number,
      kind: 'SUBSCRIPTION',
      timeZone: signed.calendar.timeZone,
    });
    expect(await client.entitlement(signed.customerId, COMPONENT, new Date('2025-06-11T05:00:00Z'))).toBeNull();
    // Without a component (email, hotline): the same rule over every contract in force.
    expect(await client.contractInForce(signed.customerId, new Date('2026-06-11T05:00:00Z'))).toMatchObject({ contractId: signed.id });
    expect(await client.contractInForce(signed.customerId, new Date('2025-06-11T05:00:00Z'))).toBeNull();
  });

  it('throws on a request the contracts service does not accept (a wrong secret)', async () => {
    const forged = new ContractsClient({ url: subgraph.url, secret: 'not-the-gateway-secret-0123456789abcdef', service: 'worker' });
    await expect(forged.termsFor({ contractId: signed.id, customerId: signed.customerId })).rejects.toMatchObject({
      name: 'SubgraphCallError',
      code: 'UNAUTHENTICATED',
    });
  });
});

describe('covered components', () => {
  it("lists the components of a customer's signed contracts in force, for staff, the client and the customer itself", async () => {
    const customerId = randomUUID();
    const [x, y, z] = [randomUUID(), randomUUID(), randomUUID()].sort();
    const signedNow = await sign((await create({ customerId, componentIds: [y!, x!], validFrom: '2026-01-01', validTo: '2026-12-31' })).id);
    await create({
      customerId,
      kind: 'WARRANTY',
      catalogItemCodes: ['5'],
      componentIds: [z!],
      validFrom: '2026-01-01',
      validTo: '2026-06-30',
    });
    const query = 'query($c: ID!, $at: DateTime) { coveredComponents(customerId: $c, at: $at) }';
    const at = '2026-05-01T12:00:00Z';
    expect((await subgraph.gql(query, { c: customerId, at }, ADMIN)).data).toEqual({ coveredComponents: [x, y] });
    expect((await subgraph.gql(query, { c: customerId, at: '2027-05-01T12:00:00Z' }, ADMIN)).data).toEqual({ coveredComponents: [] });
    expect((await subgraph.gql(query, { c: customerId, at }, customerEmployee(customerId))).data).toEqual({ coveredComponents: [x, y] });
    expect(errorCode(await subgraph.gql(query, { c: customerId, at }, customerEmployee(CUSTOMER_B)))).toBe('FORBIDDEN');
    const client = new ContractsClient({ url: subgraph.url, secret: TEST_GATEWAY_SECRET, service: 'catalog' });
    expect(await client.coveredComponentIds(customerId, new Date(at))).toEqual([x, y]);
    await new Client({ connection: temporal }).workflow.getHandle(contractOnboardingWorkflowId(signedNow.id)).terminate('test cleanup');
  });
});

function errorCode(res: { errors?: Array<{ extensions?: Record<string, unknown> }> }): unknown {
  return res.errors?.[0]?.extensions?.['code'];
}

describe('changing terms', () => {
  const CHANGE = `mutation($input: ChangeContractTermsInput!) { changeContractTerms(input: $input) { ${FIELDS} } }`;
  const change = (input: Record<string, unknown>, caller = ADMIN) =>
    subgraph.gql<{ changeContractTerms: ContractView }>(CHANGE, { input }, caller);
  const urgentIn2Hours = [{ category: 'ERROR', priority: 'URGENT', solution: { kind: 'WORKING_TIME', amount: { hours: 2 } } }];

  it("replaces a signed contract's policy and calendar and re-plans its onboarding clock", async () => {
    const signed = await sign((await create()).id);
    const res = await change({ contractId: signed.id, policyOverrides: urgentIn2Hours, calendar: { timeZone: 'Asia/Novosibirsk' } });
    expect(res.errors).toBeUndefined();
    const changed = res.data!.changeContractTerms;
    expect(changed).toMatchObject({
      termsRevision: 2,
      policy: { id: `contract-${signed.id}`, version: '2' },
      calendar: { timeZone: 'Asia/Novosibirsk' },
    });
    expect(changed.calendar.version).not.toBe(signed.calendar.version);

    const handle = new Client({ connection: temporal }).workflow.getHandle(contractOnboardingWorkflowId(signed.id));
    const history = await handle.fetchHistory();
    const signals = (history.events ?? []).flatMap((e) =>
      e.workflowExecutionSignaledEventAttributes ? [e.workflowExecutionSignaledEventAttributes.signalName] : [],
    );
    expect(signals).toEqual(['policyChanged', 'calendarChanged']);
    // The running tickets of the contract hear of it through contract.terms_changed (one per terms revision).
    const termsChanged = await outboxEvents(signed.id, 'contract.terms_changed');
    expect(termsChanged).toHaveLength(1);

    // Once onboarding is over, new terms are stored without anything to re-plan.
    await handle.terminate('test cleanup');
    const later = await change({ contractId: signed.id, policyOverrides: [] });
    expect(later.data?.changeContractTerms).toMatchObject({ termsRevision: 3, policy: { id: 'default', version: '1' } });
  });

  it('changes a draft without touching Temporal', async () => {
    const draft = await create();
    const res = await change({ contractId: draft.id, calendar: { overrides: [{ date: '2026-05-04', kind: 'WORKING_DAY' }] } });
    expect(res.data?.changeContractTerms).toMatchObject({ status: 'DRAFT', termsRevision: 2 });
    expect(await outboxEvents(draft.id, 'contract.terms_changed')).toEqual([]);
  });

  it('rejects bad input and keeps the terms as they were', async () => {
    const draft = await create();
    const cases: Array<[Record<string, unknown>, string]> = [
      [
        { contractId: draft.id, policyOverrides: [{ category: 'SUPPORT', priority: 'LOW', acceptance: { kind: 'NEXT_PLANNED_RELEASE' } }] },
        'policyOverrides',
      ],
      [{ contractId: draft.id, calendar: { timeZone: 'Nowhere/Town' } }, 'calendar'],
      [{ contractId: draft.id }, 'contractId'],
      [{ contractId: randomUUID(), policyOverrides: [] }, 'contractId'],
    ];
    for (const [input, field] of cases) {
      expect((await change(input)).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    expect(
      (await change({ contractId: draft.id, policyOverrides: [] }, customerEmployee(draft.customerId))).errors?.[0]?.extensions?.['code'],
    ).toBe('FORBIDDEN');
    const stored = await subgraph.app.get(PrismaService).contract.findUniqueOrThrow({ where: { id: draft.id } });
    expect(stored).toMatchObject({ termsRevision: 1, timeZone: 'Europe/Moscow', policyOverrides: {} });
  });
});
