import { isGs1Lot, isGs1Serial, isValidGtin } from '../../contract/formats';
import { refuse } from '../shared/errors';
import { addDays, addMonths, daysBetween, isCalendarDate } from '../shared/time';
import type { Catalogue, DosePlan, DoseWarning, IntervalRule, PriorDose, Product } from './types';

export { isValidGtin };

/** Left-pads a GTIN with zeros to 14 digits, the form GTINs are compared in. */
export function gtin14(gtin: string): string {
  return gtin.padStart(14, '0');
}

/** The product a scanned GTIN identifies. Refuses GTIN_CHECK_DIGIT or UNKNOWN_PRODUCT. */
export function findProductByGtin(catalogue: Catalogue, gtin: string): Product {
  if (!isValidGtin(gtin)) refuse('GTIN_CHECK_DIGIT', { gtin });
  const wanted = gtin14(gtin);
  const product = catalogue.products.find((p) => p.gtins.some((g) => gtin14(g) === wanted));
  if (!product) refuse('UNKNOWN_PRODUCT', { gtin });
  return product;
}

export function findProductByCode(catalogue: Catalogue, code: string): Product | undefined {
  return catalogue.products.find((p) => p.code === code);
}

/**
 * Refuses LOT_NOT_GS1 unless `lot` has the shape of a GS1 batch/lot (AI 10), as every vial's code
 * carries it: so a lot cannot be a name or a number with spaces typed in its place. The lot stays
 * out of the message, since it may be just that.
 */
export function assertGs1Lot(lot: string): void {
  if (!isGs1Lot(lot)) refuse('LOT_NOT_GS1');
}

/** Refuses SERIAL_NOT_GS1 unless `serial` has the shape of a GS1 serial (AI 21); the same care. */
export function assertGs1Serial(serial: string): void {
  if (!isGs1Serial(serial)) refuse('SERIAL_NOT_GS1');
}

/** A lot is usable through its expiry date inclusive: expired only when `date` is after `expiry`. */
export function lotExpiredOn(expiry: string, date: string): boolean {
  return date > expiry;
}

/** Refuses VIAL_EXPIRED when the lot is expired on `date` (Malaysia calendar date of administration). */
export function assertLotUsable(lot: string, expiry: string, date: string): void {
  assertDate('expiry', expiry);
  assertDate('date', date);
  if (lotExpiredOn(expiry, date)) refuse('VIAL_EXPIRED', { lot, expiry });
}

/**
 * The interval rule in force on `date`: among rules for this series whose product matches (a rule
 * with `productCode: null` matches any product) and whose dose number matches (`null` matches any),
 * the one with the latest `effectiveFrom` on or before `date`. On equal dates a product-specific
 * rule wins over a generic one, then the later entry in the list.
 */
export function ruleInForce(
  rules: readonly IntervalRule[],
  productCode: string,
  series: 'primary' | 'booster',
  doseNumber: number | null,
  date: string,
): IntervalRule | null {
  let best: IntervalRule | null = null;
  for (const rule of rules) {
    if (rule.series !== series) continue;
    if (rule.productCode !== null && rule.productCode !== productCode) continue;
    if (rule.doseNumber !== null && rule.doseNumber !== doseNumber) continue;
    if (rule.effectiveFrom > date) continue;
    if (
      best === null ||
      rule.effectiveFrom > best.effectiveFrom ||
      (rule.effectiveFrom === best.effectiveFrom &&
        (rule.productCode !== null || best.productCode === null))
    ) {
      best = rule;
    }
  }
  return best;
}

/**
 * The dose a recipient with `history` (their effective doses, any order) would receive with
 * `productCode` on `date`, or a refusal: UNKNOWN_PRODUCT, PRODUCT_MISMATCH, PRODUCT_NOT_BOOSTER,
 * DOSE_INTERVAL. An interval above a rule's advisory maximum is a warning, never a refusal.
 */
