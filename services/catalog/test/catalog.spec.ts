// The catalog subgraph on its own, on a throwaway database (requests signed as the gateway signs them).
import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Caller } from '@sla-desk/auth';
import { decodeEvent, releasesV1 } from '@sla-desk/events';
import {
  customerEmployee,
  describeSubgraphContract,
  providerAdmin,
  startTestSubgraph,
  type TestSubgraph,
} from '@sla-desk/subgraph/testing';
import type { CatalogConfig } from '../src/config';
import { DiskDocumentStorage } from '../src/portal/document-storage';
import { PrismaService } from '../src/prisma.service';
import { catalogSubgraph } from '../src/subgraph';

const ADMIN = providerAdmin();
const MANAGER: Caller = { ...providerAdmin(), userId: '00000000-0000-4000-8000-0000000000a2', roles: ['SUPPORT_MANAGER'] };
const CUSTOMER = customerEmployee();

// What each customer's contracts cover (the contracts subgraph's answer, faked here; the gateway suite uses the real one).
const covered = new Map<string, string[]>();
const coverage = { coveredComponentIds: async (customerId: string) => covered.get(customerId) ?? [] };

let subgraph: TestSubgraph<CatalogConfig>;
beforeAll(async () => {
  subgraph = await startTestSubgraph(catalogSubgraph, { name: 'catalog_subgraph', moduleOptions: { coverage } });
});
afterAll(async () => {
  await subgraph?.close();
});

describeSubgraphContract(catalogSubgraph, () => subgraph);

function errorOf(res: { errors?: Array<{ extensions?: Record<string, unknown> }> }) {
  return { code: res.errors?.[0]?.extensions?.['code'], field: res.errors?.[0]?.extensions?.['field'] };
}

