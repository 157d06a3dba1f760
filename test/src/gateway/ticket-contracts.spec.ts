// Tickets on their contracts, end to end through the gateway: identity, catalog, contracts and tickets subgraphs,
// a worker that takes each contract's terms from contracts and a component's next release from the catalog, all on
// one Kafka topic prefix so the tickets re-planner hears the catalog's and contracts' events. A customer with a
// signed contract registers tickets (another component, which no contract covers, is refused); an ERROR/NORMAL
// analysis gets its deadline from the component's next planned release; moving the release moves the running
// ticket's deadline; changing the contract's calendar, or the catalog publishing a new production calendar revision,
// re-plans its running tickets.
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { composeSupergraph } from '@sla-desk/gateway';
import { formatInZone } from '@sla-desk/sla';
import { findRepoRoot, requireTemporal, stackConfig, uniqueName } from '@sla-desk/testing';
import { startCatalogAndContracts, type SubgraphProcess } from './subgraph-process';
import {
  ADMIN_EMAIL,
  ADMIN_PASSWORD,
  createCustomer,
  login,
  SECRET,
  startStack,
  type Customer,
  type GqlResponse,
  type Session,
  type Stack,
  createSpecialist,
} from './stack';

jest.setTimeout(180_000);
process.env['KAFKAJS_NO_PARTITIONER_WARNING'] = '1';

let catalog: SubgraphProcess;
let contracts: SubgraphProcess;
let stack: Stack;
let provider: Session;
let specialist: Session;
let customer: Customer;
let componentId: string;
let uncoveredComponentId: string;
let releaseId: string;
let contractId: string;

const DAY_MS = 86_400_000;
const inDays = (days: number): string => new Date(Date.now() + days * DAY_MS).toISOString();
const dateIn = (days: number): string => inDays(days).slice(0, 10);

function ok<T>(res: GqlResponse<T>): T {
  if (res.errors) throw new Error(res.text);
  return res.data!;
}

const asProvider = async <T>(query: string, variables: Record<string, unknown> = {}): Promise<T> =>
  ok(await stack.gql<T>(query, variables, { token: provider.accessToken }));

beforeAll(async () => {
  const infra = stackConfig();
  await requireTemporal(infra);
  const topicPrefix = `${uniqueName('gw-plan')}.`;
  const kafka = { KAFKA_BROKERS: infra.kafkaBrokers.join(','), KAFKA_TOPIC_PREFIX: topicPrefix };
  ({ catalog, contracts } = await startCatalogAndContracts(
    SECRET,
    // No worker polls it: onboarding is not what this suite is about.
    { address: infra.temporalAddress, namespace: infra.temporalNamespace, taskQueue: uniqueName('gw-plan-onboarding') },
    kafka,
  ));
  const sdl = (name: string) => readFileSync(join(findRepoRoot(), `services/${name}/schema.graphql`), 'utf8');
  const supergraphSdl = composeSupergraph(
    ['identity', 'catalog', 'contracts', 'tickets'].map((name) => ({ name, url: `http://${name}.invalid/graphql`, sdl: sdl(name) })),
  );
  stack = await startStack('gw_ticket_contracts', {
    supergraphSdl,
    tickets: true,
    ticketLinks: { contractsUrl: contracts.url, catalogUrl: catalog.url, topicPrefix },
    extraSubgraphUrls: { catalog: catalog.url, contracts: contracts.url },
  });
  provider = await login(stack, ADMIN_EMAIL, ADMIN_PASSWORD);
  specialist = await createSpecialist(stack, provider, 'planner@provider.test');
  customer = await createCustomer(stack, provider, 'planned', 1);

  const { createProduct } = await asProvider<{ createProduct: { id: string } }>(
    'mutation { createProduct(input: { name: "Clinic IS" }) { id } }',
  );
  const addComponent = async (name: string) =>
    (
      await asProvider<{ addComponent: { id: string } }>(
        'mutation($p: ID!, $n: String!) { addComponent(input: { productId: $p, name: $n }) { id } }',
        {
          p: createProduct.id,
          n: name,
        },
      )
    ).addComponent.id;
  componentId = await addComponent('Registry');
  uncoveredComponentId = await addComponent('Lab');
  const { scheduleRelease } = await asProvider<{ scheduleRelease: { id: string } }>(
    'mutation($input: ScheduleReleaseInput!) { scheduleRelease(input: $input) { id } }',
    { input: { componentId, kind: 'PLANNED', version: '2.0', scheduledFor: inDays(20) } },
  );
  releaseId = scheduleRelease.id;
  const { createContract } = await asProvider<{ createContract: { id: string } }>(
    'mutation($input: CreateContractInput!) { createContract(input: $input) { id } }',
    {
      input: {
        customerId: customer.organizationId,
        number: 'S-PLAN',
        kind: 'SUBSCRIPTION',
        catalogItemCodes: ['6.3'],
        componentIds: [componentId],
        contactEmail: 'it@planned.test',
        validFrom: dateIn(-30),
        validTo: dateIn(300),
      },
    },
  );
  contractId = createContract.id;
  await asProvider('mutation($id: ID!) { signContract(id: $id) { id } }', { id: contractId });
});

