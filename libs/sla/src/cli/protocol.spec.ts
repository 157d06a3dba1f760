import { createCliHandler, parseIsoInstant } from './protocol';

const run = (line: string) => {
  const out = createCliHandler()(line);
  return out === null ? null : JSON.parse(out);
};

describe('parseIsoInstant', () => {
  it.each([
    ['2026-05-12T18:00:00+03:00', '2026-05-12T15:00:00.000Z'],
    ['2026-05-12T18:00+03:00', '2026-05-12T15:00:00.000Z'],
    ['2026-05-12T18:00:00.250Z', '2026-05-12T18:00:00.250Z'],
    ['2026-05-12t18:00:00z', '2026-05-12T18:00:00.000Z'],
    ['2026-05-12T18:00:00+0530', '2026-05-12T12:30:00.000Z'],
    ['2026-05-12T18:00:00-04', '2026-05-12T22:00:00.000Z'],
    ['2024-02-29T00:00:00+03:00', '2024-02-28T21:00:00.000Z'],
  ])('%s', (s, iso) => {
    expect(parseIsoInstant(s, 'start').toISOString()).toBe(iso);
  });

  it.each([
    ['2026-05-12T18:00:00', /no UTC offset/],
    ['2026-05-12', /not an ISO-8601/],
    ['2026-02-30T10:00:00+03:00', /not a valid date/],
    ['2025-02-29T10:00:00+03:00', /not a valid date/],
    ['2026-13-01T10:00:00+03:00', /not a valid date/],
    ['2026-05-12T24:00:00+03:00', /not a valid time/],
    ['2026-05-12T10:60:00+03:00', /not a valid time/],
    ['2026-05-12T10:00:00+25:00', /invalid UTC offset/],
    ['tomorrow', /not an ISO-8601/],
  ])('refuses %s', (s, message) => {
    expect(() => parseIsoInstant(s, 'start')).toThrow(message);
  });

  it('refuses a non-string', () => {
    expect(() => parseIsoInstant(1715000000000, 'start')).toThrow(/must be an ISO-8601 string/);
  });
});

