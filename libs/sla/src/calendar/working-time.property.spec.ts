/**
 * Properties of the working-time arithmetic (fast-check). What holds, precisely (m > 0 minutes, n > 0 days):
 *
 * - between(t, add(t, m)) = m and between(subtract(t, m), t) = m (exact, any calendar, DST included).
 * - add(t, m) is the EARLIEST such instant: between(t, add(t, m) − 1 ms) < m; subtract(t, m) is the LATEST
 *   (between(s + 1 ms, t) < m) except on a day boundary, which both give as the END of the earlier working day
 *   (earlier(x): a day's first start x becomes the previous working day's end).
 * - add results lie in (start, end] of a working interval (working time runs up to them: isWorking(r − 1 ms));
 *   subtract results lie in [start, end) (isWorking(s)) or on a day's end. Zero amounts return the instant itself.
 * - Round trips: subtract(add(t, m), m) = earlier(nextWorkingStart(t)); add(subtract(t, m), m) = previousWorkingEnd(t).
 * - Days on a calendar whose working days all have the same length L (no shortened days):
 *   between(t, add(t, n d)) = between(subtract(t, n d), t) = n·L; subtract(add(t, n d), n d) = earlier(nextWorkingStart(t));
 *   add(subtract(t, n d), n d) = previousWorkingEnd(t).
 * - Days on the real RU calendar (working days of 7 or 8 hours): n·420 ≤ between(t, add(t, n d)) ≤ n·480, and
 *   subtract(add(t, n d), n d) ≤ nextWorkingStart(t) (clamping to a shortened day only loses time). The other round
 *   trip has no order guarantee there: Tue 17:45 − 1 wd over a 7-hour Friday is Friday's end (17:00), and
 *   Fri 05-08 17:00 + 1 wd is Tue 05-12 18:00.
 * - add is monotonic (non-decreasing) in the start and in the amount; subtract likewise.
 */
import fc from 'fast-check';
import {
  addWorkingTime,
  DEFAULT_WEEK,
  describeDay,
  formatInZone,
  isWorkingInstant,
  nextWorkingStart,
  previousWorkingEnd,
  russianProductionCalendar,
  subtractWorkingTime,
  workingTimeBetween,
  type BusinessCalendar,
  type WorkingAmount,
} from './index';

const RU = russianProductionCalendar();
const UNIFORM: BusinessCalendar = {
  schema: 1,
  id: 'uniform',
  version: 'uniform-1',
  timeZone: 'Europe/Moscow',
  week: DEFAULT_WEEK.map((d) => [...d]),
  overrides: {},
  coveredYears: [],
  fallback: { fixedHolidays: [], maxYearsBeyondData: 0 },
};
const morning = [{ start: '08:00', end: '12:00' }];
const BERLIN: BusinessCalendar = {
  schema: 1,
  id: 'berlin-shift',
  version: 'berlin-1',
  timeZone: 'Europe/Berlin',
  // Odd hours across the DST changes: Sunday 01:00–04:00 is cut/stretched by the change.
  week: [
    morning,
    morning,
    morning,
    morning,
    [
      { start: '07:30', end: '12:15' },
      { start: '13:00', end: '19:45' },
    ],
    [],
    [{ start: '01:00', end: '04:00' }],
  ],
  overrides: {},
  coveredYears: [],
  fallback: { fixedHolidays: [], maxYearsBeyondData: 0 },
};

