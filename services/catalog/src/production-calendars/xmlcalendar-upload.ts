// Reading an uploaded production calendar year: libs/sla's xmlcalendar parser (every listed date exists in the
// year, day types 1-3, no date twice) plus what an upload must also satisfy here: a size limit, the country the file
// names, and transfers (`f="MM.DD"`, the day a day off was moved from) that exist — a date of that year that is a
// weekend or itself listed. Problems are BAD_USER_INPUT on field `xml` (or `country`).
import { createHash } from 'node:crypto';
import { badUserInput } from '@sla-desk/auth';
import { parseXmlCalendar, WorkingTimeError, type ProductionYear } from '@sla-desk/sla';

/** xmlcalendar years are about 2 kB; anything near this is not one. */
export const MAX_CALENDAR_BYTES = 32 * 1024;
const COUNTRY = /^[A-Z]{2}$/;

export interface UploadedYear extends ProductionYear {
  country: string;
  checksum: string;
  source: string;
}

export function requireCountry(value: string): string {
  const country = value.trim().toUpperCase();
  if (!COUNTRY.test(country)) throw badUserInput('country must be an ISO 3166-1 alpha-2 code such as RU', { field: 'country' });
  return country;
}

function isRealDate(year: number, month: number, day: number): boolean {
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

function checkTransfers(source: string, parsed: ProductionYear): void {
  for (const m of source.matchAll(/<day\b[^>]*?\bf\s*=\s*["']([^"']*)["'][^>]*>/g)) {
    const from = /^(\d{2})\.(\d{2})$/.exec(m[1]!);
    const [month, day] = from ? [Number(from[1]), Number(from[2])] : [0, 0];
    if (!from || !isRealDate(parsed.year, month, day)) {
      throw badUserInput(`xmlcalendar ${parsed.year}: a transfer from "${m[1]}", which is no date of the year`, { field: 'xml' });
    }
    const date = `${parsed.year}-${from[1]}-${from[2]}`;
    const weekday = new Date(Date.UTC(parsed.year, month - 1, day)).getUTCDay();
    if (weekday !== 0 && weekday !== 6 && !(date in parsed.overrides)) {
      throw badUserInput(`xmlcalendar ${parsed.year}: a day off moved from ${date}, an ordinary working day`, { field: 'xml' });
    }
  }
}

export function readUploadedYear(countryInput: string, source: string): UploadedYear {
  const country = requireCountry(countryInput);
  const bytes = Buffer.byteLength(source, 'utf8');
  if (bytes === 0 || source.trim().length === 0) throw badUserInput('The calendar file is empty', { field: 'xml' });
  if (bytes > MAX_CALENDAR_BYTES) throw badUserInput(`The calendar file exceeds ${MAX_CALENDAR_BYTES} bytes`, { field: 'xml' });
  let parsed: ProductionYear;
  try {
    parsed = parseXmlCalendar(source);
  } catch (error) {
    if (error instanceof WorkingTimeError) throw badUserInput(error.message, { field: 'xml' });
    throw error;
  }
  const named = /<calendar\b[^>]*\bcountry\s*=\s*["']([^"']*)["']/.exec(source)?.[1];
  if (named !== undefined && named.toUpperCase() !== country) {
    throw badUserInput(`The file is the calendar of ${named.toUpperCase()}, not ${country}`, { field: 'country' });
  }
  checkTransfers(source, parsed);
  return { ...parsed, country, source, checksum: createHash('sha256').update(source, 'utf8').digest('hex') };
}