describe('the service catalog', () => {
  // The seed's «Каталог услуг», item by item: number, parent, name and result as written there.
  const SEED: Array<[string, string | null, string, string | null]> = [
    [
      '1',
      null,
      'Проведение технического (предпроектного) обследования объекта / задачи Заказчика',
      'Техническое задание (ТЗ) на проектирование новой информационной системы (ИС) / Коммерческое предложение на использование готовых из Каталога программных продуктов и их адаптации',
    ],
    [
      '2',
      null,
      'Проектирование ИС для Заказчика',
      'Техническая проектная документация для создания новой ИС / ТЗ на адаптацию готового программного продукта',
    ],
    [
      '3',
      null,
      'Разработка ИС',
      'Новая информационная система или адаптация готового программного продукта для решения задачи Заказчика, включающая необходимую эксплуатационную документацию',
    ],
    ['4', null, 'Внедрение ИС у Заказчика', 'Информационная система, эксплуатируемая на объектах Заказчика'],
    ['4.1', '4', 'Подключение необходимого оборудования, установка и настройка ИС', 'Работоспособная система на объекте Заказчика'],
    [
      '4.2',
      '4',
      'Обучение пользователей',
      'Коллективная и индивидуальная форма обучения пользователей системы, дополнительные консультации для персонала при необходимости',
    ],
    [
      '4.3',
      '4',
      'Доводка системы в опытной эксплуатации',
      'Адаптированная к особенностям работы на объекте, а также с учетом замечаний пользователей ИС',
    ],
    [
      '5',
      null,
      'Гарантийные обязательства на ИС',
      'Бесплатное устранение ошибок и несоответствий системы ТЗ Заказчика в оговоренный договором период времени (не более 12 месяцев)',
    ],
    ['6', null, 'Сопровождение ИС у Заказчика', 'Техподдержка ИС в работоспособном состоянии на объекте Заказчика'],
    [
      '6.1',
      '6',
      'Предоставление доступа к специальному сайту техподдержки',
      'Предоставление доступа клиента к личному кабинету, включая доступ к новостям, технической библиотеке по продуктам, обмен технической и организационной информацией с разработчиками и службой сопровождения ИС',
    ],
    ['6.2', '6', 'Разовые услуги техподдержки', null],
    [
      '6.2.1',
      '6.2',
      'Предоставление и (при необходимости) установка обновления ИС',
      'Обновление необходимо для поддержки программного обеспечения системы в актуальном состоянии при изменении нормативных документов, для улучшения эффективности и производительности её работы, а также исправления обнаруженных ошибок и устранения замечаний пользователей',
    ],
    [
      '6.2.2',
      '6.2',
      'Предоставление обновления справочников и классификаторов ИС',
      'Поддержка в актуальном состоянии информационного обеспечения системы',
    ],
    [
      '6.2.3',
      '6.2',
      'Доработка ИС под индивидуальные требования Заказчика',
      'Обеспечение дополнительной функциональности ИС, отсутствующей ранее в системе и необходимой Заказчику',
    ],
    [
      '6.2.4',
      '6.2',
      'Консультации пользователей ИС по особенностям её использования',
      'Осуществляется дистанционно с использованием средств телекоммуникаций либо с выездом специалистов на объект Заказчика',
    ],
    [
      '6.2.5',
      '6.2',
      'Системное администрирование ИС (ОС, СУБД, ПО, 1С:Предприятие)',
      'Осуществляется при необходимости дистанционно с использованием средств телекоммуникаций либо с выездом специалистов на объект Заказчика',
    ],
    [
      '6.2.6',
      '6.2',
      'Устранение аварийных ситуаций, возникших на объекте Заказчика.',
      'Осуществляется при необходимости дистанционно с использованием средств телекоммуникаций либо с выездом специалистов на объект Заказчика',
    ],
    [
      '6.2.7',
      '6.2',
      'Проведение системно-технического обслуживания (СТО) компьютерной инфраструктуры на объекте Заказчика',
      'СТО серверного и сетевого оборудования, СКС, компьютеров АРМ и периферийного оборудования',
    ],
    [
      '6.3',
      '6',
      'Абонентское сопровождение ИС',
      'Договор на комплексное техобслуживание ИС на объектах Заказчика в течение определенного периода времени (обычно календарный год), включающий состав необходимых услуг из п.6.2',
    ],
  ];
  const ITEMS = '{ serviceItems { code parentCode titleRu resultRu titleEn resultEn children { code } } }';
  type Item = {
    code: string;
    parentCode: string | null;
    titleRu: string;
    resultRu: string | null;
    titleEn: string;
    resultEn: string | null;
    children: Array<{ code: string }>;
  };

  it('holds the seed items 1 … 6.3 in order, with their hierarchy and results in Russian and English', async () => {
    const res = await subgraph.gql<{ serviceItems: Item[] }>(ITEMS, {}, CUSTOMER);
    expect(res.errors).toBeUndefined();
    const items = res.data!.serviceItems;
    expect(items.map((i) => [i.code, i.parentCode, i.titleRu, i.resultRu])).toEqual(SEED);
    for (const item of items) {
      expect(item.titleEn).toMatch(/^[A-Z][\x20-\x7e]+$/);
      expect(item.resultEn === null).toBe(item.resultRu === null);
    }
    const byCode = new Map(items.map((i) => [i.code, i]));
    expect(byCode.get('4')!.children.map((c) => c.code)).toEqual(['4.1', '4.2', '4.3']);
    expect(byCode.get('6')!.children.map((c) => c.code)).toEqual(['6.1', '6.2', '6.3']);
    expect(byCode.get('6.2')!.children).toHaveLength(7);
  });

  it('lets a provider admin edit the texts, and nobody else', async () => {
    const update = 'mutation($input: UpdateServiceItemInput!) { updateServiceItem(input: $input) { code titleEn resultRu } }';
    const input = { code: '6.2.4', titleEn: 'User consultations' };
    expect(errorOf(await subgraph.gql(update, { input }, MANAGER)).code).toBe('FORBIDDEN');
    expect(errorOf(await subgraph.gql(update, { input }, CUSTOMER)).code).toBe('FORBIDDEN');
    const res = await subgraph.gql<{ updateServiceItem: { titleEn: string; resultRu: string } }>(update, { input }, ADMIN);
    expect(res.data?.updateServiceItem).toEqual({ code: '6.2.4', titleEn: 'User consultations', resultRu: SEED[14]![3] });
    expect(errorOf(await subgraph.gql(update, { input: { code: '9.9', titleEn: 'x' } }, ADMIN))).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'code',
    });
    expect(errorOf(await subgraph.gql(update, { input: { code: '6.2.4', titleRu: '   ' } }, ADMIN))).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'titleRu',
    });
  });
});

