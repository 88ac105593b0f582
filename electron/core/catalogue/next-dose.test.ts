import { describe, expect, it } from 'vitest';
import { addDays } from '../shared/time';
import { defaultCatalogue, nextDoseDue, planNextDose, type PriorDose } from './index';

const TODAY = '2026-12-07';

function dose(productCode: string, doseNumber: number, date: string): PriorDose {
  return { productCode, doseNumber, series: 'primary', date };
}

describe('the next dose the desk shows', () => {
  it('a first dose is due at once', () => {
    expect(nextDoseDue(defaultCatalogue, [], TODAY)).toEqual({
      doseNumber: 1,
      series: 'primary',
      productCode: null,
      earliestDate: null,
      eligibleToday: true,
      thenDueFrom: null,
    });
  });

  it('a second Comirnaty dose waits 21 days, on the same product', () => {
    const next = nextDoseDue(defaultCatalogue, [dose('COMIRNATY', 1, '2026-11-30')], TODAY);
    expect(next).toEqual({
      doseNumber: 2,
      series: 'primary',
      productCode: 'COMIRNATY',
      earliestDate: '2026-12-21',
      eligibleToday: false,
      // Given today, it completes the primary series: a booster 3 months on.
      thenDueFrom: '2027-03-07',
    });
  });

  it('after a single-dose primary series, a booster of any product after 3 months', () => {
    const next = nextDoseDue(defaultCatalogue, [dose('CONVIDECIA', 1, '2026-08-01')], TODAY);
    expect(next).toMatchObject({
      doseNumber: 2,
      series: 'booster',
      productCode: null,
      earliestDate: '2026-11-01',
      eligibleToday: true,
      thenDueFrom: null,
    });
  });

  it.each([
    [[dose('COMIRNATY', 1, '2026-10-01')], 'COMIRNATY'],
    [[dose('VAXZEVRIA', 1, '2026-09-01')], 'VAXZEVRIA'],
    [[dose('CORONAVAC', 1, '2026-11-20')], 'CORONAVAC'],
    [[dose('COMIRNATY', 1, '2026-01-01'), dose('COMIRNATY', 2, '2026-02-01')], 'COMIRNATY'],
  ] as const)(
    'agrees with the rule dose.record applies: refused the day before, allowed on the day (%#)',
    (history, product) => {
      const next = nextDoseDue(defaultCatalogue, history, TODAY);
      const earliest = next.earliestDate ?? TODAY;
      expect(() => planNextDose(defaultCatalogue, history, product, earliest)).not.toThrow();
      expect(() => planNextDose(defaultCatalogue, history, product, addDays(earliest, -1))).toThrow(
        expect.objectContaining({ code: 'DOSE_INTERVAL' }),
      );
    },
  );
});