const MIN = 60_000;
const FROM = Date.UTC(2023, 0, 2);
const TO = Date.UTC(2026, 11, 28);
const anyMinute = fc.integer({ min: FROM / MIN, max: TO / MIN }).map((m) => new Date(m * MIN));
// Instants on (or next to) the interval bounds of the calendars below, where the boundary rules bite.
const BOUNDS = [
  '00:00',
  '01:00',
  '04:00',
  '07:30',
  '08:00',
  '08:59',
  '09:00',
  '12:00',
  '12:15',
  '12:59',
  '13:00',
  '13:30',
  '14:00',
  '16:00',
  '17:00',
  '17:59',
  '18:00',
  '19:45',
  '23:59',
];
const nearBound = fc
  .tuple(fc.integer({ min: 0, max: (TO - FROM) / 86_400_000 }), fc.constantFrom(...BOUNDS), fc.constantFrom(1, 2, 3))
  .map(([d, hm, off]) => {
    const [h, m] = hm.split(':').map(Number);
    return new Date(FROM + d * 86_400_000 + ((h - off) * 60 + m) * MIN);
  });
const instant = fc.oneof(anyMinute, nearBound);
const minutes = fc.integer({ min: 1, max: 30 * 480 });
const days = fc.integer({ min: 1, max: 30 });
const amount: fc.Arbitrary<WorkingAmount> = fc.oneof(
  fc.integer({ min: 0, max: 30 }).map((d) => ({ days: d })),
  fc.integer({ min: 0, max: 240 }).map((h) => ({ hours: h })),
  fc.integer({ min: 0, max: 30 * 480 }).map((m) => ({ minutes: m })),
);
const calendars = [
  ['RU', RU],
  ['uniform', UNIFORM],
  ['Berlin (DST)', BERLIN],
] as const;
const runs = { numRuns: 300 };
const ms = (d: Date) => d.getTime();
const plus = (d: Date, n: number) => new Date(d.getTime() + n);
/** Whether x is the first working instant of its local day. */
const isDayStart = (cal: BusinessCalendar, x: Date): boolean => {
  const day = describeDay(cal, formatInZone(x, cal.timeZone).slice(0, 10));
  return day.intervals.length > 0 && ms(day.intervals[0].start) === ms(x);
};
/** The boundary rule: a day's first start is given as the previous working day's end. */
const earlier = (cal: BusinessCalendar, x: Date): Date => (isDayStart(cal, x) ? previousWorkingEnd(cal, x) : x);
/** A subtract result: working time, or the end of a day whose next working instant starts a day. */
const subtractResultOk = (cal: BusinessCalendar, s: Date): boolean =>
  isWorkingInstant(cal, s) || (isWorkingInstant(cal, plus(s, -1)) && isDayStart(cal, nextWorkingStart(cal, s)));

describe.each(calendars)('hours and minutes on %s', (_name, cal) => {
  it('between(t, add(t, m)) = m, and add is the earliest such instant, working time running up to it', () => {
    fc.assert(
      fc.property(instant, minutes, (t, m) => {
        const r = addWorkingTime(cal, t, { minutes: m });
        expect(ms(r)).toBeGreaterThan(ms(t));
        expect(workingTimeBetween(cal, t, r)).toBe(m);
        expect(workingTimeBetween(cal, t, plus(r, -1))).toBeLessThan(m);
        expect(isWorkingInstant(cal, plus(r, -1))).toBe(true);
        expect(r.getUTCSeconds() + r.getUTCMilliseconds()).toBe(0);
      }),
      runs,
    );
  });

  it('between(subtract(t, m), t) = m, and subtract is the latest such instant but for the boundary rule', () => {
    fc.assert(
      fc.property(instant, minutes, (t, m) => {
        const s = subtractWorkingTime(cal, t, { minutes: m });
        expect(ms(s)).toBeLessThan(ms(t));
        expect(workingTimeBetween(cal, s, t)).toBe(m);
        const latest = isWorkingInstant(cal, s) ? s : nextWorkingStart(cal, s);
        expect(workingTimeBetween(cal, plus(latest, 1), t)).toBeLessThan(m);
        expect(s).toEqual(earlier(cal as BusinessCalendar, latest));
      }),
      runs,
    );
  });

  it('round trips: subtract(add(t, m), m) = nextWorkingStart(t); add(subtract(t, m), m) = previousWorkingEnd(t)', () => {
    fc.assert(
      fc.property(instant, minutes, (t, m) => {
        expect(subtractWorkingTime(cal, addWorkingTime(cal, t, { minutes: m }), { minutes: m })).toEqual(
          earlier(cal, nextWorkingStart(cal, t)),
        );
        expect(addWorkingTime(cal, subtractWorkingTime(cal, t, { minutes: m }), { minutes: m })).toEqual(previousWorkingEnd(cal, t));
      }),
      runs,
    );
  });

  it('hours are 60 minutes', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 0, max: 240 }), (t, h) => {
        expect(addWorkingTime(cal, t, { hours: h })).toEqual(addWorkingTime(cal, t, { minutes: h * 60 }));
        expect(subtractWorkingTime(cal, t, { hours: h })).toEqual(subtractWorkingTime(cal, t, { minutes: h * 60 }));
      }),
      runs,
    );
  });
});

