/**
 * Minute-exact working-time arithmetic over a BusinessCalendar (pure: no Node APIs, no clock, no I/O).
 *
 * Working time is the union of the calendar's working intervals, each half-open [start, end) in wall-clock time of
 * the calendar's zone, converted to instants (on a DST-change day an interval keeps its wall-clock bounds, so it
 * may be an hour shorter or longer in elapsed time; a wall-clock bound inside a spring-forward gap moves forward by
 * the gap, one inside a fall-back overlap takes the earlier instant). Working time is measured in elapsed time.
 *
 * Rules (docs/sla-rules.md#working-time; #working-hours, #working-days, #boundaries, #subtraction):
 *
 * - addWorkingTime(cal, start, {hours: N} | {minutes: N}): the EARLIEST instant r ≥ start with N×60 (N) minutes of
 *   working time in [start, r). A result on an interval end is that end, never the next start:
 *   Mon 12:00 + 1 wh = Mon 13:00 (not 14:00); Mon 17:00 + 1 wh = Mon 18:00 (not Tue 09:00).
 * - addWorkingTime(cal, start, {days: N}): if start is outside working time it first moves to the start of the next
 *   working interval; its offset = working time from its day's first interval start to it; the result is the
 *   instant with the same offset into the N-th following working day, clamped to that day's end if the day is
 *   shorter; of the instants with that much working time elapsed, the EARLIEST is returned, so a result on a day's
 *   start is the END of the previous working day and an offset on a lunch boundary is the earlier interval's end:
 *   Mon 10:30 + 1 wd = Tue 10:30; Sat 11:00 + 1 wd = Mon 18:00; Mon 09:00 + 1 wd = Mon 18:00;
 *   Mon 13:30 (lunch) + 1 wd = Tue 13:00; Wed 17:30 + 1 wd onto a shortened Thu (09–13, 14–17) = Thu 17:00.
 * - subtractWorkingTime(cal, end, {hours: N} | {minutes: N}): the mirror image: the LATEST instant t ≤ end with
 *   that much working time in [t, end); a result on a lunch boundary is the later interval's start, but one on a
 *   day boundary is the END of the earlier working day, as for add:
 *   Mon 18:00 − 4 wh = Mon 14:00; Tue 09:00 − 1 wh = Mon 17:00; Mon 13:00 − 4 wh = Fri 18:00.
 * - subtractWorkingTime(cal, end, {days: N}): end's offset into its working day (end inside working time: its
 *   day, offset in [0, day length); end outside working time: it first moves back to the end of the previous
 *   working interval, whose offset is measured into that interval's day, in (0, day length]); the same offset into
 *   the N-th previous working day, clamped to that day's end; a result on a lunch boundary is the later interval's
 *   start, one on a day boundary the END of the earlier day: Mon 18:00 − 1 wd = Fri 18:00; Tue 10:30 − 1 wd =
 *   Mon 10:30; Tue 13:00 − 1 wd = Mon 14:00; Tue 2026-05-12 17:45 − 1 wd = Fri 05-08 17:00 (shortened day's end).
 * - A zero amount returns the instant unchanged (for every unit, in both directions).
 * - workingTimeBetween(cal, a, b): working minutes in [a, b); when b < a it is −workingTimeBetween(cal, b, a)
 *   (negative: "overdue by"). Exact: fractional only if a or b carries seconds or milliseconds.
 * - isWorkingInstant(cal, t): t lies in some [start, end). nextWorkingStart(cal, t): t itself if working, else the
 *   start of the next working interval. previousWorkingEnd(cal, t): t itself if working time runs up to t (t in
 *   (start, end] of an interval), else the end of the previous working interval.
 *
 * Results carry no seconds/milliseconds when the inputs carry none (the calendar's bounds are whole minutes and all
 * supported zones have whole-minute offsets). Anything refused throws WorkingTimeError: an invalid Date, an amount
 * that is negative, not an integer, not finite or not exactly one of days/hours/minutes, an unknown zone, a year
 * outside the calendar's data + fallback range (see BusinessCalendar.fallback). Nothing returns a silently wrong
 * instant.
 */