const CREATE_PRODUCT = 'mutation($input: CreateProductInput!) { createProduct(input: $input) { id name } }';
const ADD_COMPONENT = 'mutation($input: AddComponentInput!) { addComponent(input: $input) { id name product { id name } } }';
const RELEASE = 'id componentId kind version status scheduledFor shippedAt history { sequence status scheduledFor reason changedBy }';
const SCHEDULE = `mutation($input: ScheduleReleaseInput!) { scheduleRelease(input: $input) { ${RELEASE} } }`;
const RESCHEDULE = `mutation($input: RescheduleReleaseInput!) { rescheduleRelease(input: $input) { ${RELEASE} } }`;
const SHIP = `mutation($id: ID!) { shipRelease(id: $id) { ${RELEASE} } }`;
const NEXT = 'query($c: ID!, $k: ReleaseKind!, $after: DateTime!) { nextRelease(componentId: $c, kind: $k, after: $after) { id version } }';

interface ReleaseView {
  id: string;
  status: string;
  scheduledFor: string;
  shippedAt: string | null;
  history: Array<{ sequence: number; status: string; scheduledFor: string; reason: string | null; changedBy: string }>;
}

async function newComponent(): Promise<string> {
  const product = await subgraph.gql<{ createProduct: { id: string } }>(
    CREATE_PRODUCT,
    { input: { name: `Product ${randomUUID()}` } },
    ADMIN,
  );
  const component = await subgraph.gql<{ addComponent: { id: string } }>(
    ADD_COMPONENT,
    { input: { productId: product.data!.createProduct.id, name: 'Core' } },
    ADMIN,
  );
  return component.data!.addComponent.id;
}

function inDays(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString();
}

async function schedule(componentId: string, version: string, kind: string, scheduledFor: string): Promise<ReleaseView> {
  const res = await subgraph.gql<{ scheduleRelease: ReleaseView }>(
    SCHEDULE,
    { input: { componentId, kind, version, scheduledFor } },
    MANAGER,
  );
  expect(res.errors).toBeUndefined();
  return res.data!.scheduleRelease;
}

function releaseEvents(releaseId: string) {
  return subgraph.app.get(PrismaService).outboxEvent.findMany({ where: { messageKey: releaseId }, orderBy: { id: 'asc' } });
}

describe('products and components', () => {
  it('creates products with components; names are unique; customers only read', async () => {
    const name = `Hospital IS ${randomUUID()}`;
    const product = await subgraph.gql<{ createProduct: { id: string } }>(CREATE_PRODUCT, { input: { name } }, MANAGER);
    const productId = product.data!.createProduct.id;
    expect(errorOf(await subgraph.gql(CREATE_PRODUCT, { input: { name } }, ADMIN))).toEqual({ code: 'BAD_USER_INPUT', field: 'name' });
    expect(errorOf(await subgraph.gql(CREATE_PRODUCT, { input: { name: 'Mine' } }, CUSTOMER)).code).toBe('FORBIDDEN');

    const added = await subgraph.gql<{ addComponent: { name: string; product: { id: string } } }>(
      ADD_COMPONENT,
      { input: { productId, name: 'Registry' } },
      ADMIN,
    );
    expect(added.data?.addComponent).toMatchObject({ name: 'Registry', product: { id: productId } });
    expect(errorOf(await subgraph.gql(ADD_COMPONENT, { input: { productId, name: 'Registry' } }, ADMIN))).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'name',
    });
    expect(errorOf(await subgraph.gql(ADD_COMPONENT, { input: { productId: randomUUID(), name: 'X' } }, ADMIN))).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'productId',
    });

    const read = await subgraph.gql<{ product: { components: Array<{ name: string }> } }>(
      'query($id: ID!) { product(id: $id) { name components { name } } }',
      { id: productId },
      CUSTOMER,
    );
    expect(read.data?.product.components).toEqual([{ name: 'Registry' }]);
  });

  it('gives concurrent creations of one name one product and clear errors for the rest', async () => {
    const name = `Race ${randomUUID()}`;
    const results = await Promise.all(Array.from({ length: 4 }, () => subgraph.gql(CREATE_PRODUCT, { input: { name } }, ADMIN)));
    expect(results.filter((r) => r.errors === undefined)).toHaveLength(1);
    for (const r of results.filter((r) => r.errors !== undefined)) expect(errorOf(r)).toEqual({ code: 'BAD_USER_INPUT', field: 'name' });
    expect(await subgraph.app.get(PrismaService).product.count({ where: { name } })).toBe(1);
  });
});