afterAll(async () => {
  await stack?.close();
  await contracts?.close();
  await catalog?.close();
});

const TICKET = `id status contractId clocks { id state dueAt timeZone }`;
interface Ticket {
  id: string;
  status: string;
  contractId: string;
  clocks: Array<{ id: string; state: string; dueAt: string | null; timeZone: string }>;
}

async function register(component: string, channel = 'PORTAL'): Promise<GqlResponse<{ registerTicket: Ticket }>> {
  return stack.gql<{ registerTicket: Ticket }>(
    `mutation($input: RegisterTicketInput!) { registerTicket(input: $input) { ${TICKET} } }`,
    {
      input: {
        requestId: randomUUID(),
        title: 'Registry is slow',
        description: 'Opening a patient card takes a minute.',
        component,
        channel,
      },
    },
    { token: customer.employees[0]!.accessToken },
  );
}

async function ticket(id: string): Promise<Ticket> {
  return ok(
    await stack.gql<{ ticket: Ticket }>(`query($id: ID!) { ticket(id: $id) { ${TICKET} } }`, { id }, { token: provider.accessToken }),
  ).ticket;
}

async function eventually<T>(what: string, probe: () => Promise<T | false>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

const dueOf = (t: Ticket, clockId: string): string | null | undefined => t.clocks.find((c) => c.id === clockId)?.dueAt;

it('registers a ticket under the signed contract that covers its component, and refuses one no contract covers', async () => {
  const registered = ok(await register(componentId)).registerTicket;
  expect(registered.contractId).toBe(contractId);
  const loaded = await eventually('the analysis clock', async () => {
    const t = await ticket(registered.id);
    return dueOf(t, 'ANALYSIS#1') ? t : false;
  });
  expect(loaded.clocks[0]).toMatchObject({ state: 'RUNNING', timeZone: 'Europe/Moscow' });

  const count = async () =>
    ok(
      await stack.gql<{ tickets: { edges: unknown[] } }>(
        '{ tickets(first: 100) { edges { node { id } } } }',
        {},
        { token: provider.accessToken },
      ),
    ).tickets.edges.length;
  // The read model lists the registered ticket once the worker has recorded it.
  const before = await eventually('the ticket in the list', async () => ((await count()) >= 1 ? count() : false));
  const refused = await register(uncoveredComponentId);
  expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'NO_ACTIVE_CONTRACT', field: 'component' });
  expect(await count()).toBe(before);
  // Mail names no catalog component: an EMAIL ticket falls under the customer's contract in force.
  expect(ok(await register('email', 'EMAIL')).registerTicket.contractId).toBe(contractId);
});

it('an ERROR/NORMAL analysis follows the component’s next planned release; moving the release moves the deadline', async () => {
  const { id } = ok(await register(componentId)).registerTicket;
  await eventually('terms loaded', async () => Boolean(dueOf(await ticket(id), 'ANALYSIS#1')));
  const analysed = ok(
    await stack.gql<{ analyseTicket: Ticket }>(
      `mutation($input: AnalyseTicketInput!) { analyseTicket(input: $input) { ${TICKET} } }`,
      { input: { ticketId: id, category: 'ERROR', priority: 'NORMAL', assignee: specialist.user.id, plannedDate: inDays(10) } },
      { token: specialist.accessToken },
    ),
  ).analyseTicket;
  const release = ok(
    await stack.gql<{ release: { scheduledFor: string } }>(
      'query($id: ID!) { release(id: $id) { scheduledFor } }',
      { id: releaseId },
      {
        token: provider.accessToken,
      },
    ),
  ).release;
  expect(dueOf(analysed, 'SOLUTION#1')).toBe(new Date(release.scheduledFor).toISOString());

  const movedTo = inDays(40);
  await asProvider('mutation($input: RescheduleReleaseInput!) { rescheduleRelease(input: $input) { id } }', {
    input: { releaseId, scheduledFor: movedTo, reason: 'the vendor slipped' },
  });
  await eventually('the solution deadline to follow the release', async () => dueOf(await ticket(id), 'SOLUTION#1') === movedTo);
});

