import { readFileSync } from 'node:fs';
import { readRuXmlFiles, renderRuModule, RU_DATA_DIR, RU_GENERATED_FILE } from '../cli/gen-calendars';
import { RU_PRODUCTION_YEARS } from './data/ru.generated';
import {
  addWorkingTime,
  calendarCoverage,
  calendarVersion,
  describeDay,
  parseXmlCalendar,
  russianProductionCalendar,
  withOverrides,
  withProductionOverrides,
  withProductionYear,
  WorkingTimeError,
} from './index';

const at = (iso: string) => new Date(iso);

describe('parseXmlCalendar', () => {
  const xml2025 = readFileSync(`${RU_DATA_DIR}/2025.xml`, 'utf8');

  it('reads a real year: t=1 day off, t=2 shortened (a Saturday: a shortened working day), titles from h', () => {
    const { year, overrides } = parseXmlCalendar(xml2025);
    expect(year).toBe(2025);
    expect(overrides['2025-01-07']).toEqual({ kind: 'dayOff', title: 'Рождество Христово' });
    expect(overrides['2025-05-02']).toEqual({ kind: 'dayOff' });
    expect(overrides['2025-04-30']).toEqual({ kind: 'shortened', byMinutes: 60 });
    expect(overrides['2025-11-01']).toEqual({ kind: 'workingDay', shortenedByMinutes: 60 });
    expect(Object.keys(overrides)).toHaveLength(23);
  });

  it('t=3 is a working day on a weekend', () => {
    const { overrides } = parseXmlCalendar(readFileSync(`${RU_DATA_DIR}/2024.xml`, 'utf8'));
    expect(overrides['2024-04-27']).toEqual({ kind: 'workingDay' });
    expect(overrides['2024-12-28']).toEqual({ kind: 'workingDay' });
    expect(overrides['2024-11-02']).toEqual({ kind: 'workingDay', shortenedByMinutes: 60 });
  });

  it('accepts single quotes, comments, entities and attributes in any order', () => {
    const { year, overrides } = parseXmlCalendar(
      `<?xml version="1.0"?><!-- <day d="01.01" t="3"/> --><calendar lang='ru' year='2030'>
       <holidays><holiday title="A &amp; B" id="9"/></holidays>
       <days><day t='1' d='03.02' h='9' /><day f="03.02" d="03.04" t="1"></day></days></calendar>`,
    );
    expect(year).toBe(2030);
    expect(overrides).toEqual({ '2030-03-02': { kind: 'dayOff', title: 'A & B' }, '2030-03-04': { kind: 'dayOff' } });
  });

  it.each([
    ['no calendar element', '<days/>', /no <calendar>/],
    ['no year', '<calendar><days/></calendar>', /year/],
    ['a bad t', '<calendar year="2030"><day d="01.02" t="4"/></calendar>', /t must be 1, 2 or 3/],
    ['a bad d', '<calendar year="2030"><day d="1.2" t="1"/></calendar>', /MM\.DD/],
    ['no such date', '<calendar year="2030"><day d="02.30" t="1"/></calendar>', /no such date/],
    ['a date twice', '<calendar year="2030"><day d="01.02" t="1"/><day d="01.02" t="2"/></calendar>', /twice/],
  ])('refuses %s', (_n, xml, message) => {
    expect(() => parseXmlCalendar(xml)).toThrow(WorkingTimeError);
    expect(() => parseXmlCalendar(xml)).toThrow(message);
  });
});

describe('the generated module ru.generated.ts', () => {
  it('is exactly what gen:calendars renders from data/production-calendar/ru/*.xml (no drift)', () => {
    const files = readRuXmlFiles();
    expect(files.map((f) => f.name)).toEqual(['2023.xml', '2024.xml', '2025.xml', '2026.xml']);
    expect(readFileSync(RU_GENERATED_FILE, 'utf8')).toBe(renderRuModule(files));
  });

  it('holds the same data as the XML', () => {
    const parsed = readRuXmlFiles().map((f) => parseXmlCalendar(f.text));
    expect(RU_PRODUCTION_YEARS.map(({ year, overrides }) => ({ year, overrides }))).toEqual(parsed);
  });
});