describe('releases', () => {
  it('schedules a release, publishing release.scheduled through the outbox', async () => {
    const componentId = await newComponent();
    const at = inDays(30);
    const release = await schedule(componentId, '2.4.0', 'PLANNED', at);
    expect(release).toMatchObject({ status: 'SCHEDULED', scheduledFor: at, shippedAt: null });
    expect(release.history).toEqual([{ sequence: 1, status: 'SCHEDULED', scheduledFor: at, reason: null, changedBy: MANAGER.userId }]);
    const [event, ...more] = await releaseEvents(release.id);
    expect(more).toHaveLength(0);
    expect(event).toMatchObject({ eventType: 'release.scheduled', topic: 'sladesk.releases.v1', tenantId: 'global' });
    const decoded = decodeEvent(event!.payload);
    if (!decoded.ok) throw new Error(decoded.detail);
    expect(decoded.event.payload).toMatchObject({
      releaseId: release.id,
      componentId,
      kind: releasesV1.ReleaseKind.PLANNED,
      version: '2.4.0',
    });
  });

  it.each([
    ['a date in the past', { scheduledFor: inDays(-1) }, 'scheduledFor'],
    ['an unknown component', { componentId: randomUUID() }, 'componentId'],
    ['a malformed version', { version: '2.4 beta' }, 'version'],
  ])('rejects %s and stores nothing', async (_what, change, field) => {
    const componentId = await newComponent();
    const res = await subgraph.gql(
      SCHEDULE,
      { input: { componentId, kind: 'PLANNED', version: '1.0', scheduledFor: inDays(5), ...change } },
      ADMIN,
    );
    expect(errorOf(res)).toEqual({ code: 'BAD_USER_INPUT', field });
    expect(await subgraph.app.get(PrismaService).release.count({ where: { componentId } })).toBe(0);
  });

  it('rejects a duplicate version of the same component, not of another', async () => {
    const componentId = await newComponent();
    await schedule(componentId, '3.0.0', 'PLANNED', inDays(10));
    const dup = await subgraph.gql(
      SCHEDULE,
      { input: { componentId, kind: 'UNPLANNED', version: '3.0.0', scheduledFor: inDays(3) } },
      ADMIN,
    );
    expect(errorOf(dup)).toEqual({ code: 'BAD_USER_INPUT', field: 'version' });
    expect(await subgraph.app.get(PrismaService).release.count({ where: { componentId } })).toBe(1);
    await schedule(await newComponent(), '3.0.0', 'PLANNED', inDays(10));
  });

  it('answers the next planned / unplanned release after an instant, across rescheduling and shipping', async () => {
    const componentId = await newComponent();
    const now = new Date().toISOString();
    const next = async (kind: string, after = now) =>
      (await subgraph.gql<{ nextRelease: { version: string } | null }>(NEXT, { c: componentId, k: kind, after }, CUSTOMER)).data
        ?.nextRelease?.version ?? null;

    const may = await schedule(componentId, '5.0', 'PLANNED', inDays(20));
    await schedule(componentId, '5.1', 'PLANNED', inDays(40));
    const hotfix = await schedule(componentId, '5.0.1', 'UNPLANNED', inDays(3));
    expect(await next('PLANNED')).toBe('5.0');
    expect(await next('UNPLANNED')).toBe('5.0.1');
    expect(await next('PLANNED', inDays(25))).toBe('5.1');
    expect(await next('UNPLANNED', inDays(4))).toBeNull();

    const moved = await subgraph.gql<{ rescheduleRelease: ReleaseView }>(
      RESCHEDULE,
      { input: { releaseId: may.id, scheduledFor: inDays(50), reason: 'QA found a blocker' } },
      ADMIN,
    );
    expect(moved.data?.rescheduleRelease).toMatchObject({ status: 'RESCHEDULED' });
    expect(moved.data?.rescheduleRelease.history.map((h) => [h.status, h.reason])).toEqual([
      ['SCHEDULED', null],
      ['RESCHEDULED', 'QA found a blocker'],
    ]);
    expect(await next('PLANNED')).toBe('5.1');

    const shipped = await subgraph.gql<{ shipRelease: ReleaseView }>(SHIP, { id: hotfix.id }, ADMIN);
    expect(shipped.data?.shipRelease.status).toBe('SHIPPED');
    expect(shipped.data?.shipRelease.shippedAt).not.toBeNull();
    expect(await next('UNPLANNED')).toBeNull();

    const events = await releaseEvents(may.id);
    expect(events.map((e) => e.eventType)).toEqual(['release.scheduled', 'release.rescheduled']);
    const decoded = decodeEvent(events[1]!.payload);
    if (!decoded.ok) throw new Error(decoded.detail);
    expect(decoded.event.payload).toMatchObject({ releaseId: may.id, reason: 'QA found a blocker' });
    expect((await releaseEvents(hotfix.id)).map((e) => e.eventType)).toEqual(['release.scheduled', 'release.shipped']);
  });

  it('rejects moving a release into the past, to the same instant, or after it shipped; and shipping twice', async () => {
    const componentId = await newComponent();
    const at = inDays(7);
    const release = await schedule(componentId, '1.0', 'PLANNED', at);
    const move = (scheduledFor: string) =>
      subgraph.gql(RESCHEDULE, { input: { releaseId: release.id, scheduledFor, reason: 'because' } }, ADMIN);
    expect(errorOf(await move(inDays(-2)))).toEqual({ code: 'BAD_USER_INPUT', field: 'scheduledFor' });
    expect(errorOf(await move(at))).toEqual({ code: 'BAD_USER_INPUT', field: 'scheduledFor' });
    expect(
      errorOf(await subgraph.gql(RESCHEDULE, { input: { releaseId: randomUUID(), scheduledFor: inDays(9), reason: 'x' } }, ADMIN)),
    ).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'releaseId',
    });
    await subgraph.gql(SHIP, { id: release.id }, ADMIN);
    expect(errorOf(await move(inDays(9)))).toEqual({ code: 'BAD_USER_INPUT', field: 'releaseId' });
    expect(errorOf(await subgraph.gql(SHIP, { id: release.id }, ADMIN))).toEqual({ code: 'BAD_USER_INPUT', field: 'releaseId' });
    expect(errorOf(await subgraph.gql(SHIP, { id: release.id }, CUSTOMER)).code).toBe('FORBIDDEN');
    expect((await releaseEvents(release.id)).map((e) => e.eventType)).toEqual(['release.scheduled', 'release.shipped']);
  });
});

