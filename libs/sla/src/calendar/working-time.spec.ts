import {
  addWorkingTime,
  calendarCoverage,
  describeDay,
  formatInZone,
  isProvisionalInstant,
  isWorkingInstant,
  nextWorkingStart,
  previousWorkingEnd,
  russianProductionCalendar,
  subtractWorkingTime,
  workingTimeBetween,
  WorkingTimeError,
  type BusinessCalendar,
  type WorkingAmount,
} from './index';

const RU = russianProductionCalendar();
const at = (iso: string) => new Date(iso);
const msk = (d: Date) => formatInZone(d, 'Europe/Moscow');
const add = (start: string, amount: WorkingAmount, cal: BusinessCalendar = RU) =>
  formatInZone(addWorkingTime(cal, at(start), amount), cal.timeZone);
const sub = (end: string, amount: WorkingAmount, cal: BusinessCalendar = RU) =>
  formatInZone(subtractWorkingTime(cal, at(end), amount), cal.timeZone);

// A normal week: Mon 2026-05-18 … Fri 2026-05-22 (Sat 16, Sun 17, Sat 23).
describe('the boundary rules of sla-rules.md (a normal week, Moscow)', () => {
  it.each([
    ['Mon 10:30 + 1 wd = Tue 10:30', '2026-05-18T10:30:00+03:00', { days: 1 }, '2026-05-19T10:30:00+03:00'],
    ['Sat 11:00 + 1 wd = Mon 18:00', '2026-05-16T11:00:00+03:00', { days: 1 }, '2026-05-18T18:00:00+03:00'],
    ['Mon 09:00 + 1 wd = Mon 18:00', '2026-05-18T09:00:00+03:00', { days: 1 }, '2026-05-18T18:00:00+03:00'],
    ['Mon 09:00 + 3 wd = Wed 18:00', '2026-05-18T09:00:00+03:00', { days: 3 }, '2026-05-20T18:00:00+03:00'],
    ['Mon 13:30 (lunch) + 1 wd = Tue 13:00', '2026-05-18T13:30:00+03:00', { days: 1 }, '2026-05-19T13:00:00+03:00'],
    ['Mon 14:00 + 1 wd = Tue 13:00 (offset 4 h lands on lunch)', '2026-05-18T14:00:00+03:00', { days: 1 }, '2026-05-19T13:00:00+03:00'],
    ['Mon 18:00 + 1 wd = Tue 18:00', '2026-05-18T18:00:00+03:00', { days: 1 }, '2026-05-19T18:00:00+03:00'],
    ['Fri 10:00 + 1 wd = Mon 10:00', '2026-05-22T10:00:00+03:00', { days: 1 }, '2026-05-25T10:00:00+03:00'],
    ['Tue 03:00 (night) + 1 wd = Tue 18:00', '2026-05-19T03:00:00+03:00', { days: 1 }, '2026-05-19T18:00:00+03:00'],
    ['Mon 12:00 + 1 wh = Mon 13:00, not 14:00', '2026-05-18T12:00:00+03:00', { hours: 1 }, '2026-05-18T13:00:00+03:00'],
    ['Mon 17:00 + 1 wh = Mon 18:00, not Tue 09:00', '2026-05-18T17:00:00+03:00', { hours: 1 }, '2026-05-18T18:00:00+03:00'],
    ['Mon 12:30 + 1 wh = Mon 14:30 (across lunch)', '2026-05-18T12:30:00+03:00', { hours: 1 }, '2026-05-18T14:30:00+03:00'],
    ['Mon 13:30 (lunch) + 1 wh = Mon 15:00', '2026-05-18T13:30:00+03:00', { hours: 1 }, '2026-05-18T15:00:00+03:00'],
    ['Fri 17:30 + 1 wh = Mon 09:30 (weekend)', '2026-05-22T17:30:00+03:00', { hours: 1 }, '2026-05-25T09:30:00+03:00'],
    ['Tue 03:00 (night) + 1 wh = Tue 10:00', '2026-05-19T03:00:00+03:00', { hours: 1 }, '2026-05-19T10:00:00+03:00'],
    ['Sat 11:00 + 4 wh = Mon 13:00', '2026-05-16T11:00:00+03:00', { hours: 4 }, '2026-05-18T13:00:00+03:00'],
    ['Mon 09:00 + 8 wh = Mon 18:00', '2026-05-18T09:00:00+03:00', { hours: 8 }, '2026-05-18T18:00:00+03:00'],
    ['Mon 09:00 + 9 wh = Tue 10:00', '2026-05-18T09:00:00+03:00', { hours: 9 }, '2026-05-19T10:00:00+03:00'],
    ['Mon 12:59 + 1 min = Mon 13:00', '2026-05-18T12:59:00+03:00', { minutes: 1 }, '2026-05-18T13:00:00+03:00'],
    ['Mon 09:00 + 40 wh = Fri 18:00', '2026-05-18T09:00:00+03:00', { hours: 40 }, '2026-05-22T18:00:00+03:00'],
  ])('%s', (_name, start, amount, expected) => {
    expect(add(start, amount as WorkingAmount)).toBe(expected);
  });

  it.each([
    ['Mon 18:00 − 4 wh = Mon 14:00', '2026-05-18T18:00:00+03:00', { hours: 4 }, '2026-05-18T14:00:00+03:00'],
    ['Tue 09:00 − 1 wh = Mon 17:00', '2026-05-19T09:00:00+03:00', { hours: 1 }, '2026-05-18T17:00:00+03:00'],
    ['Mon 15:00 − 2 wh = Mon 12:00 (across lunch)', '2026-05-18T15:00:00+03:00', { hours: 2 }, '2026-05-18T12:00:00+03:00'],
    [
      "Mon 13:00 − 4 wh = Fri 18:00 (a day boundary: the earlier day's end)",
      '2026-05-18T13:00:00+03:00',
      { hours: 4 },
      '2026-05-15T18:00:00+03:00',
    ],
    ['Mon 10:00 − 4 wh = Fri 15:00', '2026-05-25T10:00:00+03:00', { hours: 4 }, '2026-05-22T15:00:00+03:00'],
    ['Sun 12:00 − 1 wh = Fri 17:00', '2026-05-24T12:00:00+03:00', { hours: 1 }, '2026-05-22T17:00:00+03:00'],
    ['Mon 18:00 − 1 wd = Fri 18:00', '2026-05-18T18:00:00+03:00', { days: 1 }, '2026-05-15T18:00:00+03:00'],
    ['Tue 10:30 − 1 wd = Mon 10:30', '2026-05-19T10:30:00+03:00', { days: 1 }, '2026-05-18T10:30:00+03:00'],
    ['Tue 09:00 − 1 wd = Fri 18:00', '2026-05-19T09:00:00+03:00', { days: 1 }, '2026-05-15T18:00:00+03:00'],
    [
      'Tue 13:00 − 1 wd = Mon 14:00 (offset on lunch: the later start)',
      '2026-05-19T13:00:00+03:00',
      { days: 1 },
      '2026-05-18T14:00:00+03:00',
    ],
    ['Tue 13:30 (lunch) − 1 wd = Mon 14:00', '2026-05-19T13:30:00+03:00', { days: 1 }, '2026-05-18T14:00:00+03:00'],
    ['Sat 11:00 − 1 wd = Thu 18:00', '2026-05-23T11:00:00+03:00', { days: 1 }, '2026-05-21T18:00:00+03:00'],
    ['Mon 10:00 − 1 wd = Fri 10:00', '2026-05-25T10:00:00+03:00', { days: 1 }, '2026-05-22T10:00:00+03:00'],
    ['Wed 18:00 − 3 wd = Fri 18:00', '2026-05-20T18:00:00+03:00', { days: 3 }, '2026-05-15T18:00:00+03:00'],
  ])('%s', (_name, end, amount, expected) => {
    expect(sub(end, amount as WorkingAmount)).toBe(expected);
  });

  it('a zero amount returns the instant unchanged, in either direction', () => {
    for (const a of [{ days: 0 }, { hours: 0 }, { minutes: 0 }]) {
      expect(add('2026-05-16T11:00:00+03:00', a)).toBe('2026-05-16T11:00:00+03:00');
      expect(sub('2026-05-16T11:00:00+03:00', a)).toBe('2026-05-16T11:00:00+03:00');
    }
  });

  it('intervals are half-open: a start is working, an end is not', () => {
    const w = (s: string) => isWorkingInstant(RU, at(s));
    expect(w('2026-05-18T08:59:00+03:00')).toBe(false);
    expect(w('2026-05-18T09:00:00+03:00')).toBe(true);
    expect(w('2026-05-18T12:59:59+03:00')).toBe(true);
    expect(w('2026-05-18T13:00:00+03:00')).toBe(false);
    expect(w('2026-05-18T14:00:00+03:00')).toBe(true);
    expect(w('2026-05-18T18:00:00+03:00')).toBe(false);
    expect(w('2026-05-16T11:00:00+03:00')).toBe(false);
  });

  it('nextWorkingStart / previousWorkingEnd', () => {
    expect(msk(nextWorkingStart(RU, at('2026-05-18T10:00:00+03:00')))).toBe('2026-05-18T10:00:00+03:00');
    expect(msk(nextWorkingStart(RU, at('2026-05-18T13:00:00+03:00')))).toBe('2026-05-18T14:00:00+03:00');
    expect(msk(nextWorkingStart(RU, at('2026-05-22T18:00:00+03:00')))).toBe('2026-05-25T09:00:00+03:00');
    expect(msk(previousWorkingEnd(RU, at('2026-05-18T10:00:00+03:00')))).toBe('2026-05-18T10:00:00+03:00');
    expect(msk(previousWorkingEnd(RU, at('2026-05-18T13:00:00+03:00')))).toBe('2026-05-18T13:00:00+03:00');
    expect(msk(previousWorkingEnd(RU, at('2026-05-18T13:30:00+03:00')))).toBe('2026-05-18T13:00:00+03:00');
    expect(msk(previousWorkingEnd(RU, at('2026-05-25T09:00:00+03:00')))).toBe('2026-05-22T18:00:00+03:00');
  });

  it('workingTimeBetween counts working minutes in [a, b), negative when b < a', () => {
    const b = (a: string, c: string) => workingTimeBetween(RU, at(a), at(c));
    expect(b('2026-05-18T09:00:00+03:00', '2026-05-18T18:00:00+03:00')).toBe(480);
    expect(b('2026-05-18T12:00:00+03:00', '2026-05-18T15:00:00+03:00')).toBe(120);
    expect(b('2026-05-18T15:00:00+03:00', '2026-05-18T12:00:00+03:00')).toBe(-120);
    expect(b('2026-05-16T00:00:00+03:00', '2026-05-23T00:00:00+03:00')).toBe(5 * 480);
    expect(b('2026-05-18T12:00:00+03:00', '2026-05-18T12:00:30+03:00')).toBe(0.5);
    expect(b('2026-05-18T13:00:00+03:00', '2026-05-18T14:00:00+03:00')).toBe(0);
  });
});