import { compileCalendar, firstEndPosGE, firstEndPosGT, lastStartLE, type Chunk, type CompiledCalendar } from './compile';
import { WorkingTimeError } from './errors';
import type { BusinessCalendar, CalendarCoverage, IsoDate, WorkingAmount, WorkingDayInfo } from './types';
import { wallMs } from './zone';

/** A calendar as JSON or in its compiled form; every function accepts both. */
export type CalendarLike = BusinessCalendar | CompiledCalendar;

const MS_PER_MINUTE = 60_000;

function instantMs(t: Date, what: string): number {
  if (Object.prototype.toString.call(t) !== '[object Date]') {
    throw new WorkingTimeError(`${what} must be a Date, got ${t === null ? 'null' : typeof t}`);
  }
  const ms = t.getTime();
  if (Number.isNaN(ms)) throw new WorkingTimeError(`${what} is an invalid Date`);
  return ms;
}

type Unit = 'days' | 'hours' | 'minutes';

function checkAmount(amount: WorkingAmount): { unit: Unit; n: number } {
  if (amount === null || typeof amount !== 'object') {
    throw new WorkingTimeError('Amount must be one of {days: N}, {hours: N}, {minutes: N}');
  }
  const keys = Object.keys(amount);
  if (keys.length !== 1 || (keys[0] !== 'days' && keys[0] !== 'hours' && keys[0] !== 'minutes')) {
    throw new WorkingTimeError(`Amount must have exactly one unit of days, hours or minutes, got {${keys.join(', ')}}`);
  }
  const unit = keys[0] as Unit;
  const n = (amount as Record<string, unknown>)[unit];
  if (typeof n !== 'number' || !Number.isFinite(n)) {
    throw new WorkingTimeError(`Amount ${unit} must be a finite number, got ${String(n)}`);
  }
  if (!Number.isInteger(n)) throw new WorkingTimeError(`Amount ${unit} must be an integer, got ${n}`);
  if (n < 0) throw new WorkingTimeError(`Amount ${unit} must not be negative, got ${n}`);
  if (!Number.isSafeInteger(n)) throw new WorkingTimeError(`Amount ${unit} is too large: ${n}`);
  return { unit, n };
}

/** Working time (ms) from the chunk's start to t. */
function position(c: Chunk, t: number): number {
  const i = lastStartLE(c, t);
  if (i < 0) return 0;
  return c.ivCum[i] + Math.min(t - c.ivStart[i], c.ivEnd[i] - c.ivStart[i]);
}

/** The earliest instant whose position is `target` (counted from chunk c's start; target may run past it). */
function earliestAt(cc: CompiledCalendar, c: Chunk, target: number): number {
  for (;;) {
    if (target > c.total) {
      target -= c.total;
      c = cc.next(c);
    } else if (target <= 0) {
      c = cc.prev(c);
      target += c.total;
    } else break;
  }
  const i = firstEndPosGE(c, target);
  return c.ivStart[i] + (target - c.ivCum[i]);
}

/**
 * The latest instant whose position is `target` (counted from chunk c's start; target may run before it) — except on
 * a day boundary, which is the end of the earlier working day (docs/sla-rules.md#boundaries), as when adding.
 */
function latestAt(cc: CompiledCalendar, c: Chunk, target: number): number {
  for (;;) {
    if (target < 0) {
      c = cc.prev(c);
      target += c.total;
    } else if (target >= c.total) {
      target -= c.total;
      c = cc.next(c);
    } else break;
  }
  const i = firstEndPosGT(c, target);
  const dayStart = target === c.ivCum[i] && (i === 0 || c.ivDay[i - 1] !== c.ivDay[i]);
  return dayStart ? earliestAt(cc, c, target) : c.ivStart[i] + (target - c.ivCum[i]);
}

function addDays(cc: CompiledCalendar, t: number, n: number): number {
  let c = cc.chunkOf(t, 'Start');
  const i = lastStartLE(c, t);
  let k: number;
  let offset: number;
  if (i >= 0 && t < c.ivEnd[i]) {
    k = c.ivDay[i];
    offset = c.ivCum[i] + (t - c.ivStart[i]) - c.dayCum[k];
  } else {
    let j = i + 1;
    while (j >= c.nIv) {
      c = cc.next(c);
      j = 0;
    }
    k = c.ivDay[j];
    offset = c.ivCum[j] - c.dayCum[k];
  }
  let idx = k + n;
  while (idx >= c.nDays) {
    idx -= c.nDays;
    c = cc.next(c);
  }
  return earliestAt(cc, c, c.dayCum[idx] + Math.min(offset, c.dayLen[idx]));
}

