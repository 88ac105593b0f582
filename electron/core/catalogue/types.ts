/** A vaccine product as the PPV stocks it, mapped to its national MyVAS catalogue code. */
export interface Product {
  /** National catalogue code: `COMIRNATY`, `CORONAVAC`, `VAXZEVRIA`, `CONVIDECIA` (more may be added). */
  code: string;
  name: string;
  manufacturer: string;
  dosesPerVial: number;
  /** Doses in the primary series (1 for a single-dose vaccine). */
  primaryDoses: number;
  boosterApproved: boolean;
  /** GS1 GTINs that identify this product's vials (8, 12, 13 or 14 digits; compared as GTIN-14). */
  gtins: string[];
}

/** A minimum (and optionally advisory maximum) interval, versioned by the date it takes effect. */
export interface IntervalRule {
  id: string;
  /** `null` = any product (booster rules). */
  productCode: string | null;
  series: 'primary' | 'booster';
  /** Primary: the dose this rule is for (2 = second dose). Booster: `null`. */
  doseNumber: number | null;
  /** Exactly one of `minDays` / `minMonths` is set. */
  minDays: number | null;
  minMonths: number | null;
  /** Advisory only: exceeding it gives a warning, never a refusal. */
  maxDays: number | null;
  /** YYYY-MM-DD, Malaysia calendar date. */
  effectiveFrom: string;
  /** Short citation text. */
  source: string;
}

export interface Catalogue {
  products: Product[];
  intervalRules: IntervalRule[];
}

/** One of the recipient's effective (not voided) doses. */
export interface PriorDose {
  productCode: string;
  doseNumber: number;
  series: 'primary' | 'booster';
  /** Malaysia calendar date administered, YYYY-MM-DD. */
  date: string;
}

export interface DoseWarning {
  code: 'INTERVAL_ABOVE_MAXIMUM';
  maxDays: number;
  days: number;
}

export interface DosePlan {
  doseNumber: number;
  series: 'primary' | 'booster';
  warnings: DoseWarning[];
}
