/**
 * A business calendar as plain JSON: it travels into workflows through activities and signals, so it holds data only.
 * All arithmetic lives in pure functions over it (see ./working-time.ts).
 */

/** A calendar date in the calendar's own zone, `YYYY-MM-DD`. */
export type IsoDate = string;

/** A wall-clock time in the calendar's own zone, `HH:MM` (24 h; `24:00` allowed as an interval end). */
export type LocalTime = string;

export interface WorkingInterval {
  start: LocalTime;
  end: LocalTime;
}

/** How one date differs from the weekly schedule. */
export type DayOverride =
  /** A non-working holiday (or a day off moved onto a weekday). */
  | { kind: 'dayOff'; title?: string }
  /** A shortened pre-holiday day: the day's last interval ends `byMinutes` earlier (60 on the Russian calendar). */
  | { kind: 'shortened'; byMinutes: number; title?: string }
  /** A transferred working day on a weekend; works the given intervals (default: the Monday schedule), optionally shortened. */
  | { kind: 'workingDay'; intervals?: WorkingInterval[]; shortenedByMinutes?: number; title?: string };

export interface BusinessCalendar {
  /** Format version of this JSON shape. */
  schema: 1;
  /** What the calendar is, e.g. `RU` or `RU+contract-42`. */
  id: string;
  /** Content version: changes whenever any field below changes (a calendar change re-plans running clocks). */
  version: string;
  /** IANA time zone the schedule is written in, e.g. `Europe/Moscow`. */
  timeZone: string;
  /** Weekly working intervals, index 0 = Monday … 6 = Sunday, each sorted and non-overlapping. */
  week: WorkingInterval[][];
  /** Per-date overrides from the production calendar and the contract (contract wins). */
  overrides: Record<IsoDate, DayOverride>;
  /** Years whose production calendar was loaded from data; other years are provisional (see `fallback`). */
  coveredYears: number[];
  /** Fallback for a year with no data: fixed statutory holidays (`MM-DD`) and how far from the data it may go. */
  fallback: { fixedHolidays: string[]; maxYearsBeyondData: number };
}

/** An amount of working time. Integers only, non-negative. */
export type WorkingAmount = { days: number } | { hours: number } | { minutes: number };
