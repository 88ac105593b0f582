import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkJpnNumber, earliestBirthDate, isPossibleBirthDate } from './documents';
import { isCalendarDate } from './formats';

const TODAY = '2026-03-02';

describe('checkJpnNumber', () => {
  it('reads a number’s birth date, sex and place', () => {
    expect(checkJpnNumber('900514145001', TODAY)).toEqual({
      ok: true,
      facts: {
        birthDate: '1990-05-14',
        birthDateAlternative: null,
        sex: 'M',
        placeCode: '14',
        checkDigitHolds: false,
      },
    });
  });

  it('names the part that is wrong: 31 February, a month 13, place code 00', () => {
    expect(checkJpnNumber('900231145001', TODAY)).toEqual({
      ok: false,
      code: 'IDENTITY_BIRTH_DATE',
      params: { part: '900231' },
    });
    expect(checkJpnNumber('901301145001', TODAY)).toMatchObject({ params: { part: '901301' } });
    expect(checkJpnNumber('900514005001', TODAY)).toEqual({
      ok: false,
      code: 'IDENTITY_PLACE_CODE',
      params: { part: '00' },
    });
  });

  it('refuses a birth date after today in both centuries', () => {
    expect(checkJpnNumber('991231145001', '1999-06-01')).toMatchObject({
      ok: false,
      code: 'IDENTITY_BIRTH_DATE',
    });
  });

  it('never suggests a birth date outside the possible ones (property)', () => {
    const digits = fc.stringMatching(/^\d{12}$/);
    fc.assert(
      fc.property(digits, (number) => {
        const checked = checkJpnNumber(number, TODAY);
        if (!checked.ok) return;
        expect(isPossibleBirthDate(checked.facts.birthDate, TODAY)).toBe(true);
        const other = checked.facts.birthDateAlternative;
        if (other !== null) expect(isPossibleBirthDate(other, TODAY)).toBe(true);
        expect(checked.facts.birthDate.slice(2).replaceAll('-', '')).toBe(number.slice(0, 6));
      }),
      { numRuns: 20000 },
    );
  });
});

describe('birth date bounds', () => {
  it('are today and 130 years before it', () => {
    expect(earliestBirthDate(TODAY)).toBe('1896-03-02');
    expect(isPossibleBirthDate('1896-03-02', TODAY)).toBe(true);
    expect(isPossibleBirthDate('1896-03-01', TODAY)).toBe(false);
    expect(isPossibleBirthDate(TODAY, TODAY)).toBe(true);
    expect(isPossibleBirthDate('2026-03-03', TODAY)).toBe(false);
    expect(isPossibleBirthDate('2026-02-30', TODAY)).toBe(false);
    // 29 February 130 years before a 29 February: the string comparison needs no real date there.
    expect(isCalendarDate(earliestBirthDate('2024-02-29'))).toBe(false);
    expect(isPossibleBirthDate('1894-03-01', '2024-02-29')).toBe(true);
    expect(isPossibleBirthDate('1894-02-28', '2024-02-29')).toBe(false);
  });
});
