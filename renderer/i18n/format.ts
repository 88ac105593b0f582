/**
 * Dates and times as people at a Malaysian PPV read them, whatever the desk's locale or time zone:
 * dd/mm/yyyy, 24-hour clock, Malaysia time (Asia/Kuala_Lumpur). Every screen formats through here.
 */
import {
  CalendarDate,
  DateFormatter,
  fromAbsolute,
  parseDate,
  toCalendarDate,
} from '@internationalized/date';

export const MALAYSIA_TIME_ZONE = 'Asia/Kuala_Lumpur';
/** The locale whose date order and clock the desks use: day, month, year; 24 hours. */
export const DESK_LOCALE = 'en-GB';

const calendarDateFormat = new DateFormatter(DESK_LOCALE, {
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  timeZone: 'UTC',
});
const instantDateFormat = new DateFormatter(DESK_LOCALE, {
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  timeZone: MALAYSIA_TIME_ZONE,
});
const instantTimeFormat = new DateFormatter(DESK_LOCALE, {
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
  timeZone: MALAYSIA_TIME_ZONE,
});

/** A calendar date (YYYY-MM-DD) as dd/mm/yyyy. */
export function formatDate(date: string): string {
  return calendarDateFormat.format(parseDate(date).toDate('UTC'));
}

/** The Malaysia date of an instant, dd/mm/yyyy. */
export function formatInstantDate(at: number): string {
  return instantDateFormat.format(new Date(at));
}

/** The Malaysia wall-clock time of an instant, HH:mm on a 24-hour clock. */
export function formatTime(at: number): string {
  return instantTimeFormat.format(new Date(at));
}

/** An instant as dd/mm/yyyy HH:mm, Malaysia time. */
export function formatDateTime(at: number): string {
  return `${formatInstantDate(at)} ${formatTime(at)}`;
}

/** The Malaysia calendar date of an instant. */
export function malaysiaDate(at: number): CalendarDate {
  return toCalendarDate(fromAbsolute(at, MALAYSIA_TIME_ZONE));
}

/** Whole years from `birth` to `on`: a birthday counts from its own day. */
export function ageOn(birth: CalendarDate, on: CalendarDate): number {
  const beforeBirthday = on.month < birth.month || (on.month === birth.month && on.day < birth.day);
  return on.year - birth.year - (beforeBirthday ? 1 : 0);
}