describe('the CLI protocol', () => {
  it('says when a result uses provisional calendar data (a year without production data)', () => {
    expect(run('{"op":"add","start":"2026-12-30T10:00:00+03:00","workingDays":1}')).toEqual({
      result: '2027-01-11T10:00:00+03:00',
      provisional: true,
    });
    expect(run('{"op":"add","start":"2030-05-06T10:00:00+03:00","workingHours":1}')).toEqual({
      result: '2030-05-06T11:00:00+03:00',
      provisional: true,
    });
    expect(run('{"op":"between","start":"2026-12-30T09:00:00+03:00","end":"2027-01-11T09:00:00+03:00"}')).toEqual({
      workingMinutes: 480,
      provisional: true,
    });
    expect(run('{"op":"add","start":"2026-05-18T10:00:00+03:00","workingDays":1}')).toEqual({ result: '2026-05-19T10:00:00+03:00' });
  });

  it.each([
    [{ op: 'add', start: '2026-05-08T12:00:00+03:00', workingDays: 1 }, { result: '2026-05-12T12:00:00+03:00' }],
    [{ op: 'add', start: '2026-05-16T11:00:00+03:00', workingDays: 1 }, { result: '2026-05-18T18:00:00+03:00' }],
    [{ op: 'add', start: '2026-05-18T06:00:00Z', workingHours: 4 }, { result: '2026-05-18T13:00:00+03:00' }],
    [{ op: 'add', start: '2026-05-18T09:00:00+03:00', workingMinutes: 30 }, { result: '2026-05-18T09:30:00+03:00' }],
    [{ op: 'subtract', start: '2026-05-12T12:00:00+03:00', workingHours: 4 }, { result: '2026-05-08T16:00:00+03:00' }],
    [{ op: 'subtract', start: '2026-05-18T18:00:00+03:00', workingDays: 1 }, { result: '2026-05-15T18:00:00+03:00' }], // the boundary rule: Friday's end
    [{ op: 'subtract', start: '2026-05-12T17:45:00+03:00', workingDays: 1 }, { result: '2026-05-08T17:00:00+03:00' }],
    [{ op: 'add', start: '2026-05-08T12:00:00+03:00', workingDays: 0 }, { result: '2026-05-08T12:00:00+03:00' }],
    [{ op: 'between', start: '2026-05-18T09:00:00+03:00', end: '2026-05-19T09:00:00+03:00' }, { workingMinutes: 480 }],
    [{ op: 'between', start: '2026-05-19T09:00:00+03:00', end: '2026-05-18T17:00:00+03:00' }, { workingMinutes: -60 }],
    [
      { op: 'add', start: '2026-05-18T16:00:00+09:00', workingHours: 3, timeZone: 'Asia/Tokyo', calendar: 'RU' },
      { result: '2026-05-19T10:00:00+09:00' },
    ],
    [
      { op: 'add', start: '2026-12-30T10:00:00+03:00', workingDays: 1, id: 'a-1' },
      { id: 'a-1', result: '2027-01-11T10:00:00+03:00', provisional: true },
    ],
  ])('%j → %j', (req, expected) => {
    expect(run(JSON.stringify(req))).toEqual(expected);
  });

  it('a blank line gives no output', () => {
    expect(run('')).toBeNull();
    expect(run('   \r')).toBeNull();
  });

  it.each([
    ['{not json', /invalid JSON/],
    ['[1,2]', /JSON object/],
    ['"add"', /JSON object/],
    ['{"op":"multiply","start":"2026-05-18T09:00:00+03:00","workingDays":1}', /"op" must be/],
    ['{"start":"2026-05-18T09:00:00+03:00","workingDays":1}', /"op" must be/],
    ['{"op":"add","workingDays":1}', /"start" must be an ISO-8601 string/],
    ['{"op":"add","start":"2026-05-18T09:00:00","workingDays":1}', /no UTC offset/],
    ['{"op":"add","start":"2026-02-30T09:00:00+03:00","workingDays":1}', /not a valid date/],
    ['{"op":"add","start":"2026-05-18T09:00:00+03:00","workingDays":-1}', /non-negative integer, got -1/],
    ['{"op":"add","start":"2026-05-18T09:00:00+03:00","workingHours":1.5}', /non-negative integer, got 1.5/],
    ['{"op":"add","start":"2026-05-18T09:00:00+03:00","workingHours":"2"}', /non-negative integer, got "2"/],
    ['{"op":"add","start":"2026-05-18T09:00:00+03:00","workingDays":1e400}', /non-negative integer/],
    ['{"op":"add","start":"2026-05-18T09:00:00+03:00"}', /one of "workingDays"/],
    ['{"op":"add","start":"2026-05-18T09:00:00+03:00","workingDays":1,"workingHours":2}', /exactly one/],
    ['{"op":"add","start":"2026-05-18T09:00:00+03:00","workingDays":1,"calendar":"DE"}', /unknown calendar "DE"/],
    ['{"op":"add","start":"2026-05-18T09:00:00+03:00","workingDays":1,"timeZone":"Mars/Base"}', /Unknown time zone "Mars\/Base"/],
    ['{"op":"add","start":"2026-05-18T09:00:00+03:00","workingDays":1,"timeZone":""}', /"timeZone" must be/],
    ['{"op":"add","start":"2060-05-18T09:00:00+03:00","workingDays":1}', /2060, outside calendar "RU"/],
    ['{"op":"add","start":"2056-12-30T09:00:00+03:00","workingDays":10}', /2057/],
    ['{"op":"add","start":"2026-05-18T09:00:00+03:00","workingDays":9000000000}', /"workingDays" is out of range: at most 10000/],
    ['{"op":"subtract","start":"2026-05-18T09:00:00+03:00","workingMinutes":4800001}', /"workingMinutes" is out of range: at most 4800000/],
    ['{"op":"add","start":"2026-05-18T09:00:00+03:00","workingDays":1,"extra":1}', /unknown field "extra"/],
    ['{"op":"between","start":"2026-05-18T09:00:00+03:00"}', /"end" must be an ISO-8601 string/],
    ['{"op":"between","start":"2026-05-18T09:00:00+03:00","end":"2026-05-19T09:00:00+03:00","workingDays":1}', /"between" takes/],
  ])('%s → error', (line, message) => {
    const out = run(line);
    expect(Object.keys(out)).toEqual(['error']);
    expect(out.error).toMatch(message);
  });

  it('keeps the id on errors', () => {
    expect(run('{"id":7,"op":"add","start":"x","workingDays":1}')).toEqual({ id: 7, error: expect.any(String) });
  });
});