describe('builders', () => {
  const RU = russianProductionCalendar();

  it('the default RU calendar', () => {
    expect(RU).toMatchObject({
      schema: 1,
      id: 'RU',
      timeZone: 'Europe/Moscow',
      coveredYears: [2023, 2024, 2025, 2026],
      fallback: { maxYearsBeyondData: 30 },
    });
    expect(RU.week[0]).toEqual([
      { start: '09:00', end: '13:00' },
      { start: '14:00', end: '18:00' },
    ]);
    expect(RU.week[5]).toEqual([]);
    expect(RU.contractOverrides).toBeUndefined();
    // Plain JSON: survives a round trip and computes the same.
    const copy = JSON.parse(JSON.stringify(RU));
    expect(copy).toEqual(RU);
    expect(addWorkingTime(copy, at('2026-05-07T12:00:00+03:00'), { days: 1 })).toEqual(
      addWorkingTime(RU, at('2026-05-07T12:00:00+03:00'), { days: 1 }),
    );
  });

  it('the version is a deterministic hash of the content', () => {
    expect(russianProductionCalendar().version).toBe(RU.version);
    expect(calendarVersion(RU)).toBe(RU.version);
    expect(RU.version).toMatch(/^c1-[0-9a-f]{14}$/);
    const other = russianProductionCalendar({ timeZone: 'Asia/Yekaterinburg' });
    expect(other.version).not.toBe(RU.version);
    const o1 = withOverrides(RU, { '2026-06-01': { kind: 'dayOff' } });
    expect(o1.version).not.toBe(RU.version);
    expect(withOverrides(RU, { '2026-06-01': { kind: 'dayOff' } }).version).toBe(o1.version);
    // Key order does not matter.
    const reordered = Object.fromEntries(Object.entries(RU).reverse()) as typeof RU;
    expect(calendarVersion(reordered)).toBe(RU.version);
  });

  it('withOverrides: contract overrides on top, the newer value for the same date wins', () => {
    const a = withOverrides(RU, { '2026-06-01': { kind: 'dayOff' } });
    const b = withOverrides(a, { '2026-06-01': { kind: 'shortened', byMinutes: 120 }, '2026-06-02': { kind: 'dayOff' } });
    expect(describeDay(a, '2026-06-01')).toMatchObject({ working: false, source: 'contract' });
    expect(describeDay(b, '2026-06-01')).toMatchObject({ working: true, workingMinutes: 360, source: 'contract' });
    expect(describeDay(b, '2026-06-02')).toMatchObject({ working: false });
    expect(describeDay(RU, '2026-06-01')).toMatchObject({ working: true, source: 'week' });
  });

  it('withProductionYear: a new year arrives as data, replaces the fallback, keeps contract overrides', () => {
    const xml2027 = `<?xml version="1.0" encoding="UTF-8"?>
<calendar year="2027" lang="ru" date="2026.09.30" country="ru">
  <holidays><holiday id="1" title="Новогодние каникулы"/></holidays>
  <days>
    <day d="01.01" t="1" h="1"/>
    <day d="01.07" t="1" h="1"/>
    <day d="01.08" t="3"/>
    <day d="02.22" t="2"/>
    <day d="05.03" t="1"/>
  </days>
</calendar>`;
    const contract = withOverrides(RU, { '2027-05-03': { kind: 'workingDay' } });
    const cal = withProductionYear(contract, xml2027);
    expect(cal.coveredYears).toEqual([2023, 2024, 2025, 2026, 2027]);
    expect(cal.version).not.toBe(contract.version);
    expect(describeDay(cal, '2027-01-08')).toMatchObject({ working: true, provisional: false, source: 'production' });
    expect(describeDay(cal, '2027-02-23')).toMatchObject({ working: true, source: 'week' }); // no fixed fallback now
    expect(describeDay(cal, '2027-02-22')).toMatchObject({ workingMinutes: 420 });
    expect(describeDay(cal, '2027-05-03')).toMatchObject({ working: true, source: 'contract' });
    expect(calendarCoverage(cal, at('2027-06-01T00:00:00Z'), at('2028-06-01T00:00:00Z'))).toEqual({
      dataYears: [2027],
      provisionalYears: [2028],
      unsupportedYears: [],
    });
    // Loading the same year again replaces its entries.
    const again = withProductionYear(cal, '<calendar year="2027"><days><day d="01.01" t="1"/></days></calendar>');
    expect(describeDay(again, '2027-01-07')).toMatchObject({ working: true, source: 'week' });
    expect(describeDay(again, '2026-01-07')).toMatchObject({ working: false });
  });

  it('withProductionOverrides: a year given as dates (e.g. from calendar.published) replaces that year; others are refused', () => {
    const cal = withProductionOverrides(RU, 2026, { '2026-12-07': { kind: 'dayOff' }, '2026-12-30': { kind: 'shortened', byMinutes: 60 } });
    expect(describeDay(cal, '2026-12-07')).toMatchObject({ working: false, source: 'production' });
    expect(describeDay(cal, '2026-12-30')).toMatchObject({ workingMinutes: 420 });
    // The year's other dates from the shipped data are gone (the new revision is the whole year).
    expect(describeDay(cal, '2026-01-07')).toMatchObject({ working: true, source: 'week' });
    expect(describeDay(cal, '2025-01-07')).toMatchObject({ working: false });
    expect(() => withProductionOverrides(RU, 2026, { '2027-01-01': { kind: 'dayOff' } })).toThrow('2027-01-01 lies outside it');
  });
});
