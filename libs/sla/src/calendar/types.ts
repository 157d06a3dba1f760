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
  /**
   * A shortened pre-holiday day: the day's working time ends `byMinutes` earlier (60 on the Russian calendar): the
   * last interval is cut from its end; if it is shorter than `byMinutes`, the cut continues into the interval before.
   * On a date whose weekly schedule is empty it changes nothing (use `workingDay` with `shortenedByMinutes`).
   */
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
  /** Per-date overrides from the production calendar (reference data, one entry per listed date). */
  overrides: Record<IsoDate, DayOverride>;
  /**
   * Per-date overrides from the contract, applied on top of `overrides` (contract wins). Kept apart from the
   * production data so that loading a production year later (`withProductionYear`) never overwrites a contract date.
   * Optional: absent means none.
   */
  contractOverrides?: Record<IsoDate, DayOverride>;
  /** Years whose production calendar was loaded from data; other years are provisional (see `fallback`). */
  coveredYears: number[];
  /**
   * Fallback for a year with no data: fixed statutory holidays (`MM-DD`, days off only in provisional years) and how
   * far from the data it may go: years in [min(coveredYears) − maxYearsBeyondData, max(coveredYears) +
   * maxYearsBeyondData] are allowed (provisional unless covered); any other year is an error. With no covered years
   * at all, every year is provisional and allowed.
   */
  fallback: { fixedHolidays: string[]; maxYearsBeyondData: number };
}

/** An amount of working time. Integers only, non-negative; exactly one unit. */
export type WorkingAmount = { days: number } | { hours: number } | { minutes: number };

/** What a calendar can say about a span of instants (local years in the calendar's zone). */
export interface CalendarCoverage {
  /** Years (in the calendar's zone) touched by [from, to] whose production calendar was loaded from data. */
  dataYears: number[];
  /** Years touched by [from, to] that are computed from the weekly schedule + fixed holidays only. */
  provisionalYears: number[];
  /** Years touched by [from, to] that the calendar refuses (beyond `fallback.maxYearsBeyondData`). */
  unsupportedYears: number[];
}

/** One date of a calendar, resolved: its working intervals as instants. */
export interface WorkingDayInfo {
  date: IsoDate;
  /** True when the date has any working time. */
  working: boolean;
  /** The date's working intervals, half-open [start, end), as instants. */
  intervals: { start: Date; end: Date }[];
  /** Working minutes on that date. */
  workingMinutes: number;
  /** True when the date's year is provisional (no production data). */
  provisional: boolean;
  /** Where the date's schedule came from. */
  source: 'week' | 'production' | 'contract' | 'fixedHoliday';
  /** The override's title, if any. */
  title?: string;
}