describe.each(calendars)('monotonicity on %s', (_name, cal) => {
  it('add and subtract are non-decreasing in the start', () => {
    fc.assert(
      fc.property(instant, instant, amount, (a, b, amt) => {
        const [t1, t2] = ms(a) <= ms(b) ? [a, b] : [b, a];
        expect(ms(addWorkingTime(cal, t1, amt))).toBeLessThanOrEqual(ms(addWorkingTime(cal, t2, amt)));
        expect(ms(subtractWorkingTime(cal, t1, amt))).toBeLessThanOrEqual(ms(subtractWorkingTime(cal, t2, amt)));
      }),
      runs,
    );
  });

  it('add is non-decreasing and subtract non-increasing in the amount', () => {
    const unit = fc.constantFrom('days', 'hours', 'minutes');
    fc.assert(
      fc.property(instant, unit, fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 30 }), (t, u, x, y) => {
        const [n1, n2] = x <= y ? [x, y] : [y, x];
        const a1 = { [u]: n1 } as WorkingAmount;
        const a2 = { [u]: n2 } as WorkingAmount;
        expect(ms(addWorkingTime(cal, t, a1))).toBeLessThanOrEqual(ms(addWorkingTime(cal, t, a2)));
        expect(ms(subtractWorkingTime(cal, t, a1))).toBeGreaterThanOrEqual(ms(subtractWorkingTime(cal, t, a2)));
      }),
      runs,
    );
  });

  it('results are never inside non-working time except as an interval end (add) / start or day end (subtract)', () => {
    fc.assert(
      fc.property(instant, amount, (t, amt) => {
        const zero = Object.values(amt)[0] === 0;
        const r = addWorkingTime(cal, t, amt);
        const s = subtractWorkingTime(cal, t, amt);
        if (zero) {
          expect(r).toEqual(t);
          expect(s).toEqual(t);
        } else {
          expect(ms(r)).toBeGreaterThan(ms(t));
          expect(isWorkingInstant(cal, plus(r, -1))).toBe(true);
          expect(ms(s)).toBeLessThan(ms(t));
          expect(subtractResultOk(cal, s)).toBe(true);
        }
      }),
      runs,
    );
  });
});