function subtractDays(cc: CompiledCalendar, t: number, n: number): number {
  let c = cc.chunkOf(t, 'End');
  let i = lastStartLE(c, t);
  let k: number;
  let offset: number;
  if (i >= 0 && t < c.ivEnd[i]) {
    k = c.ivDay[i];
    offset = c.ivCum[i] + (t - c.ivStart[i]) - c.dayCum[k];
  } else {
    while (i < 0) {
      c = cc.prev(c);
      i = c.nIv - 1;
    }
    k = c.ivDay[i];
    offset = c.ivCum[i] + (c.ivEnd[i] - c.ivStart[i]) - c.dayCum[k];
  }
  let idx = k - n;
  while (idx < 0) {
    c = cc.prev(c);
    idx += c.nDays;
  }
  return latestAt(cc, c, c.dayCum[idx] + Math.min(offset, c.dayLen[idx]));
}

/** Which way working time is counted: add (forward, earliest instant) or subtract (backward, latest instant). */
interface Direction {
  label: 'Start' | 'End';
  sign: 1 | -1;
  days: (cc: CompiledCalendar, t: number, n: number) => number;
  settle: (cc: CompiledCalendar, c: Chunk, position: number) => number;
}
const FORWARD: Direction = { label: 'Start', sign: 1, days: addDays, settle: earliestAt };
const BACKWARD: Direction = { label: 'End', sign: -1, days: subtractDays, settle: latestAt };

function moveWorkingTime(cal: CalendarLike, from: Date, amount: WorkingAmount, dir: Direction): Date {
  const cc = compileCalendar(cal);
  const t = instantMs(from, dir.label);
  const { unit, n } = checkAmount(amount);
  if (n === 0) {
    cc.chunkOf(t, dir.label);
    return new Date(t);
  }
  if (unit === 'days') return new Date(dir.days(cc, t, n));
  const ms = (unit === 'hours' ? n * 60 : n) * MS_PER_MINUTE;
  const c = cc.chunkOf(t, dir.label);
  return new Date(dir.settle(cc, c, position(c, t) + dir.sign * ms));
}

/**
 * `amount` of working time after `start` (see the module header for the exact rules; zero returns `start`).
 * Throws WorkingTimeError for bad input or a year outside the calendar's range.
 */
export function addWorkingTime(cal: CalendarLike, start: Date, amount: WorkingAmount): Date {
  return moveWorkingTime(cal, start, amount, FORWARD);
}

/**
 * `amount` of working time before `end` (the mirror image of addWorkingTime, for notices; zero returns `end`).
 * Throws WorkingTimeError for bad input or a year outside the calendar's range.
 */
export function subtractWorkingTime(cal: CalendarLike, end: Date, amount: WorkingAmount): Date {
  return moveWorkingTime(cal, end, amount, BACKWARD);
}

function betweenMs(cc: CompiledCalendar, a: number, b: number): number {
  if (b < a) return -betweenMs(cc, b, a);
  const ca = cc.chunkOf(a, 'Start');
  const cb = cc.chunkOf(b, 'End');
  const pa = position(ca, a);
  const pb = position(cb, b);
  if (ca === cb) return pb - pa;
  let sum = ca.total - pa + pb;
  for (let y = ca.year + 1; y < cb.year; y++) sum += cc.chunk(y).total;
  return sum;
}

/**
 * Working minutes in [a, b). Negative when b < a (−workingTimeBetween(cal, b, a)). Fractional only when a or b
 * carries seconds or milliseconds.
 */
export function workingTimeBetween(cal: CalendarLike, a: Date, b: Date): number {
  const cc = compileCalendar(cal);
  return betweenMs(cc, instantMs(a, 'Start'), instantMs(b, 'End')) / MS_PER_MINUTE;
}

/** Whether t lies inside working time (intervals are half-open: a start is working, an end is not). */
export function isWorkingInstant(cal: CalendarLike, t: Date): boolean {
  const cc = compileCalendar(cal);
  const ms = instantMs(t, 'Instant');
  const c = cc.chunkOf(ms);
  const i = lastStartLE(c, ms);
  return i >= 0 && ms < c.ivEnd[i];
}

