export * from './types';
export { WorkingTimeError } from './errors';
export { CompiledCalendar, compileCalendar } from './compile';
export {
  addWorkingTime,
  subtractWorkingTime,
  workingTimeBetween,
  isWorkingInstant,
  nextWorkingStart,
  previousWorkingEnd,
  calendarCoverage,
  isProvisionalInstant,
  describeDay,
  type CalendarLike,
} from './working-time';
export {
  DEFAULT_TIME_ZONE,
  DEFAULT_WEEK,
  DEFAULT_MAX_YEARS_BEYOND_DATA,
  RU_FIXED_HOLIDAYS,
  calendarVersion,
  russianProductionCalendar,
  withOverrides,
  withProductionOverrides,
  withProductionYear,
  type CalendarOptions,
} from './builders';
export { parseXmlCalendar, type ProductionYear } from './xmlcalendar';
export { formatInZone } from './zone';
