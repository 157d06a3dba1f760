/**
 * The compiled form of a BusinessCalendar: per local year ("chunk"), built lazily on first use, the year's working
 * intervals as UTC milliseconds with running working-time positions, and its working days. All arithmetic in
 * ./working-time.ts is binary search + addition over these arrays: no Intl work in the hot path.
 *
 * A "position" is the amount of working time (ms) from the start of the chunk's year up to an instant. It is
 * non-decreasing in the instant, strictly increasing inside working intervals and constant across non-working gaps.
 */
import { WorkingTimeError } from './errors';
import type { BusinessCalendar, DayOverride, IsoDate, WorkingInterval } from './types';
import { calendarVersion } from './version';
import { isoDateOfWall, wallMs, zoneClock, type ZoneClock } from './zone';

const MS_PER_MINUTE = 60_000;
const MS_PER_DAY = 86_400_000;

/** Years allowed when a calendar has no production data at all (every year provisional). */
const NO_DATA_MIN_YEAR = 1970;
const NO_DATA_MAX_YEAR = 2200;

export interface Chunk {
  readonly year: number;
  /** UTC ms of local Jan 1 00:00 of `year` and of `year + 1`. */
  readonly startMs: number;
  readonly endMs: number;
  readonly provisional: boolean;
  /** Working intervals, sorted, half-open [ivStart, ivEnd), non-empty. */
  readonly nIv: number;
  readonly ivStart: Float64Array;
  readonly ivEnd: Float64Array;
  /** Position at each interval's start. */
  readonly ivCum: Float64Array;
  /** Index of the working day each interval belongs to. */
  readonly ivDay: Int32Array;
  /** Working days (dates with working time), in order. */
  readonly nDays: number;
  readonly dayCum: Float64Array;
  readonly dayLen: Float64Array;
  readonly dayDate: readonly IsoDate[];
  /** Working time in the whole year. */
  readonly total: number;
}

export type DaySource = 'week' | 'production' | 'contract' | 'fixedHoliday';

/** Parses `HH:MM` (00:00–24:00) to minutes of day. */
export function parseLocalTime(s: string, where: string): number {
  const m = typeof s === 'string' ? /^(\d{2}):(\d{2})$/.exec(s) : null;
  if (m === null) throw new WorkingTimeError(`${where}: time must be "HH:MM", got ${JSON.stringify(s)}`);
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (h > 24 || min > 59 || (h === 24 && min !== 0)) {
    throw new WorkingTimeError(`${where}: time out of range 00:00–24:00, got "${s}"`);
  }
  return h * 60 + min;
}

/** Minute-of-day pairs [s0, e0, s1, e1, …] of a list of intervals, validated: each start < end, sorted, no overlap. */
export function parseIntervals(list: readonly WorkingInterval[], where: string): number[] {
  if (!Array.isArray(list)) throw new WorkingTimeError(`${where}: intervals must be an array`);
  const out: number[] = [];
  let prevEnd = -1;
  list.forEach((iv, i) => {
    const w = `${where}[${i}]`;
    if (iv === null || typeof iv !== 'object') throw new WorkingTimeError(`${w}: interval must be {start, end}`);
    const s = parseLocalTime(iv.start, `${w}.start`);
    const e = parseLocalTime(iv.end, `${w}.end`);
    if (e <= s) throw new WorkingTimeError(`${w}: end ${iv.end} must be after start ${iv.start}`);
    if (s < prevEnd) throw new WorkingTimeError(`${w}: intervals must be sorted and must not overlap`);
    prevEnd = e;
    out.push(s, e);
  });
  return out;
}

/** Cuts `by` minutes from the end of a day's working time. */
function shorten(pairs: number[], by: number, where: string): number[] {
  if (!Number.isInteger(by) || by < 0) {
    throw new WorkingTimeError(`${where}: shortening must be a non-negative integer of minutes, got ${by}`);
  }
  const out = pairs.slice();
  let left = by;
  while (left > 0 && out.length > 0) {
    const len = out[out.length - 1] - out[out.length - 2];
    if (len > left) {
      out[out.length - 1] -= left;
      left = 0;
    } else {
      out.length -= 2;
      left -= len;
    }
  }
  return out;
}