export function planNextDose(
  catalogue: Catalogue,
  history: readonly PriorDose[],
  productCode: string,
  date: string,
): DosePlan {
  assertDate('date', date);
  const product = findProductByCode(catalogue, productCode);
  if (!product) refuse('UNKNOWN_PRODUCT', { gtin: productCode });

  const doses = [...history].sort(
    (a, b) => a.doseNumber - b.doseNumber || (a.date < b.date ? -1 : a.date > b.date ? 1 : 0),
  );
  const doseNumber = doses.length + 1;
  const first = doses[0];
  const previous = doses[doses.length - 1];
  if (!first || !previous) return { doseNumber, series: 'primary', warnings: [] };

  const seriesProduct = findProductByCode(catalogue, first.productCode);
  if (!seriesProduct) refuse('UNKNOWN_PRODUCT', { gtin: first.productCode });

  let rule: IntervalRule | null;
  let series: 'primary' | 'booster';
  if (doses.length < seriesProduct.primaryDoses) {
    series = 'primary';
    if (product.code !== seriesProduct.code) {
      refuse('PRODUCT_MISMATCH', { expected: seriesProduct.name, given: product.name });
    }
    rule = ruleInForce(catalogue.intervalRules, product.code, 'primary', doseNumber, date);
  } else {
    series = 'booster';
    if (!product.boosterApproved) refuse('PRODUCT_NOT_BOOSTER', { given: product.name });
    rule = ruleInForce(catalogue.intervalRules, product.code, 'booster', null, date);
  }

  const days = daysBetween(previous.date, date);
  if (days < 0) {
    // A dose cannot precede the one before it, whatever the rules say.
    refuse('DOSE_INTERVAL', { earliest: previous.date, minimum: '0 hari', minimumEn: '0 days' });
  }

  const warnings: DoseWarning[] = [];
  if (rule) {
    const earliest = earliestUnder(rule, previous.date);
    if (date < earliest) refuse('DOSE_INTERVAL', { earliest, ...minimumText(rule) });
    if (rule.maxDays !== null && days > rule.maxDays) {
      warnings.push({ code: 'INTERVAL_ABOVE_MAXIMUM', maxDays: rule.maxDays, days });
    }
  }
  return { doseNumber, series, warnings };
}

/** The first date a dose may be given after one given on `previousDate`, under `rule`. */
export function earliestUnder(rule: IntervalRule, previousDate: string): string {
  if (rule.minMonths !== null) return addMonths(previousDate, rule.minMonths);
  return addDays(previousDate, rule.minDays ?? 0);
}

function minimumText(rule: IntervalRule): { minimum: string; minimumEn: string } {
  if (rule.minMonths !== null) {
    const n = rule.minMonths;
    return { minimum: `${n} bulan`, minimumEn: `${n} ${n === 1 ? 'month' : 'months'}` };
  }
  const n = rule.minDays ?? 0;
  return { minimum: `${n} hari`, minimumEn: `${n} ${n === 1 ? 'day' : 'days'}` };
}

function assertDate(field: string, value: string): void {
  if (!isCalendarDate(value))
    refuse('INVALID_INPUT', { issues: `${field}: not a YYYY-MM-DD date` });
}

/** When a recipient's next dose is due, as the registration desk shows it. */
export interface NextDose {
  doseNumber: number;
  series: 'primary' | 'booster';
  /** The primary series' product; `null` for a first dose or a booster (any approved product). */
  productCode: string | null;
  /** The first Malaysia date the next dose may be given; `null` when nothing holds it back. */
  earliestDate: string | null;
  /** Whether `today` is on or after `earliestDate`. */
  eligibleToday: boolean;
  /**
   * When the product is known (`productCode`): the first date of the dose after this one, if this
   * one is given today. `null` when the product is chosen at the station.
   */
  thenDueFrom: string | null;
}

/**
 * The next dose for a recipient with `history` (their effective doses), under the interval rule in
 * force `today`: the same rule `planNextDose` applies when the dose is recorded. A booster is timed
 * by the rules for any product (a product-specific booster rule applies once the product is known).
 */
export function nextDoseDue(
  catalogue: Catalogue,
  history: readonly PriorDose[],
  today: string,
): NextDose {
  assertDate('today', today);
  const doses = [...history].sort(
    (a, b) => a.doseNumber - b.doseNumber || (a.date < b.date ? -1 : a.date > b.date ? 1 : 0),
  );
  const doseNumber = doses.length + 1;
  const first = doses[0];
  const previous = doses[doses.length - 1];
  if (!first || !previous) {
    return {
      doseNumber,
      series: 'primary',
      productCode: null,
      earliestDate: null,
      eligibleToday: true,
      thenDueFrom: null,
    };
  }
  const seriesProduct = findProductByCode(catalogue, first.productCode);
  const primary = seriesProduct !== undefined && doses.length < seriesProduct.primaryDoses;
  const rule = primary
    ? ruleInForce(catalogue.intervalRules, first.productCode, 'primary', doseNumber, today)
    : ruleInForce(
        catalogue.intervalRules.filter((r) => r.productCode === null),
        '',
        'booster',
        null,
        today,
      );
  const earliestDate = rule ? earliestUnder(rule, previous.date) : previous.date;
  const series = primary ? 'primary' : 'booster';
  const productCode = primary ? first.productCode : null;
  const givenToday: PriorDose | null = productCode
    ? { productCode, doseNumber, series, date: today }
    : null;
  return {
    doseNumber,
    series,
    productCode,
    earliestDate,
    eligibleToday: today >= earliestDate,
    thenDueFrom: givenToday
      ? nextDoseDue(catalogue, [...doses, givenToday], today).earliestDate
      : null,
  };
}
