import type { AppDatabase } from '../../../db/open';
import type { Catalogue, IntervalRule, Product } from './types';
import { gtin14 } from './rules';

/**
 * The catalogue lives in the database as data. On first open it is filled from the defaults; after
 * that the database is the source, read once and kept in memory.
 */
export function createCatalogueStore(db: AppDatabase) {
  let cached: Catalogue | null = null;

  function isEmpty(): boolean {
    return !db.sqlite.prepare('SELECT 1 FROM products LIMIT 1').get();
  }

  function seed(catalogue: Catalogue): void {
    const insertProduct = db.sqlite.prepare(
      'INSERT INTO products (code, name, manufacturer, doses_per_vial, primary_doses, booster_approved) VALUES (?, ?, ?, ?, ?, ?)',
    );
    const insertGtin = db.sqlite.prepare(
      'INSERT INTO product_gtins (gtin, product_code) VALUES (?, ?)',
    );
    const insertRule = db.sqlite.prepare(
      'INSERT INTO interval_rules (id, product_code, series, dose_number, min_days, min_months, max_days, effective_from, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    for (const product of catalogue.products) {
      insertProduct.run(
        product.code,
        product.name,
        product.manufacturer,
        product.dosesPerVial,
        product.primaryDoses,
        product.boosterApproved ? 1 : 0,
      );
      for (const gtin of product.gtins) insertGtin.run(gtin14(gtin), product.code);
    }
    for (const rule of catalogue.intervalRules) {
      insertRule.run(
        rule.id,
        rule.productCode,
        rule.series,
        rule.doseNumber,
        rule.minDays,
        rule.minMonths,
        rule.maxDays,
        rule.effectiveFrom,
        rule.source,
      );
    }
    cached = null;
  }

  function load(): Catalogue {
    if (cached) return cached;
    const gtins = db.sqlite
      .prepare<[], { gtin: string; product_code: string }>(
        'SELECT gtin, product_code FROM product_gtins ORDER BY gtin',
      )
      .all();
    const products: Product[] = db.sqlite
      .prepare<
        [],
        {
          code: string;
          name: string;
          manufacturer: string;
          doses_per_vial: number;
          primary_doses: number;
          booster_approved: number;
        }
      >('SELECT * FROM products ORDER BY code')
      .all()
      .map((row) => ({
        code: row.code,
        name: row.name,
        manufacturer: row.manufacturer,
        dosesPerVial: row.doses_per_vial,
        primaryDoses: row.primary_doses,
        boosterApproved: row.booster_approved === 1,
        gtins: gtins.filter((g) => g.product_code === row.code).map((g) => g.gtin),
      }));
    const intervalRules: IntervalRule[] = db.sqlite
      .prepare<
        [],
        {
          id: string;
          product_code: string | null;
          series: 'primary' | 'booster';
          dose_number: number | null;
          min_days: number | null;
          min_months: number | null;
          max_days: number | null;
          effective_from: string;
          source: string;
        }
      >('SELECT * FROM interval_rules ORDER BY effective_from, id')
      .all()
      .map((row) => ({
        id: row.id,
        productCode: row.product_code,
        series: row.series,
        doseNumber: row.dose_number,
        minDays: row.min_days,
        minMonths: row.min_months,
        maxDays: row.max_days,
        effectiveFrom: row.effective_from,
        source: row.source,
      }));
    cached = { products, intervalRules };
    return cached;
  }

  /** Adds a GTIN to a product; the next load sees it. */
  function attachGtin(gtin: string, productCode: string): void {
    db.sqlite
      .prepare('INSERT INTO product_gtins (gtin, product_code) VALUES (?, ?)')
      .run(gtin14(gtin), productCode);
    cached = null;
  }

  return { isEmpty, seed, load, attachGtin };
}

export type CatalogueStore = ReturnType<typeof createCatalogueStore>;