describe('working days', () => {
  it('uniform 8-hour days: between = n·480 both ways, and exact round trips', () => {
    fc.assert(
      fc.property(instant, days, (t, n) => {
        const r = addWorkingTime(UNIFORM, t, { days: n });
        const s = subtractWorkingTime(UNIFORM, t, { days: n });
        expect(workingTimeBetween(UNIFORM, t, r)).toBe(n * 480);
        expect(workingTimeBetween(UNIFORM, s, t)).toBe(n * 480);
        expect(subtractWorkingTime(UNIFORM, r, { days: n })).toEqual(earlier(UNIFORM, nextWorkingStart(UNIFORM, t)));
        expect(addWorkingTime(UNIFORM, s, { days: n })).toEqual(previousWorkingEnd(UNIFORM, t));
      }),
      runs,
    );
  });

  it('RU (7- and 8-hour days): n·420 ≤ between(t, add(t, n d)) ≤ n·480, and subtract(add(t)) ≤ nextWorkingStart(t)', () => {
    fc.assert(
      fc.property(instant, days, (t, n) => {
        const r = addWorkingTime(RU, t, { days: n });
        const w = workingTimeBetween(RU, t, r);
        expect(w).toBeGreaterThanOrEqual(n * 420);
        expect(w).toBeLessThanOrEqual(n * 480);
        const back = subtractWorkingTime(RU, r, { days: n });
        expect(ms(back)).toBeLessThanOrEqual(ms(nextWorkingStart(RU, t)));
        const s = subtractWorkingTime(RU, t, { days: n });
        const w2 = workingTimeBetween(RU, s, t);
        expect(w2).toBeGreaterThanOrEqual(n * 420);
        expect(w2).toBeLessThanOrEqual(n * 480);
      }),
      runs,
    );
  });

  /**
   * An independent model of the days rule, written from sla-rules.md over the list of working days (describeDay),
   * walking intervals instead of using positions.
   */
  function daysModel(cal: BusinessCalendar) {
    const list: { ivs: [number, number][]; len: number }[] = [];
    for (let d = Date.UTC(2022, 0, 1); d < Date.UTC(2028, 0, 1); d += 86_400_000) {
      const info = describeDay(cal, new Date(d).toISOString().slice(0, 10));
      if (info.working) {
        const ivs = info.intervals.map((iv) => [ms(iv.start), ms(iv.end)] as [number, number]);
        list.push({ ivs, len: ivs.reduce((a, [x, y]) => a + y - x, 0) });
      }
    }
    const locate = (t: number, mode: 'add' | 'subtract'): [number, number] => {
      // Working t: its day and offset. Otherwise add moves to the next interval start, subtract to the previous end.
      let lastEnd: [number, number] | undefined;
      for (let k = 0; k < list.length; k++) {
        let acc = 0;
        for (const [s, e] of list[k].ivs) {
          if (s <= t && t < e) return [k, acc + (t - s)];
          if (s > t) {
            if (mode === 'add') return [k, acc];
            if (lastEnd === undefined) throw new Error('out of model range');
            return lastEnd;
          }
          acc += e - s;
          lastEnd = [k, acc];
        }
      }
      throw new Error('out of model range');
    };
    return {
      add(t: Date, n: number): Date {
        const [k, off] = locate(ms(t), 'add');
        const day = list[k + n];
        const o = Math.min(off, day.len);
        if (o === 0) return new Date(list[k + n - 1].ivs[list[k + n - 1].ivs.length - 1][1]);
        let acc = 0;
        for (const [s, e] of day.ivs) {
          if (acc + (e - s) >= o) return new Date(s + (o - acc));
          acc += e - s;
        }
        throw new Error('unreachable');
      },
      subtract(t: Date, n: number): Date {
        const [k, off] = locate(ms(t), 'subtract');
        const day = list[k - n];
        const o = Math.min(off, day.len);
        // A day's start is the previous working day's end (the boundary rule); a day's end stays the end.
        if (o === 0) return new Date(list[k - n - 1].ivs[list[k - n - 1].ivs.length - 1][1]);
        if (o === day.len) return new Date(day.ivs[day.ivs.length - 1][1]);
        let acc = 0;
        for (const [s, e] of day.ivs) {
          if (acc + (e - s) > o) return new Date(s + (o - acc));
          acc += e - s;
        }
        throw new Error('unreachable');
      },
    };
  }

  it.each([
    ['RU', RU],
    ['Berlin (DST)', BERLIN],
  ] as const)('%s: add/subtract days agree with a literal model of the rule', (_name, cal) => {
    const model = daysModel(cal);
    fc.assert(
      fc.property(instant, days, (t, n) => {
        expect(addWorkingTime(cal, t, { days: n })).toEqual(model.add(t, n));
        expect(subtractWorkingTime(cal, t, { days: n })).toEqual(model.subtract(t, n));
      }),
      { numRuns: 500 },
    );
  });
});
