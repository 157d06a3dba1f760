// GraphQL inputs → what the contract stores (libs/sla shapes), with the checks that need no database.
import { badUserInput } from '@sla-desk/auth';
import { DEFAULT_TIME_ZONE, DEFAULT_WEEK, type DayOverride, type DeadlineRule, type IsoDate, type WorkingAmount } from '@sla-desk/sla';
import { requireIsoDate } from '@sla-desk/subgraph';
import type { ContractCalendarInput, DeadlineRuleInput, PolicyCellOverrideInput, WorkingAmountInput } from '../graphql/types';
import { requireValidCalendar, requireValidPolicy, type CalendarSettings, type StoredPolicyOverrides } from './contract-terms';

function amountOf(input: WorkingAmountInput, field: string): WorkingAmount {
  const given = (['days', 'hours', 'minutes'] as const).filter((unit) => input[unit] != null);
  if (given.length !== 1) throw badUserInput('A working amount has exactly one of days, hours, minutes', { field });
  const unit = given[0]!;
  return { [unit]: input[unit] } as WorkingAmount;
}

function ruleOf(input: DeadlineRuleInput, field: string): DeadlineRule {
  if (input.kind === 'WORKING_TIME') {
    if (!input.amount) throw badUserInput('A WORKING_TIME deadline needs an amount', { field });
    return { kind: 'WORKING_TIME', amount: amountOf(input.amount, field) };
  }
  if (input.amount) throw badUserInput(`A ${input.kind} deadline has no amount`, { field });
  return { kind: input.kind };
}

/** Per-cell overrides of the seed matrix, validated with libs/sla (BAD_USER_INPUT field policyOverrides). */
export function policyOverridesOf(cells: readonly PolicyCellOverrideInput[] | undefined): StoredPolicyOverrides {
  if (!cells || cells.length === 0) return {};
  const matrix: NonNullable<StoredPolicyOverrides['matrix']> = {};
  const field = 'policyOverrides';
  for (const cell of cells) {
    const row = (matrix[cell.category] ??= {});
    if (row[cell.priority]) throw badUserInput(`${cell.category}/${cell.priority} is overridden twice`, { field });
    if (cell.noNotice && cell.notice) throw badUserInput('A cell has a notice or noNotice, not both', { field });
    row[cell.priority] = {
      ...(cell.solution ? { solution: ruleOf(cell.solution, field) } : {}),
      ...(cell.acceptance ? { acceptance: ruleOf(cell.acceptance, field) } : {}),
      ...(cell.remarkFix ? { remarkFix: ruleOf(cell.remarkFix, field) } : {}),
      ...(cell.notice ? { notice: amountOf(cell.notice, field) } : {}),
      ...(cell.noNotice ? { notice: null } : {}),
    };
  }
  const overrides = { matrix };
  requireValidPolicy(overrides);
  return overrides;
}

function dayOverrideOf(input: NonNullable<ContractCalendarInput['overrides']>[number]): DayOverride {
  const title = input.title?.trim() ? { title: input.title.trim() } : {};
  switch (input.kind) {
    case 'DAY_OFF':
      return { kind: 'dayOff', ...title };
    case 'SHORTENED':
      return { kind: 'shortened', byMinutes: input.shortenedByMinutes ?? 60, ...title };
    case 'WORKING_DAY':
      return {
        kind: 'workingDay',
        ...(input.shortenedByMinutes != null ? { shortenedByMinutes: input.shortenedByMinutes } : {}),
        ...title,
      };
  }
}

/** The calendar settings (defaults: Europe/Moscow, the seed's week, RU), validated with libs/sla. */
export function calendarSettingsOf(input: ContractCalendarInput | undefined): CalendarSettings {
  const overrides: Record<IsoDate, DayOverride> = {};
  for (const day of input?.overrides ?? []) {
    requireIsoDate(day.date, 'calendar.overrides.date');
    if (overrides[day.date]) throw badUserInput(`${day.date} is overridden twice`, { field: 'calendar.overrides.date' });
    overrides[day.date] = dayOverrideOf(day);
  }
  const settings: CalendarSettings = {
    timeZone: input?.timeZone?.trim() || DEFAULT_TIME_ZONE,
    week: input?.week
      ? input.week.map((day) => day.intervals.map(({ start, end }) => ({ start, end })))
      : DEFAULT_WEEK.map((d) => d.map((iv) => ({ ...iv }))),
    productionCountry: (input?.productionCountry?.trim() || 'RU').toUpperCase(),
    overrides,
  };
  requireValidCalendar(settings);
  return settings;
}
