/**
 * The `sla` CLI's protocol, pure: one JSON line in, one JSON line out.
 *
 * In:  {"op":"add"|"subtract","start":"<ISO-8601 with offset>","workingDays"|"workingHours"|"workingMinutes":N,
 *       "calendar"?:"RU","timeZone"?:"Europe/Moscow","id"?:any}
 *      {"op":"between","start":"<ISO>","end":"<ISO>", …}
 * Out: {"result":"2026-05-12T18:00:00+03:00"} (in the calendar zone's offset) | {"workingMinutes":N} |
 *      {"error":"<message>"}; "id", when given, is echoed first. A blank line gives no output.
 */
import {
  addWorkingTime,
  calendarCoverage,
  formatInZone,
  russianProductionCalendar,
  subtractWorkingTime,
  workingTimeBetween,
  WorkingTimeError,
  type BusinessCalendar,
  type WorkingAmount,
} from '../calendar';

const ISO = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)?$/;

/** Parses an ISO-8601 instant that carries its UTC offset (`Z`, `±HH:MM`, `±HHMM` or `±HH`). */
export function parseIsoInstant(value: unknown, field: string): Date {
  if (typeof value !== 'string') throw new CliError(`"${field}" must be an ISO-8601 string with an offset, got ${describe(value)}`);
  const m = ISO.exec(value.trim());
  if (m === null) {
    throw new CliError(`"${field}" is not an ISO-8601 date-time (YYYY-MM-DDTHH:MM[:SS][.sss]±HH:MM): ${JSON.stringify(value)}`);
  }
  const [, y, mo, d, h, mi, s = '0', frac = '', z, sign, oh, om = '0'] = m;
  if (z === undefined && sign === undefined) {
    throw new CliError(`"${field}" has no UTC offset (add Z or ±HH:MM): ${JSON.stringify(value)}`);
  }
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const probe = new Date(0);
  probe.setUTCFullYear(year, month, 0);
  if (month < 1 || month > 12 || day < 1 || day > probe.getUTCDate()) {
    throw new CliError(`"${field}" is not a valid date: ${JSON.stringify(value)}`);
  }
  if (Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) {
    throw new CliError(`"${field}" is not a valid time of day: ${JSON.stringify(value)}`);
  }
  if (sign !== undefined && (Number(oh) > 23 || Number(om) > 59)) {
    throw new CliError(`"${field}" has an invalid UTC offset: ${JSON.stringify(value)}`);
  }
  const offsetMin = sign === undefined ? 0 : (sign === '-' ? -1 : 1) * (Number(oh) * 60 + Number(om));
  const wall = new Date(0);
  wall.setUTCFullYear(year, month - 1, day);
  wall.setUTCHours(Number(h), Number(mi), Number(s), Number((frac + '000').slice(0, 3)));
  return new Date(wall.getTime() - offsetMin * 60_000);
}

export class CliError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliError';
  }
}

function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  return JSON.stringify(v) ?? String(v);
}

const FIELDS = new Set(['op', 'start', 'end', 'workingDays', 'workingHours', 'workingMinutes', 'calendar', 'timeZone', 'id']);
const AMOUNTS = [
  ['workingDays', 'days', 10_000],
  ['workingHours', 'hours', 80_000],
  ['workingMinutes', 'minutes', 4_800_000],
] as const;

/** Calendars the CLI knows, by name; each is built with the requested zone. */
const CALENDARS: Record<string, (timeZone: string) => BusinessCalendar> = {
  RU: (timeZone) => russianProductionCalendar(timeZone === 'Europe/Moscow' ? {} : { timeZone }),
};

function amountOf(req: Record<string, unknown>): WorkingAmount {
  const given = AMOUNTS.filter(([f]) => req[f] !== undefined);
  if (given.length !== 1) {
    throw new CliError(
      given.length === 0
        ? 'one of "workingDays", "workingHours", "workingMinutes" is required'
        : `give exactly one of "workingDays", "workingHours", "workingMinutes", got ${given.map(([f]) => `"${f}"`).join(', ')}`,
    );
  }
  const [field, unit, max] = given[0];
  const n = req[field];
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || !Number.isSafeInteger(n)) {
    throw new CliError(`"${field}" must be a non-negative integer, got ${describe(n)}`);
  }
  // About 40 years of working time: anything larger leaves every calendar's range.
  if (n > max) throw new CliError(`"${field}" is out of range: at most ${max}, got ${n}`);
  return { [unit]: n } as WorkingAmount;
}

