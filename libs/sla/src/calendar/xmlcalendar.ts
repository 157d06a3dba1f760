/**
 * The xmlcalendar format (github.com/xmlcalendar/data, `ru/<year>/calendar.xml`), parsed by a small pure hand parser:
 * string in, data out.
 *
 *   <calendar year="2026" …>
 *     <holidays><holiday id="1" title="Новогодние каникулы"/>…</holidays>
 *     <days><day d="MM.DD" t="1|2|3" h="holiday id" f="MM.DD"/>…</days>
 *   </calendar>
 *
 * t=1: a day off (holiday, or a day off moved from `f`); t=2: a working day shortened by one hour (a weekday, or a
 * Saturday/Sunday that is worked); t=3: a working day on a Saturday/Sunday. Saturdays and Sundays are days off unless
 * a t=2/t=3 entry says otherwise (that is the weekly schedule's job, not an override).
 */
import { WorkingTimeError } from './errors';
import type { DayOverride, IsoDate } from './types';

export interface ProductionYear {
  year: number;
  /** One entry per `<day>`: t=1 → dayOff; t=2 → shortened by 60 (workingDay shortened by 60 on a weekend); t=3 → workingDay. */
  overrides: Record<IsoDate, DayOverride>;
}

const XML_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function unescapeXml(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_, e: string) =>
    e[0] === '#' ? String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10)) : XML_ENTITIES[e],
  );
}

function attributes(tag: string, where: string): Record<string, string> {
  const out: Record<string, string> = {};
  const re = /([A-Za-z_][\w.-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(tag)) !== null) {
    if (m[1] in out) throw new WorkingTimeError(`${where}: duplicate attribute ${m[1]}`);
    out[m[1]] = unescapeXml(m[2] ?? m[3]);
  }
  return out;
}

/** The weekday of a date, 0 = Monday … 6 = Sunday. */
function weekdayOf(year: number, month: number, day: number): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  return (d.getUTCDay() + 6) % 7;
}

function validDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const d = new Date(0);
  d.setUTCFullYear(year, month, 0);
  return day <= d.getUTCDate();
}

/** Parses one xmlcalendar year. Throws WorkingTimeError naming the problem for anything it does not understand. */
export function parseXmlCalendar(xmlText: string): ProductionYear {
  if (typeof xmlText !== 'string') throw new WorkingTimeError('xmlcalendar: input must be a string');
  const text = xmlText.replace(/<!--[\s\S]*?-->/g, '');
  const cal = /<calendar\b([^>]*)>/.exec(text);
  if (cal === null) throw new WorkingTimeError('xmlcalendar: no <calendar> element');
  const yearAttr = attributes(cal[1], 'xmlcalendar <calendar>').year;
  if (yearAttr === undefined || !/^\d{4}$/.test(yearAttr)) {
    throw new WorkingTimeError(`xmlcalendar: <calendar> needs a four-digit year attribute, got ${JSON.stringify(yearAttr)}`);
  }
  const year = Number(yearAttr);
  const titles = new Map<string, string>();
  for (const m of text.matchAll(/<holiday\b([^>]*?)\/?>/g)) {
    const a = attributes(m[1], 'xmlcalendar <holiday>');
    if (a.id !== undefined && a.title !== undefined) titles.set(a.id, a.title);
  }
  const overrides: Record<IsoDate, DayOverride> = {};
  for (const m of text.matchAll(/<day\b([^>]*?)\/?>/g)) {
    const where = `xmlcalendar ${year}: <day${m[1].replace(/\/$/, '')}/>`;
    const a = attributes(m[1], where);
    const dm = a.d === undefined ? null : /^(\d{2})\.(\d{2})$/.exec(a.d);
    if (dm === null) throw new WorkingTimeError(`${where}: d must be "MM.DD"`);
    const month = Number(dm[1]);
    const day = Number(dm[2]);
    if (!validDate(year, month, day)) throw new WorkingTimeError(`${where}: no such date in ${year}`);
    const date = `${year}-${dm[1]}-${dm[2]}`;
    if (date in overrides) throw new WorkingTimeError(`${where}: date listed twice`);
    const title = a.h === undefined ? undefined : titles.get(a.h);
    const weekend = weekdayOf(year, month, day) >= 5;
    let ov: DayOverride;
    switch (a.t) {
      case '1':
        ov = { kind: 'dayOff' };
        break;
      case '2':
        ov = weekend ? { kind: 'workingDay', shortenedByMinutes: 60 } : { kind: 'shortened', byMinutes: 60 };
        break;
      case '3':
        ov = { kind: 'workingDay' };
        break;
      default:
        throw new WorkingTimeError(`${where}: t must be 1, 2 or 3, got ${JSON.stringify(a.t)}`);
    }
    if (title !== undefined) ov.title = title;
    overrides[date] = ov;
  }
  return { year, overrides };
}
