// Production calendars (reference data): provider admins upload a year; everyone logged in reads them.
import { Args, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { CurrentUser, Role, Roles, type Caller } from '@sla-desk/auth';
import type { DayOverride } from '@sla-desk/sla';
import type { ProductionCalendarYear } from '../generated/prisma/client';
import { ProductionCalendarsService } from '../production-calendars/production-calendars.service';
import { ProductionCalendarYearType, ProductionDayType, PublishProductionCalendarYearInput } from './types';

@Resolver(() => ProductionCalendarYearType)
export class ProductionCalendarsResolver {
  constructor(private readonly calendars: ProductionCalendarsService) {}

  @Query(() => [ProductionCalendarYearType], { description: "The revision in force of each year of the country's calendar." })
  productionCalendar(@Args('country') country: string, @CurrentUser() _caller: Caller): Promise<ProductionCalendarYear[]> {
    return this.calendars.current(country);
  }

  @Query(() => [ProductionCalendarYearType], { description: 'Every revision of one year, newest first.' })
  productionCalendarRevisions(
    @Args('country') country: string,
    @Args('year', { type: () => Int }) year: number,
    @CurrentUser() _caller: Caller,
  ): Promise<ProductionCalendarYear[]> {
    return this.calendars.revisions(country, year);
  }

  @Roles(Role.ADMIN)
  @Mutation(() => ProductionCalendarYearType, {
    description: 'Uploads a year (xmlcalendar): a new revision, published as calendar.published; the same file again changes nothing.',
  })
  publishProductionCalendarYear(
    @Args('input') input: PublishProductionCalendarYearInput,
    @CurrentUser() caller: Caller,
  ): Promise<ProductionCalendarYear> {
    return this.calendars.publish(input.country, input.xml, caller);
  }

  @ResolveField('days', () => [ProductionDayType], { description: 'The dates that differ from the plain week, by date.' })
  days(@Parent() year: ProductionCalendarYear): ProductionDayType[] {
    return Object.entries(year.overrides as Record<string, DayOverride>)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([date, o]) => ({
        date,
        kind: o.kind === 'dayOff' ? 'DAY_OFF' : o.kind === 'shortened' ? 'SHORTENED' : 'WORKING_DAY',
        ...(o.kind === 'shortened' ? { shortenedByMinutes: o.byMinutes } : {}),
        ...(o.kind === 'workingDay' && o.shortenedByMinutes ? { shortenedByMinutes: o.shortenedByMinutes } : {}),
        ...(o.title ? { title: o.title } : {}),
      }));
  }
}