it('a change of the contract’s calendar re-plans its running tickets', async () => {
  const { id } = ok(await register(componentId)).registerTicket;
  const before = await eventually('terms loaded', async () => dueOf(await ticket(id), 'ANALYSIS#1') ?? false);
  // The same working hours seven hours east: the analysis deadline moves.
  await asProvider('mutation($input: ChangeContractTermsInput!) { changeContractTerms(input: $input) { id } }', {
    input: { contractId, calendar: { timeZone: 'Asia/Vladivostok' } },
  });
  await eventually('the analysis deadline to be re-planned', async () => {
    const due = dueOf(await ticket(id), 'ANALYSIS#1');
    return Boolean(due && due !== before);
  });
});

/** The shipped xmlcalendar year (or an empty one) with `date` (YYYY-MM-DD) made a holiday. */
function yearWithHoliday(date: string): string {
  const [year, month, day] = date.split('-');
  const shipped = join(findRepoRoot(), `libs/sla/data/production-calendar/ru/${year}.xml`);
  const xml = existsSync(shipped)
    ? readFileSync(shipped, 'utf8')
    : `<?xml version="1.0" encoding="UTF-8"?>\n<calendar year="${year}" lang="ru" country="ru"><days></days></calendar>`;
  const d = `${month}.${day}`;
  return xml.replace(new RegExp(`\\s*<day d="${d.replace('.', '\\.')}"[^>]*/>`), '').replace('</days>', `<day d="${d}" t="1"/></days>`);
}

it('a production calendar revision published by the catalog re-plans the running tickets of the country’s contracts', async () => {
  const { id } = ok(await register(componentId)).registerTicket;
  const before = await eventually('terms loaded', async () => dueOf(await ticket(id), 'ANALYSIS#1') ?? false);
  const contractCalendar = async () =>
    ok(
      await stack.gql<{ contract: { calendar: { timeZone: string; version: string; coveredYears: number[] } } }>(
        'query($id: ID!) { contract(id: $id) { calendar { timeZone version coveredYears } } }',
        { id: contractId },
        { token: provider.accessToken },
      ),
    ).contract.calendar;
  const calendar = await contractCalendar();
  // The day the analysis is due becomes a holiday in the new revision of its year.
  const dueDate = formatInZone(new Date(before), calendar.timeZone).slice(0, 10);
  await asProvider('mutation($input: PublishProductionCalendarYearInput!) { publishProductionCalendarYear(input: $input) { revision } }', {
    input: { country: 'RU', xml: yearWithHoliday(dueDate) },
  });
  await eventually(
    'the contract’s calendar to take the published year',
    async () => (await contractCalendar()).version !== calendar.version,
  );
  expect((await contractCalendar()).coveredYears).toContain(Number(dueDate.slice(0, 4)));
  await eventually('the analysis deadline to leave the new holiday', async () => {
    const due = dueOf(await ticket(id), 'ANALYSIS#1');
    return Boolean(due && due !== before);
  });
});

it('a hotline call falls under the customer’s signed contract in force; a customer without one is refused', async () => {
  const LOG = `mutation($input: LogHotlineCallInput!) { logHotlineCall(input: $input) { id contractId callbackBy } }`;
  const call = (customerId: string) => ({
    requestId: randomUUID(),
    customerId,
    callerName: 'Ivan Petrov',
    callerPhone: '+7 900 000-00-00',
    question: 'Where is the export of patient cards?',
    resolved: false,
    callbackBy: inDays(1 / 24),
  });
  const logged = ok(
    await stack.gql<{ logHotlineCall: { contractId: string } }>(
      LOG,
      { input: call(customer.organizationId) },
      { token: specialist.accessToken },
    ),
  ).logHotlineCall;
  expect(logged.contractId).toBe(contractId);

  const uncovered = await createCustomer(stack, provider, 'unsigned', 1);
  const refused = await stack.gql(LOG, { input: call(uncovered.organizationId) }, { token: specialist.accessToken });
  expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'NO_ACTIVE_CONTRACT', field: 'customerId' });
});