function isDateKey(d: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(d);
}

export class CompiledCalendar {
  readonly calendar: BusinessCalendar;
  readonly version: string;
  readonly timeZone: string;
  readonly clock: ZoneClock;
  readonly minYear: number;
  readonly maxYear: number;
  private readonly week: number[][];
  private readonly mondayPairs: number[];
  private readonly production: Map<IsoDate, DayOverride>;
  private readonly contract: Map<IsoDate, DayOverride>;
  private readonly fixedHolidays: Set<string>;
  private readonly covered: Set<number>;
  private readonly chunks = new Map<number, Chunk>();
  private readonly yearStarts = new Map<number, number>();
  private last: Chunk | undefined;

  constructor(cal: BusinessCalendar) {
    if (cal === null || typeof cal !== 'object') throw new WorkingTimeError('Calendar must be an object');
    if (cal.schema !== 1) throw new WorkingTimeError(`Calendar "${cal.id}": unsupported schema ${String(cal.schema)}`);
    this.calendar = cal;
    this.version = cal.version;
    this.timeZone = cal.timeZone;
    this.clock = zoneClock(cal.timeZone);
    const id = `Calendar "${cal.id}"`;
    if (!Array.isArray(cal.week) || cal.week.length !== 7) {
      throw new WorkingTimeError(`${id}: week must have 7 entries (Monday … Sunday)`);
    }
    this.week = cal.week.map((day, i) => parseIntervals(day, `${id}: week[${i}]`));
    this.mondayPairs = this.week[0];
    const checkOverrides = (rec: Record<IsoDate, DayOverride> | undefined, what: string) => {
      const m = new Map<IsoDate, DayOverride>();
      for (const [date, ov] of Object.entries(rec ?? {})) {
        if (!isDateKey(date)) throw new WorkingTimeError(`${id}: ${what} key must be YYYY-MM-DD, got "${date}"`);
        if (ov === null || typeof ov !== 'object' || !['dayOff', 'shortened', 'workingDay'].includes(ov.kind)) {
          throw new WorkingTimeError(`${id}: ${what}[${date}] must be dayOff, shortened or workingDay`);
        }
        m.set(date, ov);
      }
      return m;
    };
    this.production = checkOverrides(cal.overrides, 'overrides');
    this.contract = checkOverrides(cal.contractOverrides, 'contractOverrides');
    const fb = cal.fallback;
    if (fb === null || typeof fb !== 'object' || !Array.isArray(fb.fixedHolidays)) {
      throw new WorkingTimeError(`${id}: fallback must be { fixedHolidays, maxYearsBeyondData }`);
    }
    for (const h of fb.fixedHolidays) {
      if (typeof h !== 'string' || !/^\d{2}-\d{2}$/.test(h)) {
        throw new WorkingTimeError(`${id}: fallback.fixedHolidays entries must be "MM-DD", got ${JSON.stringify(h)}`);
      }
    }
    this.fixedHolidays = new Set(fb.fixedHolidays);
    if (!Number.isInteger(fb.maxYearsBeyondData) || fb.maxYearsBeyondData < 0) {
      throw new WorkingTimeError(`${id}: fallback.maxYearsBeyondData must be a non-negative integer`);
    }
    if (!Array.isArray(cal.coveredYears) || !cal.coveredYears.every((y) => Number.isInteger(y))) {
      throw new WorkingTimeError(`${id}: coveredYears must be an array of years`);
    }
    this.covered = new Set(cal.coveredYears);
    if (cal.coveredYears.length === 0) {
      this.minYear = NO_DATA_MIN_YEAR;
      this.maxYear = NO_DATA_MAX_YEAR;
    } else {
      this.minYear = Math.min(...cal.coveredYears) - fb.maxYearsBeyondData;
      this.maxYear = Math.max(...cal.coveredYears) + fb.maxYearsBeyondData;
    }
  }