describe('the real Russian production calendar 2025–2026', () => {
  it('New Year: 2025-12-31 and 2026-01-01 … 01-09 are off', () => {
    expect(describeDay(RU, '2025-12-31')).toMatchObject({ working: false, source: 'production', provisional: false });
    expect(describeDay(RU, '2026-01-09')).toMatchObject({ working: false, source: 'production' });
    expect(describeDay(RU, '2026-01-12')).toMatchObject({ working: true, workingMinutes: 480, source: 'week' });
    expect(add('2025-12-30T12:00:00+03:00', { days: 1 })).toBe('2026-01-12T12:00:00+03:00');
    expect(add('2025-12-30T09:00:00+03:00', { days: 1 })).toBe('2025-12-30T18:00:00+03:00');
    expect(add('2025-12-30T09:00:00+03:00', { days: 2 })).toBe('2026-01-12T18:00:00+03:00');
    expect(add('2025-12-30T17:00:00+03:00', { hours: 2 })).toBe('2026-01-12T10:00:00+03:00');
    expect(add('2025-12-31T10:00:00+03:00', { hours: 1 })).toBe('2026-01-12T10:00:00+03:00');
    expect(sub('2026-01-12T10:00:00+03:00', { hours: 2 })).toBe('2025-12-30T17:00:00+03:00');
    expect(sub('2026-01-12T09:00:00+03:00', { days: 1 })).toBe('2025-12-29T18:00:00+03:00'); // Dec 30's start is Dec 29's end
    expect(sub('2026-01-12T18:00:00+03:00', { days: 1 })).toBe('2025-12-30T18:00:00+03:00'); // the last working day before the holidays ends
    expect(workingTimeBetween(RU, at('2025-12-29T09:00:00+03:00'), at('2026-01-13T09:00:00+03:00'))).toBe(3 * 480);
  });

  it('May 2026: shortened Thu 04-30 and Fri 05-08, days off 05-01 and 05-09 … 05-11', () => {
    expect(describeDay(RU, '2026-04-30')).toMatchObject({ working: true, workingMinutes: 420 });
    expect(describeDay(RU, '2026-05-08')).toMatchObject({ working: true, workingMinutes: 420 });
    expect(describeDay(RU, '2026-05-08').intervals.map((i) => [msk(i.start), msk(i.end)])).toEqual([
      ['2026-05-08T09:00:00+03:00', '2026-05-08T13:00:00+03:00'],
      ['2026-05-08T14:00:00+03:00', '2026-05-08T17:00:00+03:00'],
    ]);
    expect(describeDay(RU, '2026-05-11')).toMatchObject({ working: false });
    expect(isWorkingInstant(RU, at('2026-04-30T17:00:00+03:00'))).toBe(false);
    expect(isWorkingInstant(RU, at('2026-04-30T16:59:00+03:00'))).toBe(true);
    // Days: the offset is clamped to the shortened day's end.
    expect(add('2026-04-29T17:30:00+03:00', { days: 1 })).toBe('2026-04-30T17:00:00+03:00');
    expect(add('2026-04-29T16:30:00+03:00', { days: 1 })).toBe('2026-04-30T16:30:00+03:00');
    expect(add('2026-04-30T10:00:00+03:00', { days: 1 })).toBe('2026-05-04T10:00:00+03:00');
    expect(add('2026-05-07T17:30:00+03:00', { days: 1 })).toBe('2026-05-08T17:00:00+03:00');
    expect(add('2026-05-08T12:00:00+03:00', { days: 1 })).toBe('2026-05-12T12:00:00+03:00');
    expect(add('2026-05-07T09:00:00+03:00', { days: 1 })).toBe('2026-05-07T18:00:00+03:00');
    expect(add('2026-05-07T09:00:00+03:00', { days: 2 })).toBe('2026-05-08T17:00:00+03:00');
    // Hours run over the holidays.
    expect(add('2026-04-30T16:30:00+03:00', { hours: 1 })).toBe('2026-05-04T09:30:00+03:00');
    expect(add('2026-05-08T16:00:00+03:00', { hours: 2 })).toBe('2026-05-12T10:00:00+03:00');
    expect(add('2026-04-30T09:00:00+03:00', { hours: 7 })).toBe('2026-04-30T17:00:00+03:00');
    // Notices before a deadline on Tue 2026-05-12 (the first working day after the holidays).
    expect(sub('2026-05-12T12:00:00+03:00', { hours: 4 })).toBe('2026-05-08T16:00:00+03:00');
    expect(sub('2026-05-12T10:00:00+03:00', { days: 1 })).toBe('2026-05-08T10:00:00+03:00');
    expect(sub('2026-05-12T17:45:00+03:00', { days: 1 })).toBe('2026-05-08T17:00:00+03:00'); // offset 7:45 > 7 h → the shortened Fri's end
    expect(sub('2026-05-12T18:00:00+03:00', { days: 1 })).toBe('2026-05-08T17:00:00+03:00'); // clamped to the shortened Friday's end
    expect(sub('2026-05-04T09:00:00+03:00', { hours: 1 })).toBe('2026-04-30T16:00:00+03:00');
  });

  it('the working Saturday 2025-11-01 is shortened (ends 17:00); 11-03 and 11-04 are off', () => {
    expect(describeDay(RU, '2025-11-01')).toMatchObject({ working: true, workingMinutes: 420, source: 'production' });
    expect(describeDay(RU, '2025-11-03')).toMatchObject({ working: false });
    expect(isWorkingInstant(RU, at('2025-11-01T10:00:00+03:00'))).toBe(true);
    expect(isWorkingInstant(RU, at('2025-11-01T17:00:00+03:00'))).toBe(false);
    expect(isWorkingInstant(RU, at('2025-11-02T10:00:00+03:00'))).toBe(false);
    expect(add('2025-10-31T17:00:00+03:00', { hours: 2 })).toBe('2025-11-01T10:00:00+03:00');
    expect(add('2025-10-31T17:30:00+03:00', { days: 1 })).toBe('2025-11-01T17:00:00+03:00');
    expect(add('2025-11-01T16:00:00+03:00', { hours: 1 })).toBe('2025-11-01T17:00:00+03:00');
    expect(add('2025-11-01T16:00:00+03:00', { hours: 2 })).toBe('2025-11-05T10:00:00+03:00');
    expect(add('2025-11-01T10:00:00+03:00', { days: 1 })).toBe('2025-11-05T10:00:00+03:00');
    expect(sub('2025-11-05T10:00:00+03:00', { days: 1 })).toBe('2025-11-01T10:00:00+03:00');
    expect(sub('2025-11-05T10:00:00+03:00', { hours: 4 })).toBe('2025-11-01T14:00:00+03:00');
  });

  it('2024: the transferred working Saturday 2024-04-27 works the full Monday schedule', () => {
    expect(describeDay(RU, '2024-04-27')).toMatchObject({ working: true, workingMinutes: 480 });
    expect(add('2024-04-26T17:00:00+03:00', { hours: 2 })).toBe('2024-04-27T10:00:00+03:00');
  });

  it('a contract override wins over the production calendar', () => {
    const cal = russianProductionCalendar({
      overrides: { '2026-05-08': { kind: 'dayOff' }, '2026-05-11': { kind: 'workingDay' } },
    });
    expect(cal.id).toBe('RU+contract');
    expect(describeDay(cal, '2026-05-08')).toMatchObject({ working: false, source: 'contract' });
    expect(describeDay(cal, '2026-05-11')).toMatchObject({ working: true, workingMinutes: 480, source: 'contract' });
    expect(add('2026-05-07T12:00:00+03:00', { days: 1 }, cal)).toBe('2026-05-11T12:00:00+03:00');
  });
});

