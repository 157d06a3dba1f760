// A contract's SLA policy and business calendar, built with libs/sla from what the contract stores: per-cell
// overrides of the seed's matrix and the calendar settings. Both are versioned data: the policy is
// `contract-<id>` at the contract's terms revision (or the seed's `default` when nothing is overridden), the
// calendar's version is libs/sla's content hash.
import { badUserInput } from '@sla-desk/auth';
import {
  defaultSlaPolicy,
  PolicyError,
  russianProductionCalendar,
  withPolicyOverrides,
  withProductionOverrides,
  WorkingTimeError,
  type BusinessCalendar,
  type DayOverride,
  type IsoDate,
  type PolicyOverrides,
  type SlaPolicy,
  type WorkingInterval,
} from '@sla-desk/sla';

/** The overrides a contract stores: libs/sla's PolicyOverrides without id and version (the contract sets those). */
export type StoredPolicyOverrides = Omit<PolicyOverrides, 'id' | 'version'>;

export interface CalendarSettings {
  timeZone: string;
  /** 7 days from Monday, each a list of working intervals. */
  week: WorkingInterval[][];
  /** The national production calendar (ISO 3166 alpha-2). */
  productionCountry: string;
  overrides: Record<IsoDate, DayOverride>;
}

/** Countries whose production calendar libs/sla ships. */
export const PRODUCTION_COUNTRIES = ['RU'] as const;

export interface TermsSource {
  id: string;
  termsRevision: number;
  policyOverrides: unknown;
  timeZone: string;
  week: unknown;
  productionCountry: string;
  calendarOverrides: unknown;
}

function hasOverrides(o: StoredPolicyOverrides): boolean {
  return Object.keys(o).length > 0;
}

export function contractPolicy(contract: Pick<TermsSource, 'id' | 'termsRevision' | 'policyOverrides'>): SlaPolicy {
  const overrides = (contract.policyOverrides ?? {}) as StoredPolicyOverrides;
  if (!hasOverrides(overrides)) return defaultSlaPolicy;
  return withPolicyOverrides(defaultSlaPolicy, { ...overrides, id: `contract-${contract.id}`, version: String(contract.termsRevision) });
}

/** A published production year (calendars/production-years.ts): its dates that differ from the plain week. */
export interface PublishedYear {
  year: number;
  overrides: Record<IsoDate, DayOverride>;
}

/** The contract's business calendar: libs/sla's production data, the published years on top, the contract's settings. */
export function contractCalendar(contract: TermsSource, years: readonly PublishedYear[] = []): BusinessCalendar {
  const calendar = buildCalendar(contract.id, {
    timeZone: contract.timeZone,
    week: contract.week as WorkingInterval[][],
    productionCountry: contract.productionCountry,
    overrides: (contract.calendarOverrides ?? {}) as Record<IsoDate, DayOverride>,
  });
  return years.reduce((cal, y) => withProductionOverrides(cal, y.year, y.overrides), calendar);
}

// Built once per loaded row and set of published years: the fields of one contract share them.
const termsByRow = new WeakMap<
  TermsSource,
  { years: readonly PublishedYear[]; terms: { policy: SlaPolicy; calendar: BusinessCalendar } }
>();

/** The contract's policy and calendar with the published years of its production country. */
export function termsOf(contract: TermsSource, years: readonly PublishedYear[]): { policy: SlaPolicy; calendar: BusinessCalendar } {
  const cached = termsByRow.get(contract);
  if (cached && cached.years === years) return cached.terms;
  const terms = { policy: contractPolicy(contract), calendar: contractCalendar(contract, years) };
  termsByRow.set(contract, { years, terms });
  return terms;
}

function buildCalendar(contractId: string, settings: CalendarSettings): BusinessCalendar {
  return russianProductionCalendar({
    id: `${settings.productionCountry}+contract-${contractId}`,
    timeZone: settings.timeZone,
    week: settings.week,
    overrides: settings.overrides,
  });
}

/** The policy the overrides give, or BAD_USER_INPUT (field policyOverrides) naming libs/sla's objection. */
export function requireValidPolicy(overrides: StoredPolicyOverrides): void {
  try {
    if (hasOverrides(overrides)) withPolicyOverrides(defaultSlaPolicy, { ...overrides, id: 'contract-check', version: '1' });
  } catch (error) {
    if (error instanceof PolicyError) throw badUserInput(`Invalid SLA policy: ${error.message}`, { field: 'policyOverrides' });
    throw error;
  }
}

/** The calendar the settings give, or BAD_USER_INPUT (field calendar) naming libs/sla's objection. */
export function requireValidCalendar(settings: CalendarSettings): void {
  if (!(PRODUCTION_COUNTRIES as readonly string[]).includes(settings.productionCountry)) {
    throw badUserInput(`No production calendar for ${settings.productionCountry} (known: ${PRODUCTION_COUNTRIES.join(', ')})`, {
      field: 'calendar.productionCountry',
    });
  }
  if (settings.week.length !== 7) throw badUserInput('The week has 7 days, from Monday', { field: 'calendar.week' });
  try {
    buildCalendar('check', settings);
  } catch (error) {
    if (error instanceof WorkingTimeError || error instanceof RangeError) {
      throw badUserInput(`Invalid business calendar: ${error.message}`, { field: 'calendar' });
    }
    throw error;
  }
}
