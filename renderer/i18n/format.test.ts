import { CalendarDate } from '@internationalized/date';
import { describe, expect, it } from 'vitest';
import { ageOn, formatDate, formatDateTime, formatTime, malaysiaDate } from './format';

describe('Malaysian date and time formats', () => {
  it('writes a calendar date day first', () => {
    expect(formatDate('1990-08-14')).toBe('14/08/1990');
    expect(formatDate('1985-12-04')).toBe('04/12/1985');
  });

  it('shows an instant in Malaysia time on a 24-hour clock, whatever the zone it runs in', () => {
    // 2026-12-07T16:24:00Z is 00:24 on 8 December in Kuala Lumpur (UTC+8).
    const at = Date.UTC(2026, 11, 7, 16, 24);
    expect(formatTime(at)).toBe('00:24');
    expect(formatDateTime(at)).toBe('08/12/2026 00:24');
    expect(formatTime(Date.UTC(2026, 11, 7, 5, 24))).toBe('13:24');
    expect(malaysiaDate(at).toString()).toBe('2026-12-08');
  });

  it('counts age in whole years, the birthday counting from its own day', () => {
    const birth = new CalendarDate(1990, 8, 14);
    expect(ageOn(birth, new CalendarDate(2026, 8, 13))).toBe(35);
    expect(ageOn(birth, new CalendarDate(2026, 8, 14))).toBe(36);
    expect(ageOn(new CalendarDate(1925, 3, 1), new CalendarDate(2026, 12, 7))).toBe(101);
  });
});
