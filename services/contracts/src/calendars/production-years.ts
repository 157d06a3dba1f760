// The national production calendars as the catalog publishes them (calendar.published, consumer group
// `contracts-calendars`): the newest revision of each country and year is stored here and applied, on top of the
// data libs/sla ships, to the business calendar of every contract of that country. A newer revision re-plans the
// running tickets of the signed contracts it concerns (contract.terms_changed, in the same transaction).
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { calendarsV1, PermanentError, prismaTransactions, TOPICS, type DecodedEventOf } from '@sla-desk/events';
import { russianProductionCalendar, withProductionOverrides, WorkingTimeError, type DayOverride, type IsoDate } from '@sla-desk/sla';
import { EventConsumers } from '@sla-desk/subgraph';
import type { Prisma } from '../generated/prisma/client';
import { PrismaService, type Tx } from '../prisma.service';
import { contractTermsChanged } from '../contracts/contract-events';
import { termsOf } from '../contracts/contract-terms';

export const CALENDARS_GROUP = 'contracts-calendars';

/** One published year: its dates that differ from the plain week. */
export interface ProductionYearData {
  year: number;
  revision: number;
  overrides: Record<IsoDate, DayOverride>;
}

type Db = Pick<Tx, 'productionYear'>;

/** The published years of a country's production calendar, oldest first. */
export async function productionYearsOf(db: Db, country: string): Promise<ProductionYearData[]> {
  const rows = await db.productionYear.findMany({ where: { country: country.toUpperCase() }, orderBy: { year: 'asc' } });
  return rows.map((r) => ({ year: r.year, revision: r.revision, overrides: r.overrides as Record<IsoDate, DayOverride> }));
}

/** calendar.published's days as libs/sla overrides. */
function overridesOf(days: calendarsV1.DayOverride[]): Record<IsoDate, DayOverride> {
  const overrides: Record<IsoDate, DayOverride> = {};
  for (const day of days) {
    if (day.kind === calendarsV1.DayKind.HOLIDAY) overrides[day.date] = { kind: 'dayOff' };
    else if (day.kind === calendarsV1.DayKind.SHORTENED)
      overrides[day.date] = { kind: 'shortened', byMinutes: day.shortenedByMinutes || 60 };
    else if (day.kind === calendarsV1.DayKind.TRANSFERRED_WORKDAY) {
      overrides[day.date] = day.shortenedByMinutes
        ? { kind: 'workingDay', shortenedByMinutes: day.shortenedByMinutes }
        : { kind: 'workingDay' };
    } else throw new PermanentError(`${day.date}: unknown day kind ${day.kind}`);
  }
  return overrides;
}

@Injectable()
export class ProductionYears implements OnModuleInit {
  constructor(
    private readonly consumers: EventConsumers,
    private readonly prisma: PrismaService,
  ) {}

  onModuleInit(): void {
    this.consumers.register({
      groupId: CALENDARS_GROUP,
      topics: [TOPICS.calendars],
      transactions: prismaTransactions(this.prisma),
      retry: { maxAttempts: Infinity, maxMs: 10_000 },
      handlers: { 'calendar.published': (e, { tx }) => this.published(e, tx as unknown as Tx) },
    });
  }

  private async published(e: DecodedEventOf<'calendar.published'>, tx: Tx): Promise<void> {
    const { country: rawCountry, year, revision, overrides: days } = e.payload;
    if (e.payload.customerId) return; // a customer's own calendar: not a national production calendar
    const country = rawCountry.toUpperCase();
    const overrides = overridesOf(days);
    try {
      withProductionOverrides(russianProductionCalendar(), year, overrides);
    } catch (error) {
      if (error instanceof WorkingTimeError) throw new PermanentError(`calendar ${country} ${year} r${revision}: ${error.message}`);
      throw error;
    }
    const data = { revision, overrides: overrides as Prisma.InputJsonObject, publishedAt: e.occurredAt };
    // Only a newer revision replaces the stored one (redelivered or out-of-order events change nothing).
    const stored = await tx.productionYear.findUnique({ where: { country_year: { country, year } } });
    if (stored && stored.revision >= revision) return;
    await tx.productionYear.upsert({ where: { country_year: { country, year } }, create: { country, year, ...data }, update: data });
    const years = await productionYearsOf(tx, country);
    const contracts = await tx.contract.findMany({ where: { status: 'SIGNED', productionCountry: country } });
    for (const contract of contracts) {
      const terms = termsOf(contract, years);
      await contractTermsChanged(
        tx,
        contract,
        {
          policyChanged: false,
          calendarChanged: true,
          policyVersion: `${terms.policy.id}@${terms.policy.version}`,
          calendarId: terms.calendar.id,
        },
        { cause: `calendar:${country}:${year}:${revision}`, at: e.occurredAt },
      );
    }
  }
}