  /** Human description of the range, for error messages. */
  describeRange(): string {
    if (this.covered.size === 0) return `no production data; years ${this.minYear}–${this.maxYear} are provisional`;
    const ys = [...this.covered].sort((a, b) => a - b);
    return (
      `production data for ${ys.join(', ')}; provisional fallback allowed for ` +
      `${this.minYear}–${this.maxYear}, fallback.maxYearsBeyondData = ${this.calendar.fallback.maxYearsBeyondData}`
    );
  }

  isSupportedYear(y: number): boolean {
    return y >= this.minYear && y <= this.maxYear;
  }

  isCoveredYear(y: number): boolean {
    return this.covered.has(y);
  }

  private yearError(y: number, what: string): WorkingTimeError {
    return new WorkingTimeError(`${what} falls in ${y}, outside calendar "${this.calendar.id}" (${this.describeRange()})`);
  }

  yearStart(y: number): number {
    let s = this.yearStarts.get(y);
    if (s === undefined) {
      s = this.clock.wallToUtc(wallMs(y, 1, 1));
      this.yearStarts.set(y, s);
    }
    return s;
  }

  /** The local year (in the calendar's zone) of an instant, without Intl when its chunk is known. */
  localYear(t: number): number {
    let y = new Date(t).getUTCFullYear();
    if (t < this.yearStart(y)) y -= 1;
    else if (t >= this.yearStart(y + 1)) y += 1;
    return y;
  }

  /** The chunk holding instant t; throws for a year outside the calendar's range. */
  chunkOf(t: number, what = 'Instant'): Chunk {
    const l = this.last;
    if (l !== undefined && t >= l.startMs && t < l.endMs) return l;
    const y = this.localYear(t);
    if (!this.isSupportedYear(y)) throw this.yearError(y, `${what} ${new Date(t).toISOString()}`);
    const c = this.chunk(y);
    this.last = c;
    return c;
  }

  /** The chunk of a local year; throws for a year outside the calendar's range. */
  chunk(y: number, what = 'The computation'): Chunk {
    let c = this.chunks.get(y);
    if (c === undefined) {
      if (!this.isSupportedYear(y)) throw this.yearError(y, what);
      c = this.buildChunk(y);
      this.chunks.set(y, c);
    }
    return c;
  }

  next(c: Chunk): Chunk {
    return this.chunk(c.year + 1, 'The result');
  }

  prev(c: Chunk): Chunk {
    return this.chunk(c.year - 1, 'The result');
  }

  /** The local working intervals (minute pairs) of a date and where they came from. */
  dayPairs(date: IsoDate, weekday: number, year: number): { pairs: number[]; source: DaySource; title?: string } {
    const where = `Calendar "${this.calendar.id}": override ${date}`;
    const contract = this.contract.get(date);
    const production = contract === undefined ? this.production.get(date) : undefined;
    const ov = contract ?? production;
    const base = this.week[weekday];
    if (ov === undefined) {
      if (!this.covered.has(year) && this.fixedHolidays.has(date.slice(5))) return { pairs: [], source: 'fixedHoliday' };
      return { pairs: base, source: 'week' };
    }
    const source: DaySource = contract !== undefined ? 'contract' : 'production';
    const title = ov.title;
    switch (ov.kind) {
      case 'dayOff':
        return { pairs: [], source, title };
      case 'shortened':
        return { pairs: shorten(base, ov.byMinutes, where), source, title };
      case 'workingDay': {
        const pairs = ov.intervals === undefined ? this.mondayPairs : parseIntervals(ov.intervals, where);
        return { pairs: shorten(pairs, ov.shortenedByMinutes ?? 0, where), source, title };
      }
    }
  }

