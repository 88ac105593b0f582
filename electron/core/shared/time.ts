export { isCalendarDate } from '../../contract/formats';

/** Malaysia has used UTC+08:00 all year since 1982; no daylight saving. */
const MALAYSIA_OFFSET_MS = 8 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

/** Calendar date (YYYY-MM-DD) in Malaysia time of an instant. */
export function malaysiaDate(epochMs: number): string {
  return new Date(epochMs + MALAYSIA_OFFSET_MS).toISOString().slice(0, 10);
}

/** RFC 3339 with the +08:00 offset, second precision, as MyVAS records carry it. */
export function malaysiaTimestamp(epochMs: number): string {
  const shifted = new Date(Math.floor(epochMs / 1000) * 1000 + MALAYSIA_OFFSET_MS);
  return `${shifted.toISOString().slice(0, 19)}+08:00`;
}

/** Malaysia-time wall display, `YYYY-MM-DD HH:MM`. */
export function malaysiaDisplay(epochMs: number): string {
  return new Date(epochMs + MALAYSIA_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');
}

/** The instant of midnight (start) of a Malaysia calendar date. */
export function malaysiaMidnight(date: string): number {
  return Date.parse(`${date}T00:00:00Z`) - MALAYSIA_OFFSET_MS;
}

/** Whole calendar days from `from` to `to` (both YYYY-MM-DD). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Adds calendar months; a day past the target month's end becomes its last day (31 Aug + 6 → 28/29 Feb). */
export function addMonths(date: string, months: number): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const targetMonthIndex = year * 12 + (month - 1) + months;
  const targetYear = Math.floor(targetMonthIndex / 12);
  const targetMonth = (targetMonthIndex % 12) + 1;
  const lastDay = new Date(Date.UTC(targetYear, targetMonth, 0)).getUTCDate();
  return `${String(targetYear).padStart(4, '0')}-${String(targetMonth).padStart(2, '0')}-${String(Math.min(day, lastDay)).padStart(2, '0')}`;
}

/** Whole years from a birth date (YYYY-MM-DD) to `date`: one more on each birthday. */
export function ageOn(birthDate: string, date: string): number {
  const years = Number(date.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return date.slice(5) < birthDate.slice(5) ? years - 1 : years;
}
