// calendar.published (proto/sladesk/calendars/v1) for a new revision of a national production calendar year:
// tenant "global", keyed by the calendar id (the country), enqueued with the revision it announces.
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { calendarsV1, deterministicEventId, enqueueEvent, GLOBAL_TENANT } from '@sla-desk/events';
import type { DayOverride } from '@sla-desk/sla';
import type { ProductionCalendarYear } from '../generated/prisma/client';
import type { Tx } from '../prisma.service';
import { PRODUCER } from '../releases/release-events';

function dayKind(override: DayOverride): calendarsV1.DayKind {
  if (override.kind === 'dayOff') return calendarsV1.DayKind.HOLIDAY;
  if (override.kind === 'shortened') return calendarsV1.DayKind.SHORTENED;
  return calendarsV1.DayKind.TRANSFERRED_WORKDAY;
}

export async function calendarPublished(tx: Tx, year: ProductionCalendarYear): Promise<void> {
  const overrides = year.overrides as Record<string, DayOverride>;
  await enqueueEvent(tx, {
    type: 'calendar.published',
    eventId: deterministicEventId('calendar.published', year.country, year.year, year.revision),
    tenantId: GLOBAL_TENANT,
    producer: PRODUCER,
    occurredAt: year.publishedAt,
    payload: {
      calendarId: year.country,
      country: year.country,
      // A national calendar lists dates; zones and weekly hours belong to each contract's business calendar.
      timeZone: '',
      year: year.year,
      revision: year.revision,
      provisional: false,
      overrides: Object.entries(overrides).map(([date, override]) => ({
        date,
        kind: dayKind(override),
        shortenedByMinutes:
          override.kind === 'shortened' ? override.byMinutes : override.kind === 'workingDay' ? (override.shortenedByMinutes ?? 0) : 0,
      })),
      publishedAt: timestampFromDate(year.publishedAt),
    },
  });
}