  private buildChunk(year: number): Chunk {
    const startMs = this.yearStart(year);
    const endMs = this.yearStart(year + 1);
    const starts: number[] = [];
    const ends: number[] = [];
    const cums: number[] = [];
    const ivDays: number[] = [];
    const dayCum: number[] = [];
    const dayLen: number[] = [];
    const dayDate: IsoDate[] = [];
    let pos = 0;
    let prevEnd = startMs;
    const first = wallMs(year, 1, 1);
    const last = wallMs(year + 1, 1, 1);
    for (let dw = first; dw < last; dw += MS_PER_DAY) {
      const date = isoDateOfWall(dw);
      const weekday = (new Date(dw).getUTCDay() + 6) % 7;
      const { pairs } = this.dayPairs(date, weekday, year);
      if (pairs.length === 0) continue;
      const utc = this.clock.dayToUtc(dw, pairs);
      const dayStartPos = pos;
      let any = false;
      for (let i = 0; i < utc.length; i += 2) {
        const s = utc[i];
        const e = utc[i + 1];
        if (e <= s) continue; // an interval swallowed by a DST gap
        if (s < prevEnd) {
          throw new WorkingTimeError(
            `Calendar "${this.calendar.id}": working intervals of ${date} overlap earlier ones after time-zone conversion`,
          );
        }
        starts.push(s);
        ends.push(e);
        cums.push(pos);
        ivDays.push(dayDate.length);
        pos += e - s;
        prevEnd = e;
        any = true;
      }
      if (any) {
        dayCum.push(dayStartPos);
        dayLen.push(pos - dayStartPos);
        dayDate.push(date);
      }
    }
    return {
      year,
      startMs,
      endMs,
      provisional: !this.covered.has(year),
      nIv: starts.length,
      ivStart: Float64Array.from(starts),
      ivEnd: Float64Array.from(ends),
      ivCum: Float64Array.from(cums),
      ivDay: Int32Array.from(ivDays),
      nDays: dayDate.length,
      dayCum: Float64Array.from(dayCum),
      dayLen: Float64Array.from(dayLen),
      dayDate,
      total: pos,
    };
  }
}

/** Index of the last interval whose start is ≤ t, or −1. */
export function lastStartLE(c: Chunk, t: number): number {
  const a = c.ivStart;
  let lo = 0;
  let hi = c.nIv; // invariant: a[i] <= t for i < lo, a[i] > t for i >= hi
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/** Index of the first interval whose end position is ≥ target (target ≤ total). */
export function firstEndPosGE(c: Chunk, target: number): number {
  let lo = 0;
  let hi = c.nIv - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (c.ivCum[mid] + (c.ivEnd[mid] - c.ivStart[mid]) >= target) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Index of the first interval whose end position is > target (target < total). */
export function firstEndPosGT(c: Chunk, target: number): number {
  let lo = 0;
  let hi = c.nIv - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (c.ivCum[mid] + (c.ivEnd[mid] - c.ivStart[mid]) > target) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

const byObject = new WeakMap<BusinessCalendar, { version: string; compiled: CompiledCalendar }>();
/** Compiled calendars by content hash, so equal calendars in different objects (one per workflow) share the work. */
const byContent = new Map<string, CompiledCalendar>();
const BY_CONTENT_MAX = 32;

/**
 * The compiled form of a calendar. Cached per calendar object (WeakMap), and shared between objects with equal
 * content (keyed by the content hash, computed here: a declared `version` is not trusted), so calling the
 * working-time functions with the plain JSON calendar is as fast as passing the compiled form. A calendar object is
 * treated as immutable; changing its `version` field makes the next call look again.
 */
export function compileCalendar(cal: BusinessCalendar | CompiledCalendar): CompiledCalendar {
  if (cal instanceof CompiledCalendar) return cal;
  if (cal === null || typeof cal !== 'object') throw new WorkingTimeError('Calendar must be an object');
  const hit = byObject.get(cal);
  if (hit !== undefined && hit.version === cal.version) return hit.compiled;
  const key = calendarVersion(cal);
  let compiled = byContent.get(key);
  if (compiled === undefined) {
    compiled = new CompiledCalendar(cal);
    if (byContent.size >= BY_CONTENT_MAX) byContent.delete(byContent.keys().next().value as string);
    byContent.set(key, compiled);
  }
  byObject.set(cal, { version: cal.version, compiled });
  return compiled;
}

export { MS_PER_MINUTE };