describe('other zones', () => {
  it('a Vladivostok contract, 08:00–17:00 without lunch', () => {
    const day = [{ start: '08:00', end: '17:00' }];
    const cal = russianProductionCalendar({ timeZone: 'Asia/Vladivostok', week: [day, day, day, day, day, [], []] });
    expect(add('2026-05-18T16:00:00+10:00', { hours: 2 }, cal)).toBe('2026-05-19T09:00:00+10:00');
    expect(add('2026-05-18T08:00:00+10:00', { days: 1 }, cal)).toBe('2026-05-18T17:00:00+10:00');
    expect(add('2026-05-07T12:00:00+10:00', { days: 1 }, cal)).toBe('2026-05-08T12:00:00+10:00');
    // The shortened Friday ends 16:00 there; the May holidays apply in the contract's zone.
    expect(add('2026-05-08T15:00:00+10:00', { hours: 2 }, cal)).toBe('2026-05-12T09:00:00+10:00');
    // 09:30 Moscow on Mon is 16:30 in Vladivostok.
    expect(add('2026-05-18T09:30:00+03:00', { hours: 1 }, cal)).toBe('2026-05-19T08:30:00+10:00');
    expect(sub('2026-05-19T09:00:00+10:00', { days: 1 }, cal)).toBe('2026-05-18T09:00:00+10:00');
  });

  const berlinWeek = (day: { start: string; end: string }[], weekend: { start: string; end: string }[] = []) => [
    day,
    day,
    day,
    day,
    day,
    weekend,
    weekend,
  ];
  const berlin = (week: { start: string; end: string }[][]): BusinessCalendar => ({
    schema: 1,
    id: 'DE-test',
    version: 'test-' + JSON.stringify(week),
    timeZone: 'Europe/Berlin',
    week,
    overrides: {},
    coveredYears: [],
    fallback: { fixedHolidays: [], maxYearsBeyondData: 0 },
  });

  it('Europe/Berlin across the spring-forward weekend (2026-03-29)', () => {
    const cal = berlin(berlinWeek([{ start: '08:00', end: '16:00' }]));
    const r = addWorkingTime(cal, at('2026-03-27T15:00:00+01:00'), { hours: 2 });
    expect(formatInZone(r, 'Europe/Berlin')).toBe('2026-03-30T09:00:00+02:00');
    expect(r.toISOString()).toBe('2026-03-30T07:00:00.000Z');
    expect(workingTimeBetween(cal, at('2026-03-27T15:00:00+01:00'), r)).toBe(120);
    expect(add('2026-03-27T10:00:00+01:00', { days: 1 }, cal)).toBe('2026-03-30T10:00:00+02:00');
    expect(sub('2026-03-30T10:00:00+02:00', { days: 1 }, cal)).toBe('2026-03-27T10:00:00+01:00');
    expect(add('2026-10-23T15:30:00+02:00', { hours: 1 }, cal)).toBe('2026-10-26T08:30:00+01:00');
  });

  it('a working interval on a DST-change day keeps its wall-clock bounds (elapsed time differs)', () => {
    const allDay = [{ start: '00:00', end: '24:00' }];
    const cal = berlin(berlinWeek(allDay, allDay));
    expect(describeDay(cal, '2026-03-29').workingMinutes).toBe(23 * 60);
    expect(describeDay(cal, '2026-10-25').workingMinutes).toBe(25 * 60);
    expect(workingTimeBetween(cal, at('2026-03-29T00:00:00+01:00'), at('2026-03-30T00:00:00+02:00'))).toBe(1380);
    // Days keep the elapsed working-time offset: 12 h into the 23-hour day is 13:00 wall clock.
    expect(add('2026-03-28T12:00:00+01:00', { days: 1 }, cal)).toBe('2026-03-29T13:00:00+02:00');
    expect(add('2026-03-29T01:30:00+01:00', { hours: 1 }, cal)).toBe('2026-03-29T03:30:00+02:00');
    // A bound inside the gap (02:30 does not exist on 03-29) moves forward by the gap: 02:30 → 03:30 CEST.
    const gap = berlin(berlinWeek([{ start: '09:00', end: '17:00' }], [{ start: '02:30', end: '04:00' }]));
    const d = describeDay(gap, '2026-03-29');
    expect(d.workingMinutes).toBe(30);
    expect(formatInZone(d.intervals[0].start, 'Europe/Berlin')).toBe('2026-03-29T03:30:00+02:00');
    // A bound inside the overlap (02:30 happens twice on 10-25) takes the earlier instant.
    const o = describeDay(gap, '2026-10-25');
    expect(formatInZone(o.intervals[0].start, 'Europe/Berlin')).toBe('2026-10-25T02:30:00+02:00');
    expect(o.workingMinutes).toBe(150);
  });
});