/** t itself if it is working time, else the start of the next working interval. */
export function nextWorkingStart(cal: CalendarLike, t: Date): Date {
  const cc = compileCalendar(cal);
  const ms = instantMs(t, 'Instant');
  let c = cc.chunkOf(ms);
  const i = lastStartLE(c, ms);
  if (i >= 0 && ms < c.ivEnd[i]) return new Date(ms);
  let j = i + 1;
  while (j >= c.nIv) {
    c = cc.next(c);
    j = 0;
  }
  return new Date(c.ivStart[j]);
}

/**
 * The mirror of nextWorkingStart: t itself if working time runs up to t (t in (start, end] of an interval), else the
 * end of the previous working interval.
 */
export function previousWorkingEnd(cal: CalendarLike, t: Date): Date {
  const cc = compileCalendar(cal);
  const ms = instantMs(t, 'Instant');
  let c = cc.chunkOf(ms);
  let i = lastStartLE(c, ms);
  if (i >= 0 && ms > c.ivStart[i] && ms <= c.ivEnd[i]) return new Date(ms);
  if (i >= 0 && ms === c.ivStart[i]) i -= 1;
  while (i < 0) {
    c = cc.prev(c);
    i = c.nIv - 1;
  }
  return new Date(c.ivEnd[i]);
}

function yearsOf(cc: CompiledCalendar, from: number, to: number): number[] {
  const a = cc.localYear(Math.min(from, to));
  const b = cc.localYear(Math.max(from, to));
  const out: number[] = [];
  for (let y = a; y <= b; y++) out.push(y);
  return out;
}

/**
 * Which local years from..to (inclusive, in either order) are backed by production data, which are provisional
 * (weekly schedule + fixed holidays) and which the calendar refuses. Never throws for a year out of range.
 */
export function calendarCoverage(cal: CalendarLike, from: Date, to: Date): CalendarCoverage {
  const cc = compileCalendar(cal);
  const years = yearsOf(cc, instantMs(from, 'From'), instantMs(to, 'To'));
  return {
    dataYears: years.filter((y) => cc.isCoveredYear(y) && cc.isSupportedYear(y)),
    provisionalYears: years.filter((y) => !cc.isCoveredYear(y) && cc.isSupportedYear(y)),
    unsupportedYears: years.filter((y) => !cc.isSupportedYear(y)),
  };
}

/** Whether the local year (in the calendar's zone) of t is provisional; throws if the year is out of range. */
export function isProvisionalInstant(cal: CalendarLike, t: Date): boolean {
  const cc = compileCalendar(cal);
  return cc.chunkOf(instantMs(t, 'Instant')).provisional;
}

/** One date of the calendar, resolved (a date's intervals, as instants, and where its schedule came from). */
export function describeDay(cal: CalendarLike, date: IsoDate): WorkingDayInfo {
  const cc = compileCalendar(cal);
  const m = typeof date === 'string' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(date) : null;
  const dw = m === null ? NaN : wallMs(Number(m[1]), Number(m[2]), Number(m[3]));
  const check = Number.isNaN(dw) ? '' : new Date(dw).toISOString().slice(0, 10);
  if (m === null || check !== date) throw new WorkingTimeError(`Date must be a valid YYYY-MM-DD, got ${JSON.stringify(date)}`);
  const year = Number(m[1]);
  const c = cc.chunk(year, `Date ${date}`);
  const weekday = (new Date(dw).getUTCDay() + 6) % 7;
  const { source, title } = cc.dayPairs(date, weekday, year);
  const k = c.dayDate.indexOf(date);
  const intervals: { start: Date; end: Date }[] = [];
  let workingMinutes = 0;
  if (k >= 0) {
    for (let i = 0; i < c.nIv; i++) {
      if (c.ivDay[i] !== k) continue;
      intervals.push({ start: new Date(c.ivStart[i]), end: new Date(c.ivEnd[i]) });
    }
    workingMinutes = c.dayLen[k] / MS_PER_MINUTE;
  }
  const info: WorkingDayInfo = { date, working: k >= 0, intervals, workingMinutes, provisional: c.provisional, source };
  if (title !== undefined) info.title = title;
  return info;
}
