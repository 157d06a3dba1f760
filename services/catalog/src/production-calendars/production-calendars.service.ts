// National production calendars as reference data: a year uploaded in the xmlcalendar format becomes a new revision
// (the same file again changes nothing) and is published as calendar.published in the same transaction.
import { Injectable } from '@nestjs/common';
import type { Caller } from '@sla-desk/auth';
import type { Prisma, ProductionCalendarYear } from '../generated/prisma/client';
import { PrismaService } from '../prisma.service';
import { calendarPublished } from './calendar-events';
import { readUploadedYear, requireCountry } from './xmlcalendar-upload';

@Injectable()
export class ProductionCalendarsService {
  constructor(private readonly prisma: PrismaService) {}

  async publish(countryInput: string, xml: string, caller: Caller): Promise<ProductionCalendarYear> {
    const upload = readUploadedYear(countryInput, xml);
    return this.prisma.$transaction(async (tx) => {
      // One publisher per country and year at a time: revisions are consecutive.
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`calendar:${upload.country}:${upload.year}`}, 0))`;
      const latest = await tx.productionCalendarYear.findFirst({
        where: { country: upload.country, year: upload.year },
        orderBy: { revision: 'desc' },
      });
      if (latest?.checksum === upload.checksum) return latest;
      const year = await tx.productionCalendarYear.create({
        data: {
          country: upload.country,
          year: upload.year,
          revision: (latest?.revision ?? 0) + 1,
          checksum: upload.checksum,
          source: upload.source,
          overrides: upload.overrides as unknown as Prisma.InputJsonObject,
          publishedBy: caller.userId,
        },
      });
      await calendarPublished(tx, year);
      return year;
    });
  }

  /** The revision in force (latest) of every year of the country, by year. */
  async current(countryInput: string): Promise<ProductionCalendarYear[]> {
    const country = requireCountry(countryInput);
    return this.prisma.productionCalendarYear.findMany({
      where: { country },
      distinct: ['year'],
      orderBy: [{ year: 'asc' }, { revision: 'desc' }],
    });
  }

  /** Every revision of one year, newest first. */
  revisions(countryInput: string, year: number): Promise<ProductionCalendarYear[]> {
    return this.prisma.productionCalendarYear.findMany({
      where: { country: requireCountry(countryInput), year },
      orderBy: { revision: 'desc' },
    });
  }
}
