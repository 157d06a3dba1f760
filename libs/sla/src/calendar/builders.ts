/**
 * Building calendars: the Russian production calendar from the shipped data, contract overrides, a new year's
 * production data, and the content version (a deterministic hash of the JSON).
 */
import { RU_PRODUCTION_YEARS } from './data/ru.generated';
import { compileCalendar } from './compile';
import { WorkingTimeError } from './errors';
import type { BusinessCalendar, DayOverride, IsoDate, WorkingInterval } from './types';
import { calendarVersion } from './version';
import { parseXmlCalendar } from './xmlcalendar';

export { calendarVersion };

export const DEFAULT_TIME_ZONE = 'Europe/Moscow';

const WORKDAY: WorkingInterval[] = [
  { start: '09:00', end: '13:00' },
  { start: '14:00', end: '18:00' },
];

/** Mon–Fri 09:00–13:00 and 14:00–18:00; Saturday and Sunday off. Index 0 = Monday. */
export const DEFAULT_WEEK: readonly (readonly WorkingInterval[])[] = [WORKDAY, WORKDAY, WORKDAY, WORKDAY, WORKDAY, [], []];

/** Fixed statutory non-working holidays of the Russian Labour Code (art. 112), used for years with no data. */
export const RU_FIXED_HOLIDAYS: readonly string[] = [
  '01-01',
  '01-02',
  '01-03',
  '01-04',
  '01-05',
  '01-06',
  '01-07',
  '01-08',
  '02-23',
  '03-08',
  '05-01',
  '05-09',
  '06-12',
  '11-04',
];

/**
 * How many years beyond the production data the provisional fallback serves (docs/sla-rules.md#provisional-years):
 * far past any contract period, so a year without data never stops a ticket; a year further out is refused.
 */
export const DEFAULT_MAX_YEARS_BEYOND_DATA = 30;

/** Sets `version` from the content and checks that the calendar compiles (zone, intervals, overrides). */
function finish(cal: Omit<BusinessCalendar, 'version'>): BusinessCalendar {
  const full: BusinessCalendar = { ...cal, version: calendarVersion(cal) };
  compileCalendar(full);
  return full;
}

function copyWeek(week: readonly (readonly WorkingInterval[])[]): WorkingInterval[][] {
  return week.map((d) => d.map((iv) => ({ start: iv.start, end: iv.end })));
}

function sortedRecord<T>(rec: Record<string, T>): Record<string, T> {
  const out: Record<string, T> = {};
  for (const k of Object.keys(rec).sort()) out[k] = rec[k];
  return out;
}

export interface CalendarOptions {
  /** IANA zone (default Europe/Moscow). */
  timeZone?: string;
  /** Weekly schedule, 7 entries from Monday (default DEFAULT_WEEK). */
  week?: WorkingInterval[][];
  /** Contract overrides: they win over the production calendar. */
  overrides?: Record<IsoDate, DayOverride>;
  /** Calendar id (default `RU`, or `RU+contract` when overrides, week or zone are given). */
  id?: string;
  /** Provisional fallback reach (default DEFAULT_MAX_YEARS_BEYOND_DATA). */
  maxYearsBeyondData?: number;
}

/**
 * The Russian production calendar from the shipped data (2023–2026, see libs/sla/data/production-calendar/ru),
 * with the contract's zone, week and overrides on top (contract wins).
 */
export function russianProductionCalendar(options: CalendarOptions = {}): BusinessCalendar {
  const overrides: Record<IsoDate, DayOverride> = {};
  for (const y of RU_PRODUCTION_YEARS) Object.assign(overrides, y.overrides);
  const custom = options.timeZone !== undefined || options.week !== undefined || options.overrides !== undefined;
  const cal: Omit<BusinessCalendar, 'version'> = {
    schema: 1,
    id: options.id ?? (custom ? 'RU+contract' : 'RU'),
    timeZone: options.timeZone ?? DEFAULT_TIME_ZONE,
    week: copyWeek(options.week ?? DEFAULT_WEEK),
    overrides: sortedRecord(overrides),
    coveredYears: RU_PRODUCTION_YEARS.map((y) => y.year).sort((a, b) => a - b),
    fallback: {
      fixedHolidays: [...RU_FIXED_HOLIDAYS],
      maxYearsBeyondData: options.maxYearsBeyondData ?? DEFAULT_MAX_YEARS_BEYOND_DATA,
    },
  };
  if (options.overrides !== undefined) cal.contractOverrides = sortedRecord({ ...options.overrides });
  return finish(cal);
}

/** The calendar with contract overrides added (a date already overridden by the contract takes the new value). */
export function withOverrides(cal: BusinessCalendar, overrides: Record<IsoDate, DayOverride>): BusinessCalendar {
  const { version: _v, ...rest } = cal;
  return finish({ ...rest, contractOverrides: sortedRecord({ ...(cal.contractOverrides ?? {}), ...overrides }) });
}

/**
 * The calendar with one year's production data (xmlcalendar text) loaded: that year's previous production entries
 * are replaced, the year becomes covered (no longer provisional), contract overrides still win.
 */
export function withProductionYear(cal: BusinessCalendar, xmlText: string): BusinessCalendar {
  const { year, overrides } = parseXmlCalendar(xmlText);
  return withProductionOverrides(cal, year, overrides);
}

/**
 * The calendar with one year's production data (its dates that differ from the plain week) in place of what it had
 * for that year: the year becomes covered (no longer provisional); contract overrides still win.
 */
export function withProductionOverrides(cal: BusinessCalendar, year: number, overrides: Record<IsoDate, DayOverride>): BusinessCalendar {
  if (!Number.isInteger(year)) throw new WorkingTimeError(`production calendar: bad year ${year}`);
  const prefix = `${year}-`;
  const outside = Object.keys(overrides).find((d) => !d.startsWith(prefix));
  if (outside) throw new WorkingTimeError(`production year ${year}: ${outside} lies outside it`);
  const { version: _v, ...rest } = cal;
  const merged: Record<IsoDate, DayOverride> = {};
  for (const [d, ov] of Object.entries(cal.overrides)) if (!d.startsWith(prefix)) merged[d] = ov;
  Object.assign(merged, overrides);
  return finish({
    ...rest,
    overrides: sortedRecord(merged),
    coveredYears: [...new Set([...cal.coveredYears, year])].sort((a, b) => a - b),
  });
}