/** `{ provisional: true }` when the span a result was computed over touches a year without production data. */
function provisional(cal: BusinessCalendar, a: Date, b: Date): { provisional?: true } {
  const [from, to] = a.getTime() <= b.getTime() ? [a, b] : [b, a];
  return calendarCoverage(cal, from, to).provisionalYears.length > 0 ? { provisional: true } : {};
}

/** A line handler with its own calendar cache (calendars are built once per name + zone). */
export function createCliHandler(): (line: string) => string | null {
  const calendars = new Map<string, BusinessCalendar>();

  const calendarFor = (name: unknown, zone: unknown): BusinessCalendar => {
    if (typeof name !== 'string') throw new CliError(`"calendar" must be a string, got ${describe(name)}`);
    if (typeof zone !== 'string' || zone.trim() === '') {
      throw new CliError(`"timeZone" must be an IANA zone name, got ${describe(zone)}`);
    }
    const key = `${name.toUpperCase()}\u0000${zone}`;
    let cal = calendars.get(key);
    if (cal === undefined) {
      const build = Object.prototype.hasOwnProperty.call(CALENDARS, name.toUpperCase()) ? CALENDARS[name.toUpperCase()] : undefined;
      if (build === undefined) {
        throw new CliError(`unknown calendar ${JSON.stringify(name)} (known: ${Object.keys(CALENDARS).join(', ')})`);
      }
      cal = build(zone);
      calendars.set(key, cal);
    }
    return cal;
  };

  const handle = (req: Record<string, unknown>): Record<string, unknown> => {
    const unknown = Object.keys(req).filter((k) => !FIELDS.has(k));
    if (unknown.length > 0) throw new CliError(`unknown field${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `"${k}"`).join(', ')}`);
    const op = req.op;
    if (op !== 'add' && op !== 'subtract' && op !== 'between') {
      throw new CliError(`"op" must be "add", "subtract" or "between", got ${describe(op)}`);
    }
    const start = parseIsoInstant(req.start, 'start');
    if (op === 'between') {
      const extra = AMOUNTS.filter(([f]) => req[f] !== undefined).map(([f]) => `"${f}"`);
      if (extra.length > 0) throw new CliError(`"between" takes "start" and "end", not ${extra.join(', ')}`);
      const end = parseIsoInstant(req.end, 'end');
      const cal = calendarFor(req.calendar ?? 'RU', req.timeZone ?? 'Europe/Moscow');
      return { workingMinutes: workingTimeBetween(cal, start, end), ...provisional(cal, start, end) };
    }
    if (req.end !== undefined) throw new CliError(`"end" is only for "between"`);
    const amount = amountOf(req);
    const cal = calendarFor(req.calendar ?? 'RU', req.timeZone ?? 'Europe/Moscow');
    const result = op === 'add' ? addWorkingTime(cal, start, amount) : subtractWorkingTime(cal, start, amount);
    return { result: formatInZone(result, cal.timeZone), ...provisional(cal, start, result) };
  };

  return (line: string): string | null => {
    if (line.trim() === '') return null;
    let req: unknown;
    try {
      req = JSON.parse(line);
    } catch (e) {
      return JSON.stringify({ error: `invalid JSON: ${(e as Error).message}` });
    }
    if (req === null || typeof req !== 'object' || Array.isArray(req)) {
      return JSON.stringify({ error: 'each line must be a JSON object' });
    }
    const r = req as Record<string, unknown>;
    const id = r.id !== undefined ? { id: r.id } : {};
    try {
      return JSON.stringify({ ...id, ...handle(r) });
    } catch (e) {
      if (e instanceof CliError || e instanceof WorkingTimeError) return JSON.stringify({ ...id, error: e.message });
      return JSON.stringify({ ...id, error: `internal error: ${e instanceof Error ? e.message : String(e)}` });
    }
  };
}
