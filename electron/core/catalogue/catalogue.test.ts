import { describe, expect, it } from 'vitest';
import { DomainError } from '../shared/errors';
import {
  assertLotUsable,
  defaultCatalogue,
  findProductByGtin,
  gtin14,
  isValidGtin,
  lotExpiredOn,
  planNextDose,
  ruleInForce,
  type IntervalRule,
  type PriorDose,
} from './index';

function refusal(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

const rules = defaultCatalogue.intervalRules;

function dose(
  productCode: string,
  doseNumber: number,
  date: string,
  series: 'primary' | 'booster' = 'primary',
): PriorDose {
  return { productCode, doseNumber, series, date };
}

describe('GTINs', () => {
  it('verifies the GS1 check digit', () => {
    expect(isValidGtin('4006381333931')).toBe(true); // GS1's GTIN-13 example
    expect(isValidGtin('4006381333932')).toBe(false);
    expect(isValidGtin('04006381333931')).toBe(true);
    expect(isValidGtin('96385074')).toBe(true); // GTIN-8
    expect(isValidGtin('96385075')).toBe(false);
    expect(isValidGtin('036000291452')).toBe(true); // GTIN-12 (UPC-A)
    expect(isValidGtin('036000291453')).toBe(false);
  });

  it('refuses wrong lengths and non-digits', () => {
    expect(isValidGtin('')).toBe(false);
    expect(isValidGtin('400638133393')).toBe(false); // 12 digits, wrong check digit for UPC
    expect(isValidGtin('12345678901')).toBe(false); // 11 digits
    expect(isValidGtin('004006381333931')).toBe(false); // 15 digits
    expect(isValidGtin('400638133393a')).toBe(false);
    expect(isValidGtin(' 4006381333931')).toBe(false);
  });

  it('pads to GTIN-14', () => {
    expect(gtin14('4006381333931')).toBe('04006381333931');
    expect(gtin14('96385074')).toBe('00000096385074');
    expect(gtin14('04006381333931')).toBe('04006381333931');
  });

  it('ships valid, unique default GTINs', () => {
    const all = defaultCatalogue.products.flatMap((p) => p.gtins.map(gtin14));
    expect(all.length).toBe(defaultCatalogue.products.length * 2);
    for (const g of all) expect(isValidGtin(g), g).toBe(true);
    expect(new Set(all).size).toBe(all.length);
  });

  it('finds a product by GTIN, comparing as GTIN-14', () => {
    expect(findProductByGtin(defaultCatalogue, '00200000000011').code).toBe('COMIRNATY');
    expect(findProductByGtin(defaultCatalogue, '200000000219').code).toBe('VAXZEVRIA');
    expect(findProductByGtin(defaultCatalogue, '0200000000325').code).toBe('CONVIDECIA');
  });

  it('refuses a bad check digit and an unknown GTIN', () => {
    const bad = refusal(() => findProductByGtin(defaultCatalogue, '00200000000012'));
    expect(bad.code).toBe('GTIN_CHECK_DIGIT');
    expect(bad.params).toEqual({ gtin: '00200000000012' });
    const unknown = refusal(() => findProductByGtin(defaultCatalogue, '4006381333931'));
    expect(unknown.code).toBe('UNKNOWN_PRODUCT');
    expect(unknown.params).toEqual({ gtin: '4006381333931' });
  });
});

describe('lot expiry', () => {
  it('is usable through its expiry date inclusive', () => {
    expect(lotExpiredOn('2021-09-30', '2021-09-29')).toBe(false);
    expect(lotExpiredOn('2021-09-30', '2021-09-30')).toBe(false);
    expect(lotExpiredOn('2021-09-30', '2021-10-01')).toBe(true);
    expect(() => assertLotUsable('FF1234', '2021-09-30', '2021-09-30')).not.toThrow();
  });

  it('refuses an expired lot with VIAL_EXPIRED', () => {
    const error = refusal(() => assertLotUsable('FF1234', '2021-09-30', '2021-10-01'));
    expect(error.code).toBe('VIAL_EXPIRED');
    expect(error.params).toEqual({ lot: 'FF1234', expiry: '2021-09-30' });
  });

  it('refuses malformed dates', () => {
    expect(refusal(() => assertLotUsable('L', '2021-02-30', '2021-01-01')).code).toBe(
      'INVALID_INPUT',
    );
  });
});

describe('default rules in force', () => {
  const minDays = (code: string, date: string): number | null | undefined =>
    ruleInForce(rules, code, 'primary', 2, date)?.minDays;

  it('Comirnaty dose 2: 21 days from 2021-02-24', () => {
    expect(ruleInForce(rules, 'COMIRNATY', 'primary', 2, '2021-02-23')).toBeNull();
    expect(minDays('COMIRNATY', '2021-02-24')).toBe(21);
    expect(minDays('COMIRNATY', '2023-01-01')).toBe(21);
  });

  it('CoronaVac dose 2: 14 days from 2021-03-01, 14–28 from 2021-07-01', () => {
    expect(ruleInForce(rules, 'CORONAVAC', 'primary', 2, '2021-02-28')).toBeNull();
    const march = ruleInForce(rules, 'CORONAVAC', 'primary', 2, '2021-06-30');
    expect(march?.minDays).toBe(14);
    expect(march?.maxDays).toBeNull();
    const july = ruleInForce(rules, 'CORONAVAC', 'primary', 2, '2021-07-01');
    expect(july?.minDays).toBe(14);
    expect(july?.maxDays).toBe(28);
  });

  it('Vaxzevria dose 2: 84, then 63, then 42 days', () => {
    expect(ruleInForce(rules, 'VAXZEVRIA', 'primary', 2, '2021-04-30')).toBeNull();
    expect(minDays('VAXZEVRIA', '2021-05-01')).toBe(84);
    expect(minDays('VAXZEVRIA', '2021-06-30')).toBe(84);
    expect(minDays('VAXZEVRIA', '2021-07-01')).toBe(63);
    expect(minDays('VAXZEVRIA', '2021-09-30')).toBe(63);
    expect(minDays('VAXZEVRIA', '2021-10-01')).toBe(42);
  });

  it('Convidecia has no primary interval rule (single dose)', () => {
    expect(ruleInForce(rules, 'CONVIDECIA', 'primary', 2, '2022-01-01')).toBeNull();
    expect(defaultCatalogue.products.find((p) => p.code === 'CONVIDECIA')?.primaryDoses).toBe(1);
  });

  it('booster, any product: 6 months from 2021-10-13, 3 months from 2021-12-28', () => {
    expect(ruleInForce(rules, 'COMIRNATY', 'booster', null, '2021-10-12')).toBeNull();
    expect(ruleInForce(rules, 'COMIRNATY', 'booster', null, '2021-10-13')?.minMonths).toBe(6);
    expect(ruleInForce(rules, 'CORONAVAC', 'booster', null, '2021-12-27')?.minMonths).toBe(6);
    expect(ruleInForce(rules, 'VAXZEVRIA', 'booster', null, '2021-12-28')?.minMonths).toBe(3);
  });

  it('each rule sets exactly one of minDays / minMonths and has a source', () => {
    for (const rule of rules) {
      expect((rule.minDays === null) !== (rule.minMonths === null), rule.id).toBe(true);
      expect(rule.source.length, rule.id).toBeGreaterThan(0);
      expect(rule.effectiveFrom).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
    expect(new Set(rules.map((r) => r.id)).size).toBe(rules.length);
  });

  it('prefers a product-specific rule over a generic one of the same date', () => {
    const specific: IntervalRule = {
      id: 'S',
      productCode: 'COMIRNATY',
      series: 'primary',
      doseNumber: 2,
      minDays: 30,
      minMonths: null,
      maxDays: null,
      effectiveFrom: '2021-06-01',
      source: 'test',
    };
    const generic: IntervalRule = { ...specific, id: 'G', productCode: null, minDays: 10 };
    expect(ruleInForce([specific, generic], 'COMIRNATY', 'primary', 2, '2022-01-01')?.id).toBe('S');
    expect(ruleInForce([generic, specific], 'COMIRNATY', 'primary', 2, '2022-01-01')?.id).toBe('S');
    expect(ruleInForce([generic, specific], 'CORONAVAC', 'primary', 2, '2022-01-01')?.id).toBe('G');
  });
});

describe('planNextDose', () => {
  it('plans a first dose as primary dose 1', () => {
    expect(planNextDose(defaultCatalogue, [], 'CONVIDECIA', '2021-08-01')).toEqual({
      doseNumber: 1,
      series: 'primary',
      warnings: [],
    });
  });

  it('allows the second dose exactly at the minimum and refuses one day short', () => {
    const history = [dose('COMIRNATY', 1, '2021-08-01')];
    expect(planNextDose(defaultCatalogue, history, 'COMIRNATY', '2021-08-22')).toEqual({
      doseNumber: 2,
      series: 'primary',
      warnings: [],
    });
    const error = refusal(() => planNextDose(defaultCatalogue, history, 'COMIRNATY', '2021-08-21'));
    expect(error.code).toBe('DOSE_INTERVAL');
    expect(error.params).toEqual({
      earliest: '2021-08-22',
      minimum: '21 hari',
      minimumEn: '21 days',
    });
  });

  it('applies the rule in force on the later dose date', () => {
    // Dose 1 on 2021-05-15 (84-day rule then); dose 2 on 2021-07-17 is 63 days later, under the July rule.
    const history = [dose('VAXZEVRIA', 1, '2021-05-15')];
    expect(planNextDose(defaultCatalogue, history, 'VAXZEVRIA', '2021-07-17').doseNumber).toBe(2);
    const error = refusal(() => planNextDose(defaultCatalogue, history, 'VAXZEVRIA', '2021-07-16'));
    expect(error.code).toBe('DOSE_INTERVAL');
    expect(error.params['earliest']).toBe('2021-07-17');
    // On 2021-06-30 the 84-day rule still applies.
    const june = refusal(() =>
      planNextDose(
        defaultCatalogue,
        [dose('VAXZEVRIA', 1, '2021-04-01')],
        'VAXZEVRIA',
        '2021-06-23',
      ),
    );
    expect(june.params['earliest']).toBe('2021-06-24');
  });

  it('counts booster months on the calendar, clamping to the month end', () => {
    const history = [dose('COMIRNATY', 1, '2021-08-10'), dose('COMIRNATY', 2, '2021-08-31')];
    // 6-month rule is in force through 2021-12-27; 3-month rule from 2021-12-28 would allow 2021-11-30.
    // Use a catalogue with only the 6-month rule to test the clamp: 2021-08-31 + 6 months = 2022-02-28.
    const sixMonths = {
      ...defaultCatalogue,
      intervalRules: rules.filter((r) => r.id !== 'BOOSTER-2021-12-28'),
    };
    const error = refusal(() => planNextDose(sixMonths, history, 'COMIRNATY', '2022-02-27'));
    expect(error.code).toBe('DOSE_INTERVAL');
    expect(error.params).toEqual({
      earliest: '2022-02-28',
      minimum: '6 bulan',
      minimumEn: '6 months',
    });
    expect(planNextDose(sixMonths, history, 'COMIRNATY', '2022-02-28')).toEqual({
      doseNumber: 3,
      series: 'booster',
      warnings: [],
    });
  });

  it('switches to the 3-month booster rule on 2021-12-28', () => {
    const history = [dose('CORONAVAC', 1, '2021-08-01'), dose('CORONAVAC', 2, '2021-08-30')];
    // On 2021-12-27 the 6-month rule applies: earliest 2022-02-28.
    const before = refusal(() =>
      planNextDose(defaultCatalogue, history, 'CORONAVAC', '2021-12-27'),
    );
    expect(before.params['earliest']).toBe('2022-02-28');
    // From 2021-12-28 the 3-month rule applies: 2021-11-30 has passed.
    expect(planNextDose(defaultCatalogue, history, 'COMIRNATY', '2021-12-28').series).toBe(
      'booster',
    );
  });

  it('gives a booster after a Convidecia single dose', () => {
    const history = [dose('CONVIDECIA', 1, '2021-09-01')];
    expect(planNextDose(defaultCatalogue, history, 'COMIRNATY', '2022-03-01')).toEqual({
      doseNumber: 2,
      series: 'booster',
      warnings: [],
    });
    const early = refusal(() => planNextDose(defaultCatalogue, history, 'COMIRNATY', '2021-11-30'));
    expect(early.code).toBe('DOSE_INTERVAL');
    // On 2021-11-30 the 6-month rule is in force: 2021-09-01 + 6 months.
    expect(early.params['earliest']).toBe('2022-03-01');
    // From 2021-12-28 the 3-month rule is in force: 2021-12-01 has passed.
    expect(planNextDose(defaultCatalogue, history, 'VAXZEVRIA', '2021-12-28').series).toBe(
      'booster',
    );
  });

  it('refuses a booster of a product not approved as a booster', () => {
    const history = [dose('COMIRNATY', 1, '2021-06-01'), dose('COMIRNATY', 2, '2021-06-22')];
    const error = refusal(() =>
      planNextDose(defaultCatalogue, history, 'CONVIDECIA', '2022-01-10'),
    );
    expect(error.code).toBe('PRODUCT_NOT_BOOSTER');
    expect(error.params).toEqual({ given: 'Convidecia' });
  });

  it('refuses a mixed primary series', () => {
    const history = [dose('CORONAVAC', 1, '2021-08-01')];
    const error = refusal(() => planNextDose(defaultCatalogue, history, 'COMIRNATY', '2021-09-01'));
    expect(error.code).toBe('PRODUCT_MISMATCH');
    expect(error.params).toEqual({ expected: 'CoronaVac', given: 'Comirnaty' });
  });

  it('warns, never refuses, when CoronaVac dose 2 is above 28 days', () => {
    const history = [dose('CORONAVAC', 1, '2021-07-01')];
    expect(planNextDose(defaultCatalogue, history, 'CORONAVAC', '2021-07-29').warnings).toEqual([]);
    expect(planNextDose(defaultCatalogue, history, 'CORONAVAC', '2021-08-10')).toEqual({
      doseNumber: 2,
      series: 'primary',
      warnings: [{ code: 'INTERVAL_ABOVE_MAXIMUM', maxDays: 28, days: 40 }],
    });
    const early = refusal(() => planNextDose(defaultCatalogue, history, 'CORONAVAC', '2021-07-14'));
    expect(early.code).toBe('DOSE_INTERVAL');
    expect(early.params['earliest']).toBe('2021-07-15');
  });

  it('numbers doses across products, history in any order, boosters unlimited', () => {
    const history = [
      dose('COMIRNATY', 3, '2022-01-10', 'booster'),
      dose('VAXZEVRIA', 1, '2021-07-01'),
      dose('VAXZEVRIA', 2, '2021-09-02'),
    ];
    // Interval measured from the last dose (the first booster, 2022-01-10): 3 months → 2022-04-10.
    const early = refusal(() => planNextDose(defaultCatalogue, history, 'CORONAVAC', '2022-04-09'));
    expect(early.params['earliest']).toBe('2022-04-10');
    expect(planNextDose(defaultCatalogue, history, 'CORONAVAC', '2022-04-10')).toEqual({
      doseNumber: 4,
      series: 'booster',
      warnings: [],
    });
    const more = [...history, dose('CORONAVAC', 4, '2022-04-10', 'booster')];
    expect(planNextDose(defaultCatalogue, more, 'VAXZEVRIA', '2022-08-01').doseNumber).toBe(5);
  });

  it('does not check intervals where no rule is in force', () => {
    const history = [dose('COMIRNATY', 1, '2021-01-01')];
    expect(planNextDose(defaultCatalogue, history, 'COMIRNATY', '2021-01-05').doseNumber).toBe(2);
  });

  it('refuses a dose dated before the previous one', () => {
    const history = [dose('COMIRNATY', 1, '2021-01-10')];
    const error = refusal(() => planNextDose(defaultCatalogue, history, 'COMIRNATY', '2021-01-05'));
    expect(error.code).toBe('DOSE_INTERVAL');
    expect(error.params['earliest']).toBe('2021-01-10');
  });

  it('refuses an unknown product code', () => {
    const error = refusal(() => planNextDose(defaultCatalogue, [], 'SPUTNIK', '2021-08-01'));
    expect(error.code).toBe('UNKNOWN_PRODUCT');
    expect(error.params).toEqual({ gtin: 'SPUTNIK' });
  });
});