describe('provisional years and the data range', () => {
  it('a year with no data uses the week + fixed holidays and says it is provisional', () => {
    expect(calendarCoverage(RU, at('2026-12-01T00:00:00+03:00'), at('2027-02-01T00:00:00+03:00'))).toEqual({
      dataYears: [2026],
      provisionalYears: [2027],
      unsupportedYears: [],
    });
    expect(calendarCoverage(RU, at('2027-01-01T00:00:00+03:00'), at('2028-06-01T00:00:00+03:00'))).toEqual({
      dataYears: [],
      provisionalYears: [2027, 2028],
      unsupportedYears: [],
    });
    // Any year without data up to 30 years past it (DEFAULT_MAX_YEARS_BEYOND_DATA), not just the next one.
    expect(add('2030-05-06T10:00:00+03:00', { days: 1 })).toBe('2030-05-07T10:00:00+03:00');
    expect(isProvisionalInstant(RU, at('2056-06-01T10:00:00+03:00'))).toBe(true);
    expect(calendarCoverage(RU, at('2056-06-01T00:00:00+03:00'), at('2057-06-01T00:00:00+03:00'))).toEqual({
      dataYears: [],
      provisionalYears: [2056],
      unsupportedYears: [2057],
    });
    expect(isProvisionalInstant(RU, at('2027-03-01T10:00:00+03:00'))).toBe(true);
    expect(isProvisionalInstant(RU, at('2026-03-01T10:00:00+03:00'))).toBe(false);
    expect(describeDay(RU, '2027-01-08')).toMatchObject({ working: false, provisional: true, source: 'fixedHoliday' });
    expect(describeDay(RU, '2027-02-23')).toMatchObject({ working: false, source: 'fixedHoliday' });
    expect(describeDay(RU, '2027-01-11')).toMatchObject({ working: true, provisional: true, source: 'week' });
    expect(add('2026-12-30T10:00:00+03:00', { days: 1 })).toBe('2027-01-11T10:00:00+03:00');
    expect(add('2027-05-07T17:00:00+03:00', { hours: 2 })).toBe('2027-05-10T10:00:00+03:00');
  });

  it('a year beyond the fallback is a clear error, never a silently wrong instant', () => {
    expect(() => addWorkingTime(RU, at('2057-03-01T10:00:00+03:00'), { hours: 1 })).toThrow(WorkingTimeError);
    expect(() => addWorkingTime(RU, at('2057-03-01T10:00:00+03:00'), { hours: 1 })).toThrow(/2057/);
    expect(() => addWorkingTime(RU, at('1992-03-01T10:00:00+03:00'), { hours: 1 })).toThrow(/1992/);
    expect(() => addWorkingTime(RU, at('1993-03-01T10:00:00+03:00'), { hours: 1 })).not.toThrow();
    // Crossing into an unsupported year on the way is an error too.
    expect(() => addWorkingTime(RU, at('2056-12-30T10:00:00+03:00'), { days: 5 })).toThrow(/2057/);
    expect(() => subtractWorkingTime(RU, at('1993-01-12T10:00:00+03:00'), { days: 5 })).toThrow(/1992/);
    expect(() => workingTimeBetween(RU, at('2026-01-01T00:00:00Z'), at('2058-01-01T00:00:00Z'))).toThrow(/2058/);
    expect(() => describeDay(RU, '2060-01-01')).toThrow(WorkingTimeError);
    // Local year: 2056-12-31T22:00Z is already 2057 in Moscow.
    expect(() => isWorkingInstant(RU, at('2056-12-31T22:00:00Z'))).toThrow(/2057/);
    expect(isWorkingInstant(RU, at('2056-12-31T20:00:00Z'))).toBe(false);
  });

  it('the reach of the fallback is configurable', () => {
    const cal = russianProductionCalendar({ maxYearsBeyondData: 0 });
    expect(() => addWorkingTime(cal, at('2027-03-01T10:00:00+03:00'), { hours: 1 })).toThrow(WorkingTimeError);
    const wide = russianProductionCalendar({ maxYearsBeyondData: 3 });
    expect(add('2029-03-01T10:00:00+03:00', { hours: 1 }, wide)).toBe('2029-03-01T11:00:00+03:00');
  });
});

