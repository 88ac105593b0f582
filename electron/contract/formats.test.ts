import { describe, expect, it } from 'vitest';
import { isCalendarDate, isGs1Lot } from './formats';

describe('isCalendarDate', () => {
  it.each(['2024-02-29', '2000-02-29', '2026-12-31', '2026-01-01', '2026-04-30'])(
    'takes %s',
    (date) => expect(isCalendarDate(date)).toBe(true),
  );

  it.each([
    '2026-02-29',
    '1900-02-29',
    '2026-04-31',
    '2026-13-01',
    '2026-00-10',
    '2026-01-00',
    '2026-1-01',
    '26-01-01',
    '2026-01-01T00:00:00Z',
    '',
  ])('refuses %s', (date) => expect(isCalendarDate(date)).toBe(false));
});

describe('isGs1Lot', () => {
  it.each([
    'FN1234',
    'J202106045',
    'ABV5300/A-1',
    'lot_7;b',
    '!"%&\'()*+,-./:;<=>?_',
    'A'.repeat(20),
  ])('takes %s', (lot) => expect(isGs1Lot(lot)).toBe(true));

  it.each([
    '',
    'A'.repeat(21),
    'ALI BIN ABU',
    'LOT#1',
    'LOT@1',
    'LOT\u001d21',
    'SITI\u00c9',
    'FN1234\n',
  ])('refuses %j', (lot) => expect(isGs1Lot(lot)).toBe(false));
});