describe('federated entities', () => {
  it('resolves ServiceItem by code and Component and Release by id for the gateway', async () => {
    const componentId = await newComponent();
    const release = await schedule(componentId, '9.0', 'UNPLANNED', inDays(2));
    const query = `query($r: [_Any!]!) { _entities(representations: $r) {
      ... on ServiceItem { code titleEn } ... on Component { id name } ... on Release { id version } } }`;
    const res = await subgraph.gql<{ _entities: unknown[] }>(
      query,
      {
        r: [
          { __typename: 'ServiceItem', code: '5' },
          { __typename: 'Component', id: componentId },
          { __typename: 'Release', id: release.id },
        ],
      },
      CUSTOMER,
    );
    expect(res.data?._entities).toEqual([
      { code: '5', titleEn: 'Warranty on the IS' },
      { id: componentId, name: 'Core' },
      { id: release.id, version: '9.0' },
    ]);
    expect(errorOf(await subgraph.gql(query, { r: [{ __typename: 'ServiceItem', code: '5' }] }, null)).code).toBe('UNAUTHENTICATED');
  });
});

describe('production calendars (reference data)', () => {
  const RU_2026 = readFileSync(join(__dirname, '../../../libs/sla/data/production-calendar/ru/2026.xml'), 'utf8');
  const PUBLISH = `mutation($input: PublishProductionCalendarYearInput!) {
    publishProductionCalendarYear(input: $input) { country year revision checksum days { date kind shortenedByMinutes title } } }`;
  type Year = {
    country: string;
    year: number;
    revision: number;
    checksum: string;
    days: Array<{ date: string; kind: string; shortenedByMinutes: number | null; title: string | null }>;
  };
  const publish = (xml: string, country = 'ru', caller = ADMIN) =>
    subgraph.gql<{ publishProductionCalendarYear: Year }>(PUBLISH, { input: { country, xml } }, caller);
  const calendarEvents = () =>
    subgraph.app.get(PrismaService).outboxEvent.findMany({ where: { eventType: 'calendar.published' }, orderBy: { id: 'asc' } });
  const storedYears = () => subgraph.app.get(PrismaService).productionCalendarYear.count();

  it('publishes an uploaded year as a revision, once per distinct file, with calendar.published', async () => {
    const first = await publish(RU_2026);
    expect(first.errors).toBeUndefined();
    const year = first.data!.publishProductionCalendarYear;
    expect(year).toMatchObject({ country: 'RU', year: 2026, revision: 1 });
    expect(year.days).toContainEqual({ date: '2026-01-01', kind: 'DAY_OFF', shortenedByMinutes: null, title: 'Новогодние каникулы' });
    expect(year.days).toContainEqual(expect.objectContaining({ date: '2026-06-11', kind: 'SHORTENED', shortenedByMinutes: 60 }));

    const again = await publish(RU_2026);
    expect(again.data?.publishProductionCalendarYear.revision).toBe(1);
    const events = await calendarEvents();
    expect(events).toHaveLength(1);
    const decoded = decodeEvent(events[0]!.payload);
    if (!decoded.ok) throw new Error(decoded.detail);
    expect(decoded.event.payload).toMatchObject({ calendarId: 'RU', country: 'RU', year: 2026, revision: 1, provisional: false });
    expect((decoded.event.payload as { overrides: unknown[] }).overrides).toHaveLength(year.days.length);

    // A corrected file: 30 December becomes a day off.
    const corrected = RU_2026.replace('</days>', '<day d="12.30" t="1"/></days>');
    const second = await publish(corrected);
    expect(second.data?.publishProductionCalendarYear).toMatchObject({ year: 2026, revision: 2 });
    expect(second.data?.publishProductionCalendarYear.days).toContainEqual(
      expect.objectContaining({ date: '2026-12-30', kind: 'DAY_OFF' }),
    );
    const current = await subgraph.gql<{ productionCalendar: Array<{ year: number; revision: number }> }>(
      '{ productionCalendar(country: "RU") { year revision } }',
      {},
      CUSTOMER,
    );
    expect(current.data?.productionCalendar).toEqual([{ year: 2026, revision: 2 }]);
    expect((await calendarEvents()).map((e) => e.messageKey)).toEqual(['RU', 'RU']);
  });

  it.each([
    ['an empty file', '  ', 'xml'],
    ['an oversized file', RU_2026.replace('</calendar>', `<!--${'x'.repeat(40_000)}--></calendar>`), 'xml'],
    ['something that is not xmlcalendar', '<html><body>calendar</body></html>', 'xml'],
    ['a date the year does not have', RU_2026.replace('</days>', '<day d="02.30" t="1"/></days>'), 'xml'],
    ['an unknown day type', RU_2026.replace('</days>', '<day d="12.30" t="7"/></days>'), 'xml'],
    ['a transfer from no date', RU_2026.replace('</days>', '<day d="12.30" t="1" f="13.01"/></days>'), 'xml'],
    ['a transfer from an ordinary working day', RU_2026.replace('</days>', '<day d="12.30" t="1" f="03.11"/></days>'), 'xml'],
    ['a malformed country', RU_2026, 'country', 'Russia'],
    ['another country than the file names', RU_2026, 'country', 'BY'],
  ])('rejects %s and stores nothing', async (_what, xml, field, country = 'RU') => {
    const before = await storedYears();
    expect(errorOf(await publish(xml, country))).toEqual({ code: 'BAD_USER_INPUT', field });
    expect(await storedYears()).toBe(before);
  });

  it('lets only provider admins upload', async () => {
    expect(errorOf(await publish(RU_2026, 'RU', MANAGER)).code).toBe('FORBIDDEN');
    expect(errorOf(await publish(RU_2026, 'RU', CUSTOMER)).code).toBe('FORBIDDEN');
  });
});