describe('bad input throws WorkingTimeError', () => {
  const t = at('2026-05-18T10:00:00+03:00');
  it.each([
    ['an invalid Date', () => addWorkingTime(RU, new Date('nope'), { hours: 1 }), /invalid Date/],
    ['a non-Date', () => addWorkingTime(RU, '2026-05-18' as unknown as Date, { hours: 1 }), /must be a Date/],
    ['a negative amount', () => addWorkingTime(RU, t, { hours: -1 }), /negative/],
    ['a non-integer amount', () => addWorkingTime(RU, t, { days: 1.5 }), /integer/],
    ['NaN', () => addWorkingTime(RU, t, { minutes: NaN }), /finite/],
    ['Infinity', () => subtractWorkingTime(RU, t, { minutes: Infinity }), /finite/],
    ['a string amount', () => addWorkingTime(RU, t, { days: '1' } as unknown as WorkingAmount), /finite number/],
    ['no unit', () => addWorkingTime(RU, t, {} as WorkingAmount), /exactly one unit/],
    ['several units', () => addWorkingTime(RU, t, { days: 1, hours: 1 } as WorkingAmount), /exactly one unit/],
    ['an unknown unit', () => addWorkingTime(RU, t, { weeks: 1 } as unknown as WorkingAmount), /exactly one unit/],
    ['an invalid end', () => workingTimeBetween(RU, t, new Date(NaN)), /invalid Date/],
    ['an unknown zone', () => russianProductionCalendar({ timeZone: 'Mars/Olympus_Mons' }), /Unknown time zone "Mars\/Olympus_Mons"/],
    [
      'a bad interval',
      () => russianProductionCalendar({ week: [[{ start: '18:00', end: '09:00' }], [], [], [], [], [], []] }),
      /after start/,
    ],
    ['a bad week', () => russianProductionCalendar({ week: [] }), /7 entries/],
  ])('%s', (_name, f, message) => {
    expect(f).toThrow(WorkingTimeError);
    expect(f).toThrow(message);
  });

  it('an unknown zone in a literal calendar is reported when used', () => {
    const cal = { ...RU, timeZone: 'Nowhere/Town', version: 'x' };
    expect(() => addWorkingTime(cal, t, { hours: 1 })).toThrow(/Unknown time zone "Nowhere\/Town"/);
  });
});

describe('compiled calendars', () => {
  it('results carry no seconds when inputs carry none', () => {
    const r = addWorkingTime(RU, at('2026-05-18T10:17:00+03:00'), { minutes: 1234 });
    expect(r.getUTCSeconds()).toBe(0);
    expect(r.getUTCMilliseconds()).toBe(0);
  });
});
