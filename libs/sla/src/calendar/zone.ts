/**
 * Wall clock ↔ UTC in an IANA zone, with Intl only (pure: no Node APIs, no clock).
 * One Intl.DateTimeFormat per zone, built once and cached (construction is slow).
 */
import { WorkingTimeError } from './errors';

const MS_PER_MINUTE = 60_000;
const MS_PER_HOUR = 3_600_000;
const MS_PER_DAY = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (f === undefined) {
    if (typeof timeZone !== 'string' || timeZone.trim() === '') {
      throw new WorkingTimeError(`Time zone must be a non-empty IANA zone name, got ${JSON.stringify(timeZone)}`);
    }
    try {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch (e) {
      if (e instanceof RangeError) throw new WorkingTimeError(`Unknown time zone "${timeZone}"`);
      throw e;
    }
    formatters.set(timeZone, f);
  }
  return f;
}

/** Throws a WorkingTimeError naming the zone when Intl does not know it. */
export function assertTimeZone(timeZone: string): void {
  formatterFor(timeZone);
}

/** The zone's UTC offset (ms, east positive) at one instant. */
function offsetAt(f: Intl.DateTimeFormat, utcMs: number): number {
  const whole = Math.floor(utcMs / 1000) * 1000;
  let year = 0;
  let month = 0;
  let day = 0;
  let hour = 0;
  let minute = 0;
  let second = 0;
  for (const p of f.formatToParts(new Date(whole))) {
    switch (p.type) {
      case 'year':
        year = Number(p.value);
        break;
      case 'month':
        month = Number(p.value);
        break;
      case 'day':
        day = Number(p.value);
        break;
      case 'hour':
        hour = Number(p.value);
        break;
      case 'minute':
        minute = Number(p.value);
        break;
      case 'second':
        second = Number(p.value);
        break;
      default:
        break;
    }
  }
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  d.setUTCHours(hour, minute, second, 0);
  return d.getTime() - whole;
}

/** Local wall-clock milliseconds (the wall time read as if it were UTC) for a local date + minute of day. */
export function wallMs(year: number, month: number, day: number, minuteOfDay = 0): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  return d.getTime() + minuteOfDay * MS_PER_MINUTE;
}

/**
 * A zone's clock. Converting a wall-clock time that does not exist (spring-forward gap) moves it forward by the
 * gap (02:30 → 03:30 on a +1 h change); a wall-clock time that happens twice (fall-back) takes the earlier instant.
 * This is the `compatible` disambiguation of Temporal and RFC 5545.
 */
export class ZoneClock {
  private readonly f: Intl.DateTimeFormat;

  constructor(readonly timeZone: string) {
    this.f = formatterFor(timeZone);
  }

  offsetAt(utcMs: number): number {
    return offsetAt(this.f, utcMs);
  }

  /** UTC ms of a wall-clock time (see the class comment for gaps and overlaps). */
  wallToUtc(wall: number): number {
    const before = offsetAt(this.f, wall - MS_PER_DAY);
    const after = offsetAt(this.f, wall + MS_PER_DAY);
    let best = Number.POSITIVE_INFINITY;
    for (const off of before === after ? [before] : [before, after]) {
      const t = wall - off;
      if (offsetAt(this.f, t) === off && t < best) best = t;
    }
    return Number.isFinite(best) ? best : wall - before;
  }

  /**
   * UTC ms of each wall-clock time of one local day (`dayWall` = its midnight as wall ms, `minutes` = minutes of day,
   * 0–1440). On a day with no offset change this costs two Intl calls for all of them.
   */
  dayToUtc(dayWall: number, minutes: readonly number[]): number[] {
    const o1 = offsetAt(this.f, dayWall - 14 * MS_PER_HOUR);
    const o2 = offsetAt(this.f, dayWall + 38 * MS_PER_HOUR);
    if (o1 === o2) return minutes.map((m) => dayWall + m * MS_PER_MINUTE - o1);
    return minutes.map((m) => this.wallToUtc(dayWall + m * MS_PER_MINUTE));
  }

  /** Local wall ms (the wall time read as UTC) of an instant. */
  utcToWall(utcMs: number): number {
    return utcMs + offsetAt(this.f, utcMs);
  }

  /** The local calendar year of an instant. */
  localYear(utcMs: number): number {
    return new Date(this.utcToWall(utcMs)).getUTCFullYear();
  }
}

const clocks = new Map<string, ZoneClock>();

/** The (cached) clock of a zone; throws a WorkingTimeError for an unknown zone. */
export function zoneClock(timeZone: string): ZoneClock {
  let c = clocks.get(timeZone);
  if (c === undefined) {
    c = new ZoneClock(timeZone);
    clocks.set(timeZone, c);
  }
  return c;
}

function pad(n: number, w = 2): string {
  return String(n).padStart(w, '0');
}

/** `YYYY-MM-DD` of a wall ms value. */
export function isoDateOfWall(wall: number): string {
  const d = new Date(wall);
  const y = d.getUTCFullYear();
  const ys = y >= 0 && y <= 9999 ? pad(y, 4) : (y < 0 ? '-' : '+') + pad(Math.abs(y), 6);
  return `${ys}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/**
 * ISO-8601 of an instant in a zone's offset, e.g. `2026-05-12T18:00:00+03:00` (milliseconds shown only when not
 * zero; an offset with seconds, pre-1920 local mean time, is shown rounded to the minute).
 */
export function formatInZone(instant: Date, timeZone: string): string {
  const t = instant.getTime();
  if (Number.isNaN(t)) throw new WorkingTimeError('Invalid Date');
  const off = zoneClock(timeZone).offsetAt(t);
  const d = new Date(t + off);
  const ms = d.getUTCMilliseconds();
  const offMin = Math.round(off / MS_PER_MINUTE);
  const sign = offMin < 0 ? '-' : '+';
  const a = Math.abs(offMin);
  return (
    `${isoDateOfWall(t + off)}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}` +
    (ms ? `.${pad(ms, 3)}` : '') +
    `${sign}${pad(Math.floor(a / 60))}:${pad(a % 60)}`
  );
}