describe('portal content', () => {
  const UPLOAD = `mutation($input: UploadLibraryDocumentInput!) { uploadLibraryDocument(input: $input) { id productId fileName byteSize sha256 } }`;
  const LIST = 'query($p: ID!) { libraryDocuments(productId: $p) { id title } }';
  const DOWNLOAD = 'query($id: ID!) { libraryDocumentContent(id: $id) { document { id sha256 } contentBase64 } }';
  const customerA = customerEmployee('00000000-0000-4000-8000-00000000aaaa');
  const customerB = customerEmployee('00000000-0000-4000-8000-00000000bbbb');
  const manual = Buffer.from('%PDF-1.4 installation manual\n'.repeat(50));
  let productA: string;
  let productB: string;

  beforeAll(async () => {
    const componentA = await newComponent();
    const componentB = await newComponent();
    const productOf = async (componentId: string) =>
      (
        await subgraph.gql<{ component: { product: { id: string } } }>(
          'query($c: ID!) { component(id: $c) { product { id } } }',
          { c: componentId },
          ADMIN,
        )
      ).data!.component.product.id;
    productA = await productOf(componentA);
    productB = await productOf(componentB);
    covered.set(customerA.organizationId, [componentA]);
    covered.set(customerB.organizationId, [componentB]);
  });

  const upload = (input: Record<string, unknown>, caller = MANAGER) =>
    subgraph.gql<{ uploadLibraryDocument: { id: string; byteSize: number; sha256: string } }>(
      UPLOAD,
      {
        input: {
          productId: productA,
          title: 'Installation manual',
          fileName: 'install.pdf',
          contentType: 'application/pdf',
          contentBase64: manual.toString('base64'),
          ...input,
        },
      },
      caller,
    );
  const documents = () => subgraph.app.get(PrismaService).libraryDocument.count();

  it("uploads with a checksum and lets only the covered customer list and download the product's library", async () => {
    const sha256 = createHash('sha256').update(manual).digest('hex');
    const uploaded = await upload({ sha256 });
    expect(uploaded.errors).toBeUndefined();
    expect(uploaded.data?.uploadLibraryDocument).toMatchObject({ byteSize: manual.length, sha256 });
    const id = uploaded.data!.uploadLibraryDocument.id;

    expect((await subgraph.gql(LIST, { p: productA }, customerA)).data).toEqual({
      libraryDocuments: [{ id, title: 'Installation manual' }],
    });
    const download = await subgraph.gql<{ libraryDocumentContent: { contentBase64: string } }>(DOWNLOAD, { id }, customerA);
    expect(Buffer.from(download.data!.libraryDocumentContent.contentBase64, 'base64').equals(manual)).toBe(true);

    expect(errorOf(await subgraph.gql(LIST, { p: productA }, customerB)).code).toBe('FORBIDDEN');
    const denied = await subgraph.gql(DOWNLOAD, { id }, customerB);
    expect(errorOf(denied).code).toBe('FORBIDDEN');
    expect(denied.text).not.toContain(manual.toString('base64').slice(0, 40));
    expect((await subgraph.gql(LIST, { p: productB }, customerB)).data).toEqual({ libraryDocuments: [] });
  });

  it.each([
    ['empty content', { contentBase64: '' }, 'contentBase64'],
    ['content that is not base64', { contentBase64: 'not base64!' }, 'contentBase64'],
    ['oversized content', { contentBase64: Buffer.alloc(40 * 1024 + 1, 1).toString('base64') }, 'contentBase64'],
    ['a checksum that does not match', { sha256: 'ab'.repeat(32) }, 'sha256'],
    ['a malformed checksum', { sha256: 'abc' }, 'sha256'],
    ['an unknown product', { productId: randomUUID() }, 'productId'],
    ['a path as file name', { fileName: '../etc/passwd' }, 'fileName'],
    ['a malformed content type', { contentType: 'pdf' }, 'contentType'],
  ])('rejects %s and stores nothing', async (_what, input, field) => {
    const before = await documents();
    expect(errorOf(await upload(input))).toEqual({ code: 'BAD_USER_INPUT', field });
    expect(await documents()).toBe(before);
  });

  it('lets only provider ADMIN and SUPPORT_MANAGER upload', async () => {
    expect(errorOf(await upload({}, customerA)).code).toBe('FORBIDDEN');
  });

  it('refuses to serve content that no longer matches its checksum', async () => {
    const id = (await upload({ title: 'Release notes' })).data!.uploadLibraryDocument.id;
    await subgraph.app
      .get(PrismaService)
      .libraryBlob.update({ where: { documentId: id }, data: { content: new Uint8Array(Buffer.from('tampered')) } });
    const res = await subgraph.gql(DOWNLOAD, { id }, ADMIN);
    expect(errorOf(res).code).toBe('INTERNAL_SERVER_ERROR');
    expect(res.text).not.toContain('tampered');
  });

  it('shows general news to everyone and product news to the customers of the product', async () => {
    const publish = 'mutation($input: PublishNewsInput!) { publishNews(input: $input) { id } }';
    await subgraph.gql(publish, { input: { title: 'Holiday hours', body: 'Support works 10-16 on 31 December.' } }, MANAGER);
    await subgraph.gql(publish, { input: { title: 'Registry 2.0', body: 'A new registry.', productId: productA } }, MANAGER);
    const titles = async (caller: Caller) =>
      (await subgraph.gql<{ news: Array<{ title: string }> }>('{ news(limit: 10) { title } }', {}, caller)).data!.news.map((n) => n.title);
    expect(await titles(customerA)).toEqual(['Registry 2.0', 'Holiday hours']);
    expect(await titles(customerB)).toEqual(['Holiday hours']);
    expect(errorOf(await subgraph.gql(publish, { input: { title: 'x', body: 'y', productId: randomUUID() } }, MANAGER))).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'productId',
    });
    expect(errorOf(await subgraph.gql(publish, { input: { title: 'x', body: 'y' } }, customerA)).code).toBe('FORBIDDEN');
  });
});

describe('DiskDocumentStorage', () => {
  it('keeps content in one file per document and reports a missing one as null', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'catalog-library-'));
    try {
      const storage = new DiskDocumentStorage(dir);
      const id = randomUUID();
      await storage.write(null as never, id, Buffer.from('manual'));
      expect((await storage.read(id))?.toString()).toBe('manual');
      expect(readdirSync(dir)).toEqual([id]);
      expect(await storage.read(randomUUID())).toBeNull();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
